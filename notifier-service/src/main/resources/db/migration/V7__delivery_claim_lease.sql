-- A sender's claim on a delivery outlives the claiming transaction: it is committed before the requests go out and
-- lasts until claimed_until (the database's clock), so another instance skips the delivery while the claimer sends
-- it and stores the outcome, even across a database outage; after the claimer died it is sent again once the claim
-- has expired (docs/notifications.md, "Several instances").
alter table delivery add column claimed_by text;
alter table delivery add column claimed_until timestamptz;
