DROP TRIGGER blocks_wait_for_follows ON blocks;
DROP FUNCTION blocks_wait_for_follows();
