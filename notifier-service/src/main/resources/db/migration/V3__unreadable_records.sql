-- Records of the topic that are not readable governance events, kept with the reason so nothing is silently dropped.
-- One row per topic offset: a redelivered unreadable record is stored once.

create table unreadable_record (
    id               bigserial   primary key,
    topic            text        not null,
    kafka_partition  integer     not null,
    kafka_offset     bigint      not null,
    record_key       text,
    event_id         text,
    cloud_event_type text,
    reason           text        not null,
    data             bytea,
    received_at      timestamptz not null default now(),
    unique (topic, kafka_partition, kafka_offset)
);
