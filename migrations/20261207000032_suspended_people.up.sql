-- The few suspended accounts, by id: "is this person suspended?" (the feed asks it of
-- everyone I follow, the visibility rules of every author shown) becomes a probe of a
-- tiny index, or an anti-join with it, instead of a read of each person's row.
CREATE INDEX idx_users_suspended ON users (id) WHERE suspended_at IS NOT NULL;
