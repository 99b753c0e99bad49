-- Teams (issue 18): named groups of trainees of one cohort, and an exercise mode that scores them
-- together. Membership is a history of stored facts: a row per stay in a team, closed (left_at)
-- when the trainee leaves or the team is dissolved, so a move never rewrites what happened before.

create table team (
    id           bigserial primary key,
    name         varchar(100) not null,
    cohort_id    bigint       not null references cohort (id),
    created_at   timestamptz  not null default now(),
    dissolved_at timestamptz
);
-- A live team's name is unique (case-insensitively); a dissolved team's name can be used again.
create unique index team_live_name_idx on team (lower(name)) where dissolved_at is null;

create table team_membership (
    id         bigserial primary key,
    team_id    bigint      not null references team (id),
    trainee_id bigint      not null references trainee (id),
    joined_at  timestamptz not null,
    left_at    timestamptz,
    check (left_at is null or left_at >= joined_at)
);
-- A trainee is in at most one team at a time, so in at most one team of any exercise.
create unique index team_membership_current_idx on team_membership (trainee_id)
    where left_at is null;
create index team_membership_team_idx on team_membership (team_id);

alter table exercise add column mode varchar(16) not null default 'individual'
    check (mode in ('individual', 'team'));

-- A team's solve of a challenge in a team exercise: one per team and challenge, whatever the
-- races between its members' requests. trainee_id is the member whose flag solved it (their
-- contribution); the row stays with the team that earned it when that member moves on.
create table team_solve (
    id                   bigserial primary key,
    team_id              bigint      not null references team (id),
    trainee_id           bigint      not null references trainee (id),
    challenge_slug       varchar(64) not null,
    challenge_version_id bigint      not null references challenge_version (id),
    exercise_id          bigint      not null references exercise (id),
    submission_id        bigint      not null references submission (id),
    created_at           timestamptz not null default now(),
    constraint team_solve_once unique (team_id, challenge_slug)
);
create index team_solve_slug_idx on team_solve (challenge_slug, id);

-- Team points outside a solve's value (first blood per team, hint costs charged once per team,
-- awards); trainee_id is the member whose action it was.
create table team_adjustment (
    id             bigserial primary key,
    team_id        bigint       not null references team (id),
    trainee_id     bigint       references trainee (id),
    exercise_id    bigint       not null references exercise (id),
    points         integer      not null,
    kind           varchar(16)  not null check (kind in ('first-blood', 'hint', 'award', 'penalty')),
    challenge_slug varchar(64),
    detail_key     varchar(128),
    reason         varchar(500),
    actor          varchar(255),
    created_at     timestamptz  not null default now()
);
create unique index team_adjustment_once_idx
    on team_adjustment (team_id, kind, challenge_slug, detail_key)
    where kind in ('first-blood', 'hint');

-- Which members of a team have submitted a correct flag of a logic: team challenge.
create table team_flag_progress (
    team_id        bigint      not null references team (id),
    challenge_slug varchar(64) not null,
    trainee_id     bigint      not null references trainee (id),
    created_at     timestamptz not null default now(),
    primary key (team_id, challenge_slug, trainee_id)
);
