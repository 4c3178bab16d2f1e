-- A follow never crosses a block, also when the two are written at the same moment. A
-- new block first takes a lock on `follows` that waits for every transaction still
-- writing follows and holds new ones back until the block commits; so the block ends
-- every follow written before it, and a follow written after it sees it (and is
-- refused by `follows_not_blocked`, whose check runs with a fresh snapshot). Blocks
-- are rare and short; follows take no lock beyond their own.
-- The home feed relies on this: it does not ask about blocks of the people I follow.
CREATE OR REPLACE FUNCTION blocks_end_follows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    LOCK TABLE follows IN SHARE ROW EXCLUSIVE MODE;
    DELETE FROM follows
    WHERE (user_id = NEW.blocker_id AND user_followed_id = NEW.blocked_id)
       OR (user_id = NEW.blocked_id AND user_followed_id = NEW.blocker_id);
    DELETE FROM follow_requests
    WHERE (requester_id = NEW.blocker_id AND target_id = NEW.blocked_id)
       OR (requester_id = NEW.blocked_id AND target_id = NEW.blocker_id);
    RETURN NULL;
END $$;
