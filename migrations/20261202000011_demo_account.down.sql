DROP TRIGGER users_keep_demo_account ON users;
DROP FUNCTION keep_demo_account();
DROP INDEX idx_users_one_demo;
ALTER TABLE users DROP COLUMN is_demo;
