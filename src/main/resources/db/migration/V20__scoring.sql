-- Scoring: exercises, every submission, solves, points adjustments (first blood, hints, defense
-- checks, awards, penalties), partial progress of all-flags challenges and flag-sharing incidents.
-- Totals are never stored: they are computed from solves (at the current dynamic value) and
-- adjustments, so a changing solve count changes every solver's value, as in CTFd.

create table exercise (
    id         bigserial primary key,
    name       varchar(200) not null unique,
    starts_at  timestamptz  not null,
    ends_at    timestamptz,
    freeze_at  timestamptz,
    practice   boolean      not null default false,
    -- JSON arrays of names; an empty list = every cohort / every challenge
    cohorts    text         not null default '[]',
    challenges text         not null default '[]',
    created_at timestamptz  not null default now(),
    updated_at timestamptz  not null default now()
);
-- Exactly one always-open practice exercise.
create unique index exercise_one_practice_idx on exercise (practice) where practice;
insert into exercise (name, starts_at, practice) values ('practice', '2000-01-01T00:00:00Z', true);

create table submission (
    id             bigserial primary key,
    trainee_id     bigint      not null references trainee (id),
    challenge_slug varchar(64) not null,
    exercise_id    bigint      not null references exercise (id),
    -- SHA-256 of the submitted text and its first characters: enough to investigate, and a
    -- stored correct flag is not readable in full by whoever reads the table.
    flag_hash      char(64)    not null,
    flag_preview   varchar(16) not null,
    correct        boolean     not null,
    status         varchar(32) not null,
    kind           varchar(16),
    ip             varchar(64),
    created_at     timestamptz not null default now()
);
create index submission_trainee_slug_idx on submission (trainee_id, challenge_slug);

create table solve (
    id                   bigserial primary key,
    trainee_id           bigint      not null references trainee (id),
    challenge_slug       varchar(64) not null,
    challenge_version_id bigint      not null references challenge_version (id),
    exercise_id          bigint      not null references exercise (id),
    submission_id        bigint      not null references submission (id),
    created_at           timestamptz not null default now(),
    -- one solve per trainee and challenge, whatever the races between requests
    constraint solve_once unique (trainee_id, challenge_slug)
);
create index solve_slug_idx on solve (challenge_slug, id);

-- Which flags of a logic: all challenge a trainee has already found.
create table flag_progress (
    trainee_id     bigint      not null references trainee (id),
    challenge_slug varchar(64) not null,
    flag_key       varchar(32) not null,
    created_at     timestamptz not null default now(),
    primary key (trainee_id, challenge_slug, flag_key)
);

create table points_adjustment (
    id             bigserial primary key,
    trainee_id     bigint       not null references trainee (id),
    exercise_id    bigint       not null references exercise (id),
    points         integer      not null,
    kind           varchar(16)  not null
        check (kind in ('first-blood', 'hint', 'award', 'penalty', 'defense')),
    challenge_slug varchar(64),
    -- the hint index, the defense check name: what makes a charge or grant happen only once
    detail_key     varchar(128),
    reason         varchar(500),
    actor          varchar(255),
    created_at     timestamptz  not null default now()
);
create unique index points_adjustment_once_idx
    on points_adjustment (trainee_id, kind, challenge_slug, detail_key)
    where kind in ('first-blood', 'hint', 'defense');
create index points_adjustment_trainee_idx on points_adjustment (trainee_id);

create table incident (
    id             bigserial primary key,
    kind           varchar(32)  not null,
    submitter_id   bigint       not null references trainee (id),
    owner_id       bigint       not null references trainee (id),
    challenge_slug varchar(64)  not null,
    issued_slug    varchar(64)  not null,
    instance_id    varchar(64)  not null,
    submission_id  bigint       not null references submission (id),
    created_at     timestamptz  not null default now()
);
