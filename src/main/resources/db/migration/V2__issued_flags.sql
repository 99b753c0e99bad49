-- Dynamic flags issued to lab instances. Kept after the lab is gone: a flag copied just before
-- expiry still scores, and a flag leaked later is still traced to its owner.
create table issued_flag (
    id             bigserial primary key,
    flag_hash      char(64)     not null unique,
    trainee_id     bigint       not null references trainee (id),
    challenge_slug varchar(64)  not null,
    instance_id    varchar(64)  not null,
    issued_at      timestamptz  not null default now()
);
create index issued_flag_trainee_idx on issued_flag (trainee_id, challenge_slug);
