-- Lab instances: one row per start, kept after the lab is gone (history, flag attribution).
create table lab_instance (
    id                    bigserial primary key,
    instance_id           varchar(32)  not null unique,
    trainee_id            bigint       not null references trainee (id),
    challenge_slug        varchar(64)  not null,
    challenge_version_id  bigint,
    state                 varchar(16)  not null,
    reason                varchar(1000),
    image                 varchar(200),
    network_id            varchar(80),
    target_container      varchar(80),
    workstation_container varchar(80),
    target_ip             varchar(45),
    created_at            timestamptz  not null default now(),
    started_at            timestamptz,
    expires_at            timestamptz  not null,
    ended_at              timestamptz,
    updated_at            timestamptz  not null default now()
);
-- At most one live lab per trainee and challenge, whatever races the service has.
create unique index lab_instance_one_active_idx on lab_instance (trainee_id, challenge_slug)
    where state in ('PROVISIONING', 'STARTING', 'RUNNING', 'STOPPING');
create index lab_instance_trainee_idx on lab_instance (trainee_id, created_at desc);
create index lab_instance_active_idx on lab_instance (state)
    where state in ('PROVISIONING', 'STARTING', 'RUNNING', 'STOPPING');

-- Every defense check run; passes are turned into points by scoring (through an event).
create table lab_check_result (
    id              bigserial primary key,
    instance_id     varchar(32)  not null,
    trainee_id      bigint       not null references trainee (id),
    challenge_slug  varchar(64)  not null,
    check_name      varchar(100) not null,
    passed          boolean      not null,
    exit_code       integer      not null,
    output          varchar(4000),
    checked_at      timestamptz  not null default now()
);
create index lab_check_result_instance_idx on lab_check_result (instance_id, checked_at desc);
create index lab_check_result_trainee_idx on lab_check_result (trainee_id, challenge_slug);
