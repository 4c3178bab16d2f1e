DROP FUNCTION IF EXISTS like_literal(text);
