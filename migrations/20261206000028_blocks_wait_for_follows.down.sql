CREATE OR REPLACE FUNCTION blocks_end_follows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM follows
    WHERE (user_id = NEW.blocker_id AND user_followed_id = NEW.blocked_id)
       OR (user_id = NEW.blocked_id AND user_followed_id = NEW.blocker_id);
    DELETE FROM follow_requests
    WHERE (requester_id = NEW.blocker_id AND target_id = NEW.blocked_id)
       OR (requester_id = NEW.blocked_id AND target_id = NEW.blocker_id);
    RETURN NULL;
END $$;
