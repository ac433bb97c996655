-- The down-migration of v2-rename-email.sql: v1's column back under its old name.
ALTER TABLE users RENAME COLUMN primary_email TO email;
