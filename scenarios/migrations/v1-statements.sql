-- What v1 (the known-good version) runs against the database, as pg_stat_statements writes it.
SELECT id, name, email FROM users WHERE id = $1;
SELECT count(*) FROM users;
INSERT INTO users (name, email) VALUES ($1, $2) RETURNING id;
UPDATE users SET name = $1 WHERE email = $2;
