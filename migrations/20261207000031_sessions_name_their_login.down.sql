ALTER TABLE tower_sessions.session DROP COLUMN login_sha256, DROP COLUMN user_id;
