package dev.rollbackdrill.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A database's password never reaches a console or a record; the embedded one is read from the env file its script writes. */
class DatabaseTest {

  @Test
  void thePasswordIsNeverShown() {
    Database db = new Database("jdbc:postgresql://staging-db:5432/app?sslmode=require&password=hunter2", "app", "s3cret");
    assertThat(db.describe()).isEqualTo("jdbc:postgresql://staging-db:5432/app?sslmode=require&password=*** as app");
    assertThat(db.toString()).doesNotContain("s3cret").doesNotContain("hunter2");
  }

  @Test
  void onlyPostgresUrlsAreTaken() {
    assertThatThrownBy(() -> new Database("jdbc:mysql://db/app", null, null))
        .hasMessage("a database URL starts with jdbc:postgresql:, got jdbc:mysql://db/app");
  }

  @Test
  void theEmbeddedServerIsReadFromItsEnvFile(@TempDir Path dir) throws Exception {
    Path env = Files.writeString(dir.resolve("postgres.env"),
        "PGHOST=127.0.0.1\nPGPORT=54329\nPGDATABASE=demo\nPGUSER=demo_app\nPGPASSWORD=abc=def\nRBD_PODS_HOST=172.17.0.1\n");
    EmbeddedPostgres.Running running = EmbeddedPostgres.read(env);
    assertThat(running.podsHost()).isEqualTo("172.17.0.1");
    Database db = running.database();
    assertThat(db.url()).isEqualTo("jdbc:postgresql://127.0.0.1:54329/demo");
    assertThat(db.user()).isEqualTo("demo_app");
    assertThat(db.password()).isEqualTo("abc=def");
  }

  @Test
  void anEnvFileWithoutAKeySaysWhichAndWhatToDo(@TempDir Path dir) throws Exception {
    Path env = Files.writeString(dir.resolve("postgres.env"), "PGHOST=127.0.0.1\nPGPORT=54329\n");
    assertThatThrownBy(() -> EmbeddedPostgres.read(env)).isInstanceOf(DatabaseException.class)
        .hasMessage(env + " has no PGDATABASE: run `drill db down` and `drill db up` again");
  }
}
