-- Live-fire scenarios: the score of each tick of each lab (scoring.ScenarioTickScores), a pure
-- function (scoring.TickScoring) of that tick's stored check results and adversary step runs.
-- paid is the points adjustment that paid it, null while the challenge was not open to the
-- trainee (the score is still shown) or when it was 0.
create table scenario_tick_score (
    id bigserial primary key,
    instance_id varchar(64) not null,
    trainee_id bigint not null,
    challenge_slug varchar(64) not null,
    tick bigint not null,
    service integer not null,
    defended integer not null,
    attacked integer not null,
    compromised integer not null,
    total integer not null,
    adjustment_id bigint references points_adjustment (id),
    scored_at timestamptz not null,
    unique (instance_id, tick)
);
