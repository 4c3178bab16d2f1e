-- Stored files are named by their content, so one file can serve several rows (the same
-- photo posted twice, a square post and an avatar). Before a file is removed, every
-- reference to it is looked up: these indexes make that a probe, not a scan.
CREATE INDEX idx_posts_image_variants ON posts USING gin (image_variants jsonb_path_ops);
CREATE INDEX idx_users_profile_image_url ON users (profile_image_url)
    WHERE profile_image_url IS NOT NULL;
