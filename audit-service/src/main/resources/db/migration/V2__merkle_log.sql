-- The Merkle log (RFC 9162) over log_entry. Each entry keeps the exact bytes its leaf hash covers (the canonical
-- form of the CloudEvent, see docs/audit-log.md) and that hash. The log had no deployment before this migration, so
-- the columns are required from the start (an existing non-empty log cannot gain them and the migration fails).
alter table log_entry add column leaf bytea not null;
alter table log_entry add column leaf_hash bytea not null check (length(leaf_hash) = 32);

-- The compact range of the tree (the hashes of its perfect subtrees, largest first), kept beside the next index so
-- the root after each append costs O(log n) and every appender, on any instance, extends the same tree.
alter table log_head add column compact_range bytea not null default '';

-- Every signed tree head, kept: auditors compare a saved one with a later one through a consistency proof.
create table checkpoint (
    tree_size  bigint      primary key check (tree_size > 0),
    root_hash  bytea       not null check (length(root_hash) = 32),
    note       text        not null,
    signed_at  timestamptz not null default now()
);

create trigger checkpoint_append_only
    before update or delete on checkpoint
    for each row execute function reject_log_rewrite();

create trigger checkpoint_no_truncate
    before truncate on checkpoint
    for each statement execute function reject_log_rewrite();

-- Replays of the Kafka topic into fresh tables (replay_<id>_entry), compared with the live signed checkpoint.
create table replay (
    id              bigserial   primary key,
    status          text        not null,
    started_at      timestamptz not null default now(),
    finished_at     timestamptz,
    entries         bigint      not null default 0,
    live_tree_size  bigint      not null,
    live_root_hash  bytea,
    rebuilt_root    bytea,
    root_matches    boolean,
    failure         text
);

-- An entry's signed bytes as JSON, or null if they are not JSON (only a rewritten entry's could fail to be):
-- verification compares them with the columns the history and state endpoints show.
create function leaf_json(bytes bytea) returns jsonb language plpgsql immutable as $$
begin
    return convert_from(bytes, 'UTF8')::jsonb;
exception when others then
    return null;
end;
$$;
