-- Accent-insensitive people search: "Jose" finds "José". unaccent() is only STABLE (its
-- dictionary could change), so it cannot be indexed directly; this wrapper names the
-- dictionary explicitly and is declared IMMUTABLE, the documented way to index it.
CREATE EXTENSION IF NOT EXISTS unaccent;

CREATE FUNCTION search_fold(text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    RETURN lower(public.unaccent('public.unaccent'::regdictionary, $1));

DROP INDEX IF EXISTS idx_users_full_name_trgm;
CREATE INDEX idx_users_full_name_fold_trgm ON users USING gin (search_fold(full_name) gin_trgm_ops);
