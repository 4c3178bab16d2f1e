-- The visibility rules read tables (EXISTS), so PostgreSQL cannot inline them as SQL
-- functions: called once per row, a SQL function builds its executor again each time
-- (about 30 µs on the benchmark machine), while PL/pgSQL keeps its plans for the
-- session (about 9 µs). The rules are the same. (`may_see_post` stays SQL: it has no
-- subquery of its own, so it is inlined into every query that asks it.)
CREATE OR REPLACE FUNCTION blocked_between(a BIGINT, b BIGINT) RETURNS boolean
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
BEGIN
    RETURN EXISTS (SELECT 1 FROM blocks
                   WHERE (blocker_id = a AND blocked_id = b)
                      OR (blocker_id = b AND blocked_id = a));
END $$;

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
