DROP INDEX IF EXISTS idx_users_full_name_trgm;
DROP INDEX IF EXISTS idx_users_username_trgm;
-- The extension stays: other databases objects may use it, and it is harmless.
