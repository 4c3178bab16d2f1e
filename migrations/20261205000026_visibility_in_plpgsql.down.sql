CREATE OR REPLACE FUNCTION blocked_between(a BIGINT, b BIGINT) RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT EXISTS (SELECT 1 FROM blocks
                   WHERE (blocker_id = a AND blocked_id = b)
                      OR (blocker_id = b AND blocked_id = a))
$$;

CREATE OR REPLACE FUNCTION may_see(viewer BIGINT, author BIGINT) RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT NOT EXISTS (SELECT 1 FROM users WHERE id = author AND suspended_at IS NOT NULL)
       AND (viewer IS NULL OR NOT blocked_between(viewer, author))
$$;

CREATE OR REPLACE FUNCTION may_see_posts(viewer BIGINT, author BIGINT) RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT viewer IS NOT DISTINCT FROM author
        OR (may_see(viewer, author)
            AND (NOT (SELECT is_private FROM users WHERE id = author)
                 OR EXISTS (SELECT 1 FROM follows
                            WHERE user_id = viewer AND user_followed_id = author)))
$$;
