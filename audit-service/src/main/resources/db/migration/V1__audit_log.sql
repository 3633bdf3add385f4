-- The audit log: one entry per governance event, in the order this service committed them. Entries are never
-- changed or removed; the log index is dense (0, 1, 2, ...) so a Merkle tree can be built over it.
create table log_entry (
    event_id         uuid        primary key,
    log_index        bigint      not null unique check (log_index >= 0),
    release_id       text        not null,
    cloud_event_type text        not null,
    type_name        text        not null,
    stage_id         text,
    sequence         bigint      not null,
    position         bigint      not null,
    actor            text        not null,
    occurred_at      timestamptz not null,
    correlation_id   text,
    payload          jsonb       not null,
    data             bytea       not null,
    recorded_at      timestamptz not null default now()
);

create index log_entry_release_sequence on log_entry (release_id, sequence);

-- The next log index. Appenders lock this single row until they commit, so indexes follow commit order
-- without gaps even with several consumers (threads or instances) appending at once.
create table log_head (
    singleton  boolean primary key default true check (singleton),
    next_index bigint  not null
);

insert into log_head (singleton, next_index) values (true, 0);

create function reject_log_rewrite() returns trigger language plpgsql as $$
begin
    raise exception 'the audit log is append-only: % on % refused', tg_op, tg_table_name;
end;
$$;

create trigger log_entry_append_only
    before update or delete on log_entry
    for each row execute function reject_log_rewrite();

create trigger log_entry_no_truncate
    before truncate on log_entry
    for each statement execute function reject_log_rewrite();

-- Records from the topic that are not readable governance events (unknown type, not a CloudEvent, bad data). They
-- are kept with the reason, never dropped; one row per topic offset, so a redelivered record is stored once.
create table unreadable_record (
    id               bigserial   primary key,
    topic            text        not null,
    kafka_partition  integer     not null,
    kafka_offset     bigint      not null,
    record_key       text,
    event_id         text,
    cloud_event_type text,
    reason           text        not null,
    headers          jsonb       not null,
    data             bytea,
    received_at      timestamptz not null default now(),
    unique (topic, kafka_partition, kafka_offset)
);
