-- Back to the rules calling each other (migration 026).
CREATE OR REPLACE FUNCTION may_see(viewer BIGINT, author BIGINT) RETURNS boolean
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
BEGIN
    RETURN NOT EXISTS (SELECT 1 FROM users WHERE id = author AND suspended_at IS NOT NULL)
       AND (viewer IS NULL OR NOT blocked_between(viewer, author));
END $$;

CREATE OR REPLACE FUNCTION may_see_posts(viewer BIGINT, author BIGINT) RETURNS boolean
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
BEGIN
    RETURN viewer IS NOT DISTINCT FROM author
        OR (may_see(viewer, author)
            AND (NOT (SELECT is_private FROM users WHERE id = author)
                 OR EXISTS (SELECT 1 FROM follows
                            WHERE user_id = viewer AND user_followed_id = author)));
END $$;
