/**
 * Where the database of a migration drill is and how to reach it (issue 14): {@link
 * dev.rollbackdrill.database.Database} (a JDBC URL and credentials that are never printed), {@link
 * dev.rollbackdrill.database.DrillDatabase} (a scenario's {@code database:} section made real: the
 * named server with credentials from the environment or a Secret, or the drill's own database on
 * the throwaway server), {@link dev.rollbackdrill.database.EmbeddedPostgres}, the throwaway
 * PostgreSQL the project starts from Debian's package for the embedded default and the tests, and
 * {@link dev.rollbackdrill.database.DatabaseRestore}, the one way a drill and {@code drill recover}
 * put a database back (the down-migration, then the fingerprint must match). What is checked on a
 * database is in {@code migration}. Uses {@code scenario}, {@code migration}, {@code guard}'s
 * known-good record (and gives {@code guard.Recovery} its database restore, so that {@code guard}
 * does not depend on this package) and {@code procedure}'s exception and shell runner.
 */
package dev.rollbackdrill.database;
