-- The schema v1 runs on (the known-good version's), for checking on an empty database.
CREATE TABLE users (
  id bigserial PRIMARY KEY,
  name text NOT NULL,
  email text NOT NULL
);
CREATE UNIQUE INDEX users_email ON users (email);
