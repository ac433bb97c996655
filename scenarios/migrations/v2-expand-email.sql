-- v2's migration, expand/contract: the new column beside the old one; v1 keeps working.
ALTER TABLE users ADD COLUMN primary_email text;
CREATE INDEX CONCURRENTLY users_primary_email ON users (primary_email);
