-- Terminal sessions recorded by the range at the terminal WebSocket (labs.TerminalRecordings),
-- as asciicast v2: one row per session (who typed, whose lab, which host, start and end, the
-- terminal's first size) and its events in chunks written while the session runs, so a
-- terminal never waits for the database and a session holds at most one chunk in memory.
-- bytes counts the stored events; past b2c.labs.terminal-recording-max the recording stops
-- and truncated is set (the last chunk then ends with an "m" marker event).
create table terminal_recording (
    id bigserial primary key,
    instance_id varchar(64) not null,
    owner_id bigint not null,
    actor_id bigint not null,
    challenge_slug varchar(64) not null,
    host varchar(63),
    started_at timestamptz not null,
    ended_at timestamptz,
    width integer not null,
    height integer not null,
    bytes bigint not null default 0,
    truncated boolean not null default false
);
create index terminal_recording_lab on terminal_recording (instance_id, started_at);
create index terminal_recording_owner on terminal_recording (owner_id, started_at);

create table terminal_recording_chunk (
    id bigserial primary key,
    recording_id bigint not null references terminal_recording (id) on delete cascade,
    seq integer not null,
    events text not null,
    unique (recording_id, seq)
);
