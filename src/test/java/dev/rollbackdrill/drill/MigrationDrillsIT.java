package dev.rollbackdrill.drill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollbackdrill.cli.Main;
import dev.rollbackdrill.cluster.ClusterHandle;
import dev.rollbackdrill.database.Database;
import dev.rollbackdrill.database.DrillDatabase;
import dev.rollbackdrill.history.DrillRecord;
import dev.rollbackdrill.history.DrillRecord.Verdict;
import dev.rollbackdrill.kube.Rollouts;
import dev.rollbackdrill.scenario.Scenario;
import dev.rollbackdrill.scenario.ScenarioLoader;
import dev.rollbackdrill.testing.DrillCli;
import dev.rollbackdrill.testing.OnLocalCluster;
import dev.rollbackdrill.testing.Scenarios;
import dev.rollbackdrill.testing.TestNamespace;
import dev.rollbackdrill.timing.Ticker;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two migration drills of the examples on the real cluster and the throwaway PostgreSQL, and
 * the ways a database can go wrong before anything changes: the rename ends FORWARD_ONLY naming
 * the statement, the expand/contract twin passes, and after both the database is as found; a
 * migration that fails halfway, an unreachable server and wrong credentials change nothing.
 */
@OnLocalCluster
class MigrationDrillsIT {

  private final List<String> progress = new ArrayList<>();
  private final List<DrillDatabase> databases = new ArrayList<>();

  @TempDir Path dir;

  @AfterEach
  void dropTheDrillsDatabases() throws Exception {
    for (DrillDatabase db : databases) {
      Database own = db.database();
      Database server = new Database(own.url().substring(0, own.url().lastIndexOf('/') + 1) + "demo", own.user(), own.password());
      try (Connection c = server.connect(); Statement s = c.createStatement()) {
        s.execute("DROP DATABASE IF EXISTS " + db.ownName() + " WITH (FORCE)");
      }
    }
  }

  private DrillRecord run(ClusterHandle cluster, KubernetesClient client, Scenario s) {
    databases.add(DrillDatabase.of(s.database(), client, s.target().namespace()));
    DrillListener listener = new DrillListener() {
      @Override
      public void phaseEnded(String drill, String phase, long nanos, String detail) {
        progress.add(phase + " " + detail);
        System.out.println("  " + drill + " " + phase + " " + nanos / 1_000_000 + " ms " + detail);
      }

      @Override
      public void note(String drill, String message) {
        progress.add(message);
        System.out.println("  " + drill + " " + message);
      }
    };
    return new DrillRunner(cluster, client, Clock.systemUTC(), Ticker.system(), listener).run(s, 1, "migration-drills-it")
        .record();
  }

