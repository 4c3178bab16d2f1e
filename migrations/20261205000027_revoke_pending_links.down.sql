DROP TRIGGER users_revoke_pending_links ON users;
DROP FUNCTION revoke_pending_links();
