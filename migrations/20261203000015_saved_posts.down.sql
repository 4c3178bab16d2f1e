DROP TABLE saved_posts;
