-- The down-migration of v2-expand-email.sql: the new column and its index go.
DROP INDEX IF EXISTS users_primary_email;
ALTER TABLE users DROP COLUMN primary_email;
