-- Foundation schema: cohorts and trainees (identity), challenges and their versions (catalog).
-- Later features add their own migrations; a migration once landed is never edited.

create table cohort (
    id           bigserial primary key,
    name         varchar(100) not null unique,
    display_name varchar(200),
    created_at   timestamptz  not null default now()
);

create table trainee (
    id           bigserial primary key,
    subject      varchar(255) not null unique,
    username     varchar(255) not null unique,
    display_name varchar(255),
    email        varchar(320),
    cohort_id    bigint references cohort (id),
    hidden       boolean      not null default false,
    banned       boolean      not null default false,
    created_at   timestamptz  not null default now(),
    updated_at   timestamptz  not null default now()
);
create index trainee_cohort_idx on trainee (cohort_id);

create table challenge (
    id                 bigserial primary key,
    slug               varchar(64)  not null unique,
    name               varchar(200) not null,
    category           varchar(100) not null,
    retired            boolean      not null default false,
    current_version_id bigint,
    created_at         timestamptz  not null default now(),
    updated_at         timestamptz  not null default now()
);

-- Every version a challenge ever had stays, so solves made against an earlier version keep
-- pointing at what the trainee actually solved.
create table challenge_version (
    id           bigserial primary key,
    challenge_id bigint      not null references challenge (id),
    number       integer     not null,
    content_hash char(64)    not null,
    spec         jsonb       not null,
    loaded_at    timestamptz not null default now(),
    unique (challenge_id, number),
    unique (challenge_id, content_hash)
);

alter table challenge
    add constraint challenge_current_version_fk foreign key (current_version_id) references challenge_version (id);
