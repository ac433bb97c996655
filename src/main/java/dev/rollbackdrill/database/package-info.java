/**
 * Where the database of a migration drill is and how to reach it (issue 14): {@link
 * dev.rollbackdrill.database.Database} (a JDBC URL and credentials that are never printed) and
 * {@link dev.rollbackdrill.database.EmbeddedPostgres}, the throwaway PostgreSQL the project starts
 * from Debian's package for the embedded default and the tests. What is checked on it is in {@code
 * migration}.
 */
package dev.rollbackdrill.database;
