-- Live-fire exercises (issue 19, item 5). A lab of a live-fire exercise counts its scenario's
-- ticks from the exercise's start (clock_start), not from its own start, so every participant,
-- late or restarted, is on the same clock; no tick runs after clock_end (the adversary and the
-- checks stop there). Both are null for a lab outside any live-fire exercise.
alter table lab_instance add column clock_start timestamptz;
alter table lab_instance add column clock_end timestamptz;

-- The live-fire side of an exercise (scoring's exercise row holds its name, window and cohorts;
-- the labs feature keeps its own copy of what it needs and never reads scoring's tables).
-- cohorts: newline-separated names, empty for every cohort.
create table live_fire (
    exercise_id bigint primary key,
    challenge_slug varchar(64) not null,
    cohorts varchar(4000) not null,
    starts_at timestamptz not null,
    ends_at timestamptz not null,
    debrief_seconds integer not null,
    phase varchar(16) not null,
    created_at timestamptz not null,
    check (ends_at > starts_at),
    check (debrief_seconds >= 0)
);

-- One participant of a live-fire exercise: the lab the range started for them (or they started
-- themselves, late or after a restart) and where it is. state: waiting (not started yet),
-- provisioning, ready, failed (reason says why; staff may retry), removed (after the debrief).
create table live_fire_seat (
    id bigserial primary key,
    exercise_id bigint not null references live_fire (exercise_id),
    trainee_id bigint not null references trainee (id),
    instance_id varchar(32),
    state varchar(16) not null,
    reason varchar(500),
    attempts integer not null default 0,
    updated_at timestamptz not null,
    unique (exercise_id, trainee_id)
);
create index live_fire_seat_exercise on live_fire_seat (exercise_id, state);
