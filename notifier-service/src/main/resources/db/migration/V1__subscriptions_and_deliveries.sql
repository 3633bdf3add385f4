-- Subscriptions and the delivery outbox. One delivery per (event, subscription): a redelivered Kafka record adds
-- nothing. Secrets are stored encrypted (AES-GCM); the key is not in the database.

create table subscription (
    id                uuid        primary key,
    channel           text        not null,
    url               text        not null,
    event_types       text[]      not null,
    release_ids       text[]      not null,
    secret_ciphertext bytea       not null,
    created_by        text        not null,
    created_at        timestamptz not null default now()
);

create table delivery (
    id              uuid        primary key,
    event_id        uuid        not null,
    subscription_id uuid        not null references subscription (id) on delete cascade,
    event_type      text        not null,
    release_id      text        not null,
    event_position  bigint      not null,
    webhook_id      text        not null,
    body            text        not null,
    status          text        not null,
    attempts        integer     not null default 0,
    next_attempt_at timestamptz not null,
    created_at      timestamptz not null default now(),
    delivered_at    timestamptz,
    last_error      text,
    unique (event_id, subscription_id)
);
create index delivery_due on delivery (next_attempt_at) where status = 'PENDING';
create index delivery_subscription on delivery (subscription_id, created_at);

create table delivery_attempt (
    id           bigserial   primary key,
    delivery_id  uuid        not null references delivery (id) on delete cascade,
    attempted_at timestamptz not null,
    status_code  integer,
    error        text,
    duration_ms  bigint      not null
);
create index delivery_attempt_delivery on delivery_attempt (delivery_id, attempted_at);
