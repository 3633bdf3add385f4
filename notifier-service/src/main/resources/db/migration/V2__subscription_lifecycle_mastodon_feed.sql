-- Subscriptions can be paused, resumed or disabled (with the reason shown to their owner), rotate their signing
-- secret with a grace period, or post to Mastodon with an access token (encrypted like the secret, never returned).

alter table subscription
    add column status                     text        not null default 'ACTIVE',
    add column status_reason              text,
    add column failing_since              timestamptz,
    add column previous_secret_ciphertext bytea,
    add column previous_secret_expires_at timestamptz,
    add column access_token_ciphertext    bytea,
    alter column secret_ciphertext drop not null;

-- A manual retry of a dead letter starts a fresh schedule: failed attempts are counted from this offset.
alter table delivery
    add column schedule_offset integer not null default 0;

drop index delivery_due;
create index delivery_due on delivery (next_attempt_at, event_position) where status = 'PENDING';

-- The public release announcements of the Atom feed, one per event (a redelivered record adds nothing).
create table feed_entry (
    event_id    uuid        primary key,
    release_id  text        not null,
    stage_id    text        not null,
    model       text        not null,
    parameters  bigint      not null,
    access      text        not null,
    note        text,
    released_at timestamptz not null,
    position    bigint      not null
);
create index feed_entry_newest on feed_entry (released_at desc, position desc);
