/**
 * Database migrations a release brings (issue 14), checked for whether the previous version
 * survives them. Static: {@link dev.rollbackdrill.migration.SqlScript} cuts a migration file into
 * statements with their lines, {@link dev.rollbackdrill.migration.MigrationCheck} classes each one
 * (additive, breaking for the previous version with an expand/contract suggestion, or not
 * understood) from JSqlParser's reading, connecting to nothing. Live: {@link
 * dev.rollbackdrill.migration.LiveCheck} applies the migration on a real PostgreSQL in a
 * transaction that is rolled back and prepares the known-good version's statements (a {@link
 * dev.rollbackdrill.migration.SqlFile}, or what {@link dev.rollbackdrill.migration.StatementCapture}
 * reads from {@code pg_stat_statements}) against the result; {@link
 * dev.rollbackdrill.migration.SchemaSnapshot} is the catalog's schema before and after. Where the
 * server is, is {@code database}'s job.
 */
package dev.rollbackdrill.migration;
