-- The first answers to writes that carried an Idempotency-Key (module idempotent-requests): a repeat of the same
-- request by the same actor gets the stored answer again. The same columns in every service.

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
