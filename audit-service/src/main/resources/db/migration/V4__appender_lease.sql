-- Who appends to the log and signs its checkpoints: one instance at a time (docs/audit-log.md, "Several
-- instances"). The holder renews the lease in every append transaction, which also checks the epoch it took the
-- lease at, so an instance that lost the lease (paused, cut off) can never append or sign again: no fork.
create table appender_lease (
    singleton  boolean     primary key default true check (singleton),
    holder     text,
    epoch      bigint      not null default 0,
    expires_at timestamptz not null default '-infinity'
);

insert into appender_lease default values;
