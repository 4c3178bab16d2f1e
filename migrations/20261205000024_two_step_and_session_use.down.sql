DROP TABLE recovery_codes;
DROP TABLE two_step_logins;
ALTER TABLE logins DROP COLUMN last_seen_at;
