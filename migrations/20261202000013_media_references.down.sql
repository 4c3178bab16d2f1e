DROP INDEX idx_users_profile_image_url;
DROP INDEX idx_posts_image_variants;