  private static List<String> columns(DrillDatabase db) throws Exception {
    List<String> out = new ArrayList<>();
    try (Connection c = db.database().connect(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT column_name FROM information_schema.columns WHERE table_name = 'users'"
            + " ORDER BY ordinal_position")) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  private static void assertBackOnKnownGood(KubernetesClient client, TestNamespace ns, DrillRecord r) {
    Deployment d = client.apps().deployments().inNamespace(ns.name()).withName("demo").get();
    assertThat(Rollouts.complete(d)).isTrue();
    assertThat(d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo(r.knownGood().image());
    assertThat(d.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
        .singleElement().satisfies(e -> assertThat(e.getValue()).isEqualTo("email"));
  }

  @Test
  void theRenameIsForwardOnlyNamingTheStatementAndTheDatabaseIsPutBack(ClusterHandle cluster, KubernetesClient client,
      TestNamespace ns) throws Exception {
    Scenario s = Scenarios.example("migration-rename", ns);
    DrillRecord r = run(cluster, client, s);

    assertThat(r.verdict()).as(r.reason()).isEqualTo(Verdict.FORWARD_ONLY);
    assertThat(r.reason()).startsWith("healthy: blocked by the migration")
        .contains("v1-statements.sql:2 SELECT id, name, email FROM users WHERE id = $1: column \"email\" does not exist",
            "roll forward");
    assertThat(r.triggerToHealthyNanos()).isNull();
    assertThat(progress).anyMatch(p -> p.contains("the live check predicts forward-only: 3 of 4 known-good statements break"))
        .anyMatch(p -> p.startsWith("migration applied and committed: 1 statement(s)"))
        .anyMatch(p -> p.contains("down-migration applied: 1 statement(s)"))
        .anyMatch(p -> p.startsWith("database as found: schema identical; public.users 3 rows"));
    assertBackOnKnownGood(client, ns, r);
    assertThat(columns(databases.get(0))).containsExactly("id", "name", "email");
  }

  @Test
  void theExpandMigrationPassesTimedAsUsualAndItsColumnIsGoneAfterwards(ClusterHandle cluster, KubernetesClient client,
      TestNamespace ns) throws Exception {
    DrillRecord r = run(cluster, client, Scenarios.example("migration-expand", ns));

    assertThat(r.verdict()).as(r.reason()).isEqualTo(Verdict.PASSED);
    assertThat(r.triggerToHealthyNanos()).isPositive();
    assertThat(progress).anyMatch(p -> p.contains("the live check finds every known-good statement still prepares"))
        .anyMatch(p -> p.startsWith("verify ") && p.contains("every known-good statement prepares on the migrated schema"))
        .anyMatch(p -> p.startsWith("down-migration applied: 2 statement(s)"))
        .anyMatch(p -> p.startsWith("database as found: schema identical"));
    assertBackOnKnownGood(client, ns, r);
    assertThat(columns(databases.get(0))).containsExactly("id", "name", "email");
    // v2 really wrote (it filled primary_email from email on its probes), and the proof still held.
    try (Connection c = databases.get(0).database().connect(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT coalesce(sum(s.rows), 0) FROM pg_stat_statements s JOIN pg_database d"
            + " ON d.oid = s.dbid WHERE d.datname = current_database() AND s.query LIKE 'UPDATE users SET primary_email%'")) {
      rs.next();
      assertThat(rs.getLong(1)).as("rows v2 wrote").isGreaterThanOrEqualTo(3);
    }
  }

  @Test
  void theTeamsOwnMigrationCommandIsDrilledTheSameWay(ClusterHandle cluster, KubernetesClient client, TestNamespace ns)
      throws Exception {
    // The team's tool here is psql; the drill gives it the database in the libpq variables.
    String yaml = Files.readString(Scenarios.examples().resolve("migration-rename.yaml"))
        .replace("  migration: migrations/v2-rename-email.sql\n",
            "  migration: {run: \"psql -X -q -v ON_ERROR_STOP=1 -f migrations/v2-rename-email.sql\"}\n")
        .replace("  down: migrations/v2-rename-email.down.sql\n",
            "  down: {run: \"psql -X -q -v ON_ERROR_STOP=1 -f migrations/v2-rename-email.down.sql\"}\n");
    Path migrations = Files.createDirectories(dir.resolve("migrations"));
    try (var files = Files.list(Scenarios.examples().resolve("migrations"))) {
      for (Path f : files.toList()) {
        Files.copy(f, migrations.resolve(f.getFileName()));
      }
    }
    Path file = Files.writeString(dir.resolve("migration-rename.yaml"), yaml);
    DrillRecord r = run(cluster, client, Scenarios.inNamespace(ScenarioLoader.load(file), ns.name()));

    assertThat(r.verdict()).as(r.reason()).isEqualTo(Verdict.FORWARD_ONLY);
    assertThat(r.reason()).contains("column \"email\" does not exist");
    assertThat(r.scenario().migration()).isEqualTo("command: psql -X -q -v ON_ERROR_STOP=1 -f migrations/v2-rename-email.sql");
    assertThat(progress).anyMatch(p -> p.contains("the migration is the team's command: not checked statically or live"))
        .anyMatch(p -> p.startsWith("migration applied and committed: command `psql"))
        .anyMatch(p -> p.contains("down-migration applied: command `psql"))
        .anyMatch(p -> p.startsWith("database as found: schema identical"));
    assertThat(columns(databases.get(0))).containsExactly("id", "name", "email");
  }

  @Test
  void aMigrationThatFailsHalfwayIsRefusedInPreflightAndChangesNothing(ClusterHandle cluster, KubernetesClient client,
      TestNamespace ns) throws Exception {
    Path migrations = Files.createDirectories(dir.resolve("migrations"));
    for (String f : List.of("v1-schema.sql", "v1-statements.sql", "v2-rename-email.down.sql")) {
      Files.copy(Scenarios.examples().resolve("migrations").resolve(f), migrations.resolve(f));
    }
    Files.writeString(migrations.resolve("v2-rename-email.sql"),
        "ALTER TABLE users ADD COLUMN nick text;\n-- a typo: there is no column mail\nALTER TABLE users DROP COLUMN mail;\n");
    Path file = Files.writeString(dir.resolve("migration-rename.yaml"),
        Files.readString(Scenarios.examples().resolve("migration-rename.yaml")));
    DrillRecord r = run(cluster, client, Scenarios.inNamespace(ScenarioLoader.load(file), ns.name()));

    assertThat(r.verdict()).as(r.reason()).isEqualTo(Verdict.REFUSED);
    assertThat(r.reason()).isEqualTo("preflight: the migration does not apply (" + migrations.resolve("v2-rename-email.sql")
        + ":3: column \"mail\" of relation \"users\" does not exist); nothing was changed");
    assertThat(columns(databases.get(0))).containsExactly("id", "name", "email");
    assertThat(client.apps().replicaSets().inNamespace(ns.name()).list().getItems()).hasSize(1);
  }

  @Test
  void anUnreachableServerOrWrongCredentialsAreEnvironmentErrorsBeforeAnythingChanges(TestNamespace ns) throws Exception {
    String scenario = String.join("\n",
        "name: staging-migration",
        "target: {namespace: " + ns.name() + ", deployment: demo, container: demo, fixture: demo}",
        "database:",
        "  url: URL",
        "  user: {env: DRILL_DB_USER}",
        "  password: {env: DRILL_DB_PASSWORD}",
        "  migration: " + Scenarios.examples().resolve("migrations/v2-rename-email.sql"),
        "  down: " + Scenarios.examples().resolve("migrations/v2-rename-email.down.sql"),
        "  knownGood: " + Scenarios.examples().resolve("migrations/v1-statements.sql"),
        "change: {type: noop}",
        "detect: {type: rollout-complete}",
        "rollback: {procedure: rollout-undo}",
        "slo: 30s", "");
    Path closed = Files.writeString(dir.resolve("closed.yaml"), scenario.replace("URL", "jdbc:postgresql://127.0.0.1:1/app"));
    DrillCli.Running r = DrillCli.start(Map.of("DRILL_DB_USER", "demo_app", "DRILL_DB_PASSWORD", "x"),
        "run", closed.toString(), "--no-record", "--junit-xml", dir.resolve("junit").toString());
    assertThat(r.waitFor(Duration.ofMinutes(2))).as(r.output()).isEqualTo(Main.ENVIRONMENT);
    assertThat(r.output()).contains("database unavailable for staging-migration: jdbc:postgresql://127.0.0.1:1/app as demo_app",
        "nothing was changed");

    Path wrong = Files.writeString(dir.resolve("wrong.yaml"), scenario.replace("URL", "jdbc:postgresql://127.0.0.1:54329/demo"));
    DrillCli.Running w = DrillCli.start(Map.of("DRILL_DB_USER", "demo_app", "DRILL_DB_PASSWORD", "not-the-password"),
        "run", wrong.toString(), "--no-record", "--junit-xml", dir.resolve("junit").toString());
    assertThat(w.waitFor(Duration.ofMinutes(2))).as(w.output()).isEqualTo(Main.ENVIRONMENT);
    assertThat(w.output()).contains("password authentication failed for user \"demo_app\"").doesNotContain("not-the-password");
  }

  @Test
  void credentialsFromASecretInTheTargetsNamespaceAreUsedAndNeverShown(KubernetesClient client, TestNamespace ns)
      throws Exception {
    Database server = DrillDatabase.of(Scenarios.example("migration-rename", ns).database(), client, ns.name()).database();
    client.secrets().inNamespace(ns.name()).resource(new io.fabric8.kubernetes.api.model.SecretBuilder()
        .withNewMetadata().withName("app-db").endMetadata()
        .addToStringData("username", server.user()).addToStringData("password", server.password()).build()).create();
    String url = server.url().substring(0, server.url().lastIndexOf('/') + 1) + "demo";
    Path file = Files.writeString(dir.resolve("secret.yaml"), String.join("\n",
        "name: staging-migration",
        "target: {namespace: " + ns.name() + ", deployment: demo, container: demo, fixture: demo}",
        "database:",
        "  url: " + url,
        "  user: {secret: app-db, key: username}",
        "  password: {secret: app-db, key: password}",
        "  migration: " + Scenarios.examples().resolve("migrations/v2-rename-email.sql"),
        "  down: " + Scenarios.examples().resolve("migrations/v2-rename-email.down.sql"),
        "  knownGood: " + Scenarios.examples().resolve("migrations/v1-statements.sql"),
        "change: {type: noop}",
        "detect: {type: rollout-complete}",
        "rollback: {procedure: rollout-undo}",
        "slo: 30s", ""));

    DrillCli r = DrillCli.run("run", file.toString(), "--no-record", "--junit-xml", dir.resolve("junit").toString());

    // Connected with the Secret's credentials: the demo database has no users table, so the
    // migration does not apply and the drill is refused before anything changed.
    assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(Main.REFUSED);
    assertThat(r.out()).contains("the migration does not apply (" + Scenarios.examples().resolve("migrations/v2-rename-email.sql")
        + ":2: relation \"users\" does not exist); nothing was changed").doesNotContain(server.password());
  }

  @Test
  void recoverPutsTheDatabaseBackAfterTheHarnessIsKilledBetweenMigrationAndRestore(KubernetesClient client,
      TestNamespace ns) throws Exception {
    String yaml = Files.readString(Scenarios.examples().resolve("migration-rename.yaml"))
        .replace("drill-db-rename", ns.name())
        .replace("migrations/", Scenarios.examples().resolve("migrations") + "/")
        .replace("for: 5s", "for: 60s");
    Path file = Files.writeString(dir.resolve("migration-rename.yaml"), yaml);
    Scenario s = ScenarioLoader.load(file);
    databases.add(DrillDatabase.of(s.database(), client, ns.name()));

    DrillCli.Running drill = DrillCli.start("run", file.toString(), "--cluster", "local", "--no-record",
        "--junit-xml", dir.resolve("junit").toString());
    assertThat(drill.killNineAt(l -> l.contains("candidate revision"), Duration.ofSeconds(120))).isEqualTo(137);
    assertThat(columns(databases.get(0))).as("left migrated by the killed harness").containsExactly("id", "name",
        "primary_email");

    DrillCli recover = DrillCli.run("recover", "--namespace", ns.name(), "--timeout", "60s");
    System.out.println(recover.out() + recover.err());

    assertThat(recover.exit()).as(recover.out() + recover.err()).isZero();
    assertThat(recover.out()).contains("the database of " + file.toAbsolutePath() + " as found")
        .contains("down-migration applied: 1 statement(s) in").contains("the database is as found")
        .contains("restored " + ns.name() + "/demo");
    assertThat(columns(databases.get(0))).containsExactly("id", "name", "email");
    Deployment d = client.apps().deployments().inNamespace(ns.name()).withName("demo").get();
    assertThat(Rollouts.complete(d)).isTrue();

    DrillCli again = DrillCli.run("recover", "--namespace", ns.name());
    assertThat(again.out()).contains("nothing to recover");
  }
}
