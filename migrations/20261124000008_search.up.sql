-- Search: people by any part of their username or full name. Trigram GIN indexes
-- serve LIKE '%…%' and prefix patterns on the lowercased text.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE INDEX idx_users_username_trgm ON users USING gin (lower(username) gin_trgm_ops);
CREATE INDEX idx_users_full_name_trgm ON users USING gin (lower(full_name) gin_trgm_ops);
