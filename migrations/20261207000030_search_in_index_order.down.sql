DROP INDEX idx_users_full_name_prefix;
DROP INDEX idx_users_username_prefix;
DROP TRIGGER posts_relist_caption_words ON posts;
DROP TRIGGER posts_list_caption_words ON posts;
DROP FUNCTION relist_caption_words();
DROP FUNCTION list_new_caption_words();
DROP TABLE caption_words;
