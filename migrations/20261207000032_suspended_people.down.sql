DROP INDEX idx_users_suspended;
