-- The query projection behind GET /api/releases (one row per release, one per stage) and the stored first
-- answers of POST requests that carried an Idempotency-Key.

create table release_summary (
    release_id    varchar(64)  not null primary key,
    model         varchar(200) not null,
    registered_by varchar(255) not null,
    registered_at timestamptz  not null,
    version       bigint       not null
);

create table stage_summary (
    release_id varchar(64) not null references release_summary (release_id),
    stage_id   varchar(64) not null,
    access     varchar(16) not null,
    status     varchar(16) not null,
    halted     boolean     not null,
    primary key (release_id, stage_id)
);

create index stage_summary_status on stage_summary (status);

create table idempotent_request (
    actor           varchar(255)  not null,
    idempotency_key varchar(255)  not null,
    method          varchar(8)    not null,
    path            varchar(2000) not null,
    request_hash    varchar(64)   not null,
    status          integer       not null,
    content_type    varchar(255),
    location        varchar(2000),
    etag            varchar(64),
    body            bytea         not null,
    created_at      timestamptz   not null default now(),
    primary key (actor, idempotency_key)
);

-- db-scheduler's table: Axon's DbSchedulerDeadlineManager keeps scheduled releases here, so they survive a restart.
create table scheduled_tasks (
    task_name            text                     not null,
    task_instance        text                     not null,
    task_data            bytea,
    execution_time       timestamp with time zone not null,
    picked               boolean                  not null,
    picked_by            text,
    last_success         timestamp with time zone,
    last_failure         timestamp with time zone,
    consecutive_failures int,
    last_heartbeat       timestamp with time zone,
    version              bigint                   not null,
    priority             smallint,
    primary key (task_name, task_instance)
);

create index execution_time_idx on scheduled_tasks (execution_time);
create index last_heartbeat_idx on scheduled_tasks (last_heartbeat);
create index priority_execution_time_idx on scheduled_tasks (priority desc, execution_time asc);
