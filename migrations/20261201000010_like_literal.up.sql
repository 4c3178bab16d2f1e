-- `text` as a literal inside a LIKE pattern with ESCAPE '\': its backslashes, percent
-- signs and underscores lose their wildcard meaning ("ada_l" must not match "adaXl").
-- One definition for every search that builds a pattern from what someone typed.
CREATE FUNCTION like_literal(text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    RETURN replace(replace(replace($1, '\', '\\'), '%', '\%'), '_', '\_');
