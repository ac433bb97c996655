package dev.rollbackdrill.scenario;

import dev.rollbackdrill.yaml.YamlReader;
import dev.rollbackdrill.yaml.YamlReader.Field;
import dev.rollbackdrill.yaml.YamlReader.Section;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads a scenario's {@code database:} section ({@link DatabaseSection}) with the scenario's YAML
 * reader: every file named must exist (relative to the scenario's folder), credentials come from
 * an environment variable or a Secret and never from the file itself, and a drill creates tables
 * ({@code schema}) only on the throwaway server it owns.
 */
final class DatabaseSectionReader {

  static final List<String> KEYS = List.of("url", "user", "password", "schema", "migration", "down", "knownGood", "captureRole");
  static final List<String> CREDENTIAL_KEYS = List.of("env", "secret", "key");
  static final List<String> COMMAND_KEYS = List.of("run");

  private static final Pattern ENV = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Pattern ROLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]*");
  private static final Pattern SECRET = Pattern.compile("[a-z0-9]([-a-z0-9.]*[a-z0-9])?");
  private static final Pattern SECRET_KEY = Pattern.compile("[-._a-zA-Z0-9]+");

  private final YamlReader yaml;
  private final Path base;

  DatabaseSectionReader(YamlReader yaml, Path scenarioFile) {
    this.yaml = yaml;
    Path parent = scenarioFile == null ? null : scenarioFile.getParent();
    this.base = parent == null ? Path.of("") : parent;
  }

  DatabaseSection read(Section s) {
    if (s == null) {
      return null;
    }
    Field urlField = s.get("url", null);
    String url = yaml.text(urlField);
    if (url != null && !url.startsWith("jdbc:postgresql://")) {
      yaml.problem(urlField, "expected a PostgreSQL JDBC URL such as jdbc:postgresql://staging-db:5432/app, got '"
          + YamlReader.clip(url) + "'");
    }
    if (url != null && url.matches("(?i).*[?&]password=.*")) {
      yaml.problem(urlField, "must not hold a password: name it with database.password (env or secret)");
    }
    boolean throwaway = urlField == null;
    String needed = "required with database.url: where the drill takes it from (env: NAME, or secret: NAME and key: KEY)";
    String ownCredentials = "not with the throwaway PostgreSQL (no database.url): the drill makes its own credentials";
    DatabaseSection.Credential user = credential(yaml.section(s.pick("user", !throwaway, needed, ownCredentials)));
    DatabaseSection.Credential password = credential(yaml.section(s.pick("password", !throwaway, needed, ownCredentials)));
    List<Path> schema = files(s.pick("schema", throwaway, null,
        "only for the throwaway PostgreSQL (no database.url): a drill never creates tables on a server it does not own"));
    Field migrationField = s.get("migration", YamlReader.REQUIRED);
    Field downField = s.get("down", "required: the drill puts the database back with the team's down-migration,"
        + " timed and checked (schema, row counts and checksums as before)");
    String migrationRun = run(migrationField);
    String downRun = run(downField);
    List<Path> migration = migrationRun == null ? files(migrationField) : List.of();
    List<Path> down = downRun == null ? files(downField) : List.of();
    Field knownGoodField = s.get("knownGood", null);
    Field roleField = s.get("captureRole", null);
    List<Path> knownGood = files(knownGoodField);
    String role = yaml.matching(roleField, ROLE, 63, "a PostgreSQL role name");
    if (knownGoodField == null && roleField == null) {
      yaml.problem(s.line(), s.field("knownGood"), "required unless database.captureRole is set: the statements the"
          + " known-good version runs, to say which ones the migration breaks");
    }
    return new DatabaseSection(throwaway ? null : url, user, password, schema, migration, down, knownGood, role,
        migrationRun, downRun, base.toAbsolutePath().normalize());
  }

  private DatabaseSection.Credential credential(Section c) {
    if (c == null) {
      return null;
    }
    boolean fromEnv = c.has("env");
    String env = yaml.matching(c.get("env", null), ENV, 255, "an environment variable name");
    String secret = yaml.matching(c.pick("secret", !fromEnv, fromEnv ? null : "required unless env is set",
        "not with env: one source per credential"), SECRET, 253, "a Secret name");
    String key = yaml.matching(c.pick("key", !fromEnv, fromEnv ? null : "required with secret: the Secret's key",
        "not with env: one source per credential"), SECRET_KEY, 253, "a Secret key");
    return new DatabaseSection.Credential(env, secret, key);
  }

  /** The team's command ({@code {run: "flyway migrate"}}) when the field is a mapping; else null (files). */
  private String run(Field f) {
    if (f == null || !(f.node() instanceof org.yaml.snakeyaml.nodes.MappingNode)) {
      return null;
    }
    Section c = yaml.section(f);
    String run = c == null ? null : yaml.text(c.get("run", YamlReader.REQUIRED));
    if (run != null && run.isBlank()) {
      yaml.problem(f, "run: the command is empty");
    }
    return run == null ? "" : run;
  }

  /** A file or a list of files, each resolved against the scenario's folder and required to exist. */
  private List<Path> files(Field f) {
    List<Path> out = new ArrayList<>();
    if (f == null) {
      return out;
    }
    List<Field> items = f.node() instanceof org.yaml.snakeyaml.nodes.SequenceNode ? yaml.list(f, "a list of SQL files")
        : List.of(f);
    if (items == null) {
      return out;
    }
    for (Field item : items) {
      String name = yaml.text(item);
      if (name == null) {
        continue;
      }
      Path p = base.resolve(name).normalize();
      if (!Files.isRegularFile(p)) {
        yaml.problem(item, "file not found: " + p + " (paths are relative to the scenario's folder)");
      } else {
        out.add(p);
      }
    }
    if (items.isEmpty()) {
      yaml.problem(f, "expected at least one SQL file");
    }
    return out;
  }
}
