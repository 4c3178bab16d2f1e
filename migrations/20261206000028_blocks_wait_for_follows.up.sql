-- A follow never crosses a block, also when the two are written at the same moment. A
-- new block first takes a lock on `follows` that waits for every transaction still
-- writing follows and holds new ones back until the block commits; so the block ends
-- every follow written before it (`blocks_end_follows`, after the insert), and a follow
-- written after it sees it (and is refused by `follows_not_blocked`, whose check runs
-- with a fresh snapshot). Blocks are rare and short; follows take no lock beyond their
-- own. The home feed relies on this: it does not ask about blocks of the people I follow.
CREATE FUNCTION blocks_wait_for_follows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    LOCK TABLE follows IN SHARE ROW EXCLUSIVE MODE;
    RETURN NEW;
END $$;

CREATE TRIGGER blocks_wait_for_follows BEFORE INSERT ON blocks
    FOR EACH ROW EXECUTE FUNCTION blocks_wait_for_follows();
