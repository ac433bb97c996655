package dev.rollbackdrill.database;

import dev.rollbackdrill.cluster.ClusterScripts;
import dev.rollbackdrill.migration.SqlFile;
import dev.rollbackdrill.migration.SqlScript;
import dev.rollbackdrill.scenario.DatabaseSection;
import dev.rollbackdrill.yaml.Problem;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The database of one drill, from its scenario's {@code database:} section. On the throwaway
 * PostgreSQL the drill owns a database named after its namespace ({@code drill_NAMESPACE}), made
 * afresh from the section's {@code schema} files before each drill, and pods reach it with the
 * credentials {@link #podEnv} gives (a fixture's Secret). Against a named server it connects with
 * the credentials the section names (an environment variable, or a Secret in the target's
 * namespace) and creates nothing. Nothing connects until {@link #database} is first called.
 */
public final class DrillDatabase {

  private final DatabaseSection section;
  private final KubernetesClient client;
  private final String namespace;
  private Database database;
  private Database server;
  /** Where pods reach the throwaway server (its bridge address), as its {@code up} said. */
  private String podsHost;

  public DrillDatabase(DatabaseSection section, KubernetesClient client, String namespace) {
    this.section = section;
    this.client = client;
    this.namespace = namespace;
  }

  /** Null when the scenario has no database section. */
  public static DrillDatabase of(DatabaseSection section, KubernetesClient client, String namespace) {
    return section == null ? null : new DrillDatabase(section, client, namespace);
  }

  public DatabaseSection section() {
    return section;
  }

  /** The name of the drill's own database on the throwaway server. */
  public String ownName() {
    return "drill_" + namespace.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
  }

  /** How the harness reaches the drill's database; starts the throwaway server when needed. */
  public synchronized Database database() throws DatabaseException {
    if (database != null) {
      return database;
    }
    if (section.throwaway()) {
      EmbeddedPostgres.Running running = new EmbeddedPostgres(ClusterScripts.folder()).up(quiet());
      server = running.database();
      podsHost = running.podsHost();
      database = new Database(server.url().substring(0, server.url().lastIndexOf('/') + 1) + ownName(), server.user(),
          server.password());
    } else {
      database = new Database(section.url(), credential(section.user(), "user"), credential(section.password(), "password"));
    }
    return database;
  }

  /**
   * Whether the database answers, before any drill changes anything: the named server's
   * database, or the throwaway server (started if need be; the drill's own database is made later).
   */
  public void checkReachable() throws DatabaseException {
    Database db = database();
    try (Connection c = (section.throwaway() ? server : db).connect()) {
      c.isValid(5);
    } catch (SQLException e) {
      throw new DatabaseException(db.describe() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Throwaway server only: drops the drill's own database (ending its connections) and makes it
   * afresh from the schema files, so every drill starts from the same known-good data.
   */
  public void resetOwned() throws DatabaseException {
    if (!section.throwaway()) {
      throw new IllegalStateException("a drill resets only a database it owns");
    }
    Database db = database();
    try (Connection c = server.connect(); Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + ownName() + " WITH (FORCE)");
      s.execute("CREATE DATABASE " + ownName());
    } catch (SQLException e) {
      throw new DatabaseException("cannot make the drill's database " + ownName() + ": " + e.getMessage(), e);
    }
    try (Connection c = db.connect()) {
      c.setAutoCommit(false);
      for (Path file : section.schema()) {
        for (SqlScript.Statement st : read(file).statements()) {
          try (Statement s = c.createStatement()) {
            s.execute(st.sql());
          } catch (SQLException e) {
            throw new DatabaseException(file + ":" + st.line() + ": " + e.getMessage(), e);
          }
        }
      }
      c.commit();
    } catch (SQLException e) {
      throw new DatabaseException("cannot create the schema in " + ownName() + ": " + e.getMessage(), e);
    }
  }

  /** Throwaway server only: the libpq environment a pod reaches the drill's database with. */
  public Map<String, String> podEnv() throws DatabaseException {
    Database db = database();
    String host = podsHost;
    if (host == null) {
      throw new DatabaseException("the throwaway PostgreSQL does not listen on the cluster's bridge: start the cluster first", null);
    }
    Map<String, String> env = new LinkedHashMap<>(db.libpqEnvironment());
    env.put("PGHOST", host);
    return env;
  }

  /** The section's migration as the drill applies it: its SQL files, or the team's command. */
  public MigrationStep migration() throws DatabaseException {
    return section.migrationRun() != null ? MigrationStep.command(section.migrationRun(), section.folder())
        : MigrationStep.files(read(section.migration()));
  }

  /** The section's down-migration: its SQL files, or the team's command. */
  public MigrationStep down() throws DatabaseException {
    return section.downRun() != null ? MigrationStep.command(section.downRun(), section.folder())
        : MigrationStep.files(read(section.down()));
  }

  /** A file of the section, read as the tool reads every SQL file ({@link SqlFile#read}). */
  public static SqlFile read(Path file) throws DatabaseException {
    List<Problem> problems = new java.util.ArrayList<>();
    SqlFile read = SqlFile.read(file, problems);
    if (read == null) {
      throw new DatabaseException(problems.stream().map(Problem::toString).collect(Collectors.joining("; ")), null);
    }
    return read;
  }

  public static List<SqlFile> read(List<Path> files) throws DatabaseException {
    List<SqlFile> out = new java.util.ArrayList<>();
    for (Path f : files) {
      out.add(read(f));
    }
    return out;
  }

  private String credential(DatabaseSection.Credential c, String what) throws DatabaseException {
    if (c.env() != null) {
      String v = System.getenv(c.env());
      if (v == null || v.isEmpty()) {
        throw new DatabaseException("database." + what + ": environment variable " + c.env() + " is not set", null);
      }
      return v;
    }
    Secret secret = client.secrets().inNamespace(namespace).withName(c.secret()).get();
    String v = secret == null || secret.getData() == null ? null : secret.getData().get(c.key());
    if (v == null) {
      throw new DatabaseException("database." + what + ": secret " + namespace + "/" + c.secret() + " has no key " + c.key(), null);
    }
    return new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8);
  }

  private static PrintStream quiet() {
    return new PrintStream(PrintStream.nullOutputStream());
  }
}
