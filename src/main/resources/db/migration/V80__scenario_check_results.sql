-- Live-fire scenarios: what each service check of a lab reported at each tick
-- (labs.ScenarioChecks). One row per lab, tick and check; a tick the checker could not run is
-- stored as not_checked, never as the trainee's failure. reason is bounded (the checker's
-- output is the lab's, never trusted beyond a short text).
create table scenario_check_result (
    id bigserial primary key,
    instance_id varchar(64) not null,
    tick bigint not null,
    check_name varchar(63) not null,
    status varchar(16) not null,
    reason varchar(200),
    checked_at timestamptz not null,
    unique (instance_id, tick, check_name)
);
