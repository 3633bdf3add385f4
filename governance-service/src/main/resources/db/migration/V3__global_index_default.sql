-- Axon's JDBC event store inserts events without a global index and takes the column's default; Hibernate used to
-- ask the sequence itself. Same sequence, still stepping by 1, so existing and new events share one dense order.
alter table domain_event_entry alter column global_index set default nextval('domain_event_entry_seq');
alter sequence domain_event_entry_seq owned by domain_event_entry.global_index;
