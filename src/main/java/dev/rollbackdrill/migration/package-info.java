/**
 * Database migrations a release brings (issue 14), checked for whether the previous version
 * survives them: {@link dev.rollbackdrill.migration.SqlScript} cuts a migration file into
 * statements with their lines, {@link dev.rollbackdrill.migration.MigrationCheck} classes each one
 * (additive, breaking for the previous version with an expand/contract suggestion, or not
 * understood) from JSqlParser's reading. Uses only JSqlParser and the JDK; connects to nothing.
 */
package dev.rollbackdrill.migration;
