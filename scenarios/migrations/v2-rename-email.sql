-- v2's migration: v1 still reads users.email, so a rollback of the code alone fails.
ALTER TABLE users RENAME COLUMN email TO primary_email;
