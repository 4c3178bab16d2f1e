DROP INDEX IF EXISTS idx_users_full_name_fold_trgm;
CREATE INDEX idx_users_full_name_trgm ON users USING gin (lower(full_name) gin_trgm_ops);
DROP FUNCTION IF EXISTS search_fold(text);
-- The extension stays, as pg_trgm does: harmless and maybe used elsewhere.
