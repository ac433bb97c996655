package dev.rollbackdrill.testing;

import dev.rollbackdrill.cluster.ClusterScripts;
import dev.rollbackdrill.database.Database;
import dev.rollbackdrill.database.DatabaseException;
import dev.rollbackdrill.database.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/** See {@link OnPostgres}. */
final class PostgresExtension implements BeforeEachCallback, AfterEachCallback, ParameterResolver {

  private static final ExtensionContext.Namespace STORE = ExtensionContext.Namespace.create(PostgresExtension.class);

  private static Database server(ExtensionContext context) {
    return context.getRoot().getStore(STORE).computeIfAbsent("server", k -> {
      try {
        return new EmbeddedPostgres(ClusterScripts.folder()).up(System.out).database();
      } catch (DatabaseException e) {
        throw new IllegalStateException("the throwaway PostgreSQL did not start: " + e.getMessage(), e);
      }
    }, Database.class);
  }

  @Override
  public void beforeEach(ExtensionContext context) throws SQLException {
    Database server = server(context);
    String name = ("t_" + context.getRequiredTestMethod().getName()).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]+", "_");
    name = name.substring(0, Math.min(name.length(), 50)) + "_"
        + Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36 * 36), 36);
    try (Connection c = server.connect(); Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    }
    String url = server.url().substring(0, server.url().lastIndexOf('/') + 1) + name;
    context.getStore(STORE).put("database", new TestDatabase(name, new Database(url, server.user(), server.password()), server));
  }

  @Override
  public void afterEach(ExtensionContext context) throws SQLException {
    TestDatabase db = context.getStore(STORE).get("database", TestDatabase.class);
    if (db != null) {
      try (Connection c = db.server().connect(); Statement s = c.createStatement()) {
        s.execute("DROP DATABASE IF EXISTS " + db.name() + " WITH (FORCE)");
      }
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
    return p.getParameter().getType() == TestDatabase.class;
  }

  @Override
  public Object resolveParameter(ParameterContext p, ExtensionContext e) {
    TestDatabase db = e.getStore(STORE).get("database", TestDatabase.class);
    if (db == null) {
      throw new ParameterResolutionException("TestDatabase is available in test methods only");
    }
    return db;
  }
}
