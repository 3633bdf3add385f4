-- Unreadable records keep the record's headers (the CloudEvents attributes of binary mode among them), as the audit
-- service's table always did: both services now store them through one shared store (event-intake). Rows stored
-- before this migration had their headers dropped; they get an empty object.
alter table unreadable_record add column headers jsonb not null default '{}';
