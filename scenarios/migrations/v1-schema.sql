-- The schema v1 runs on (the known-good version's) and a few users: the drill's own database
-- on the throwaway PostgreSQL starts from this, and `drill db check --schema` checks on it.
CREATE TABLE users (
  id bigserial PRIMARY KEY,
  name text NOT NULL,
  email text NOT NULL
);
CREATE UNIQUE INDEX users_email ON users (email);
INSERT INTO users (name, email) VALUES
  ('Ada', 'ada@example.org'),
  ('Grace', 'grace@example.org'),
  ('Linus', 'linus@example.org');
