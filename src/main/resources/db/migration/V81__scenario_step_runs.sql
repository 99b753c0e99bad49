-- Live-fire scenarios: each run of an adversary step in a lab (labs.AdversarySteps). outcome is
-- succeeded (the script exited 0: the trainee did not stop it), stopped (any other exit) or
-- not_run (the adversary host did not run it: never the trainee's failure). output is the
-- step's own output, bounded (4 KiB), shown to instructors only.
create table scenario_step_run (
    id bigserial primary key,
    instance_id varchar(64) not null,
    tick bigint not null,
    step_name varchar(63) not null,
    technique varchar(16),
    outcome varchar(16) not null,
    output varchar(4096),
    ran_at timestamptz not null,
    unique (instance_id, tick, step_name)
);
