DROP TRIGGER comments_delete_likes ON comments;
DROP TRIGGER posts_delete_likes ON posts;
DROP FUNCTION delete_likes_of_target();
DROP TABLE likes;
DROP FUNCTION likes_check_target();
