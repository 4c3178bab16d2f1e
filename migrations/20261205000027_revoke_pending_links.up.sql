-- Unused links to change the email or reset the password stop working when the account
-- is secured again (its session epoch moves: a new password, a reset, "Log out other
-- sessions") or its email changes: whoever held the account meanwhile may have asked
-- for them. Links that confirm the address stay; they only confirm it.
CREATE FUNCTION revoke_pending_links() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM email_tokens
    WHERE user_id = NEW.id AND used_at IS NULL AND purpose <> 'verify_email';
    RETURN NULL;
END $$;

CREATE TRIGGER users_revoke_pending_links
AFTER UPDATE OF session_epoch, email ON users
FOR EACH ROW
WHEN (OLD.session_epoch IS DISTINCT FROM NEW.session_epoch OR OLD.email IS DISTINCT FROM NEW.email)
EXECUTE FUNCTION revoke_pending_links();
