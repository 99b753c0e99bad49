-- Lab web sites live on their own origins (<label>.<b2c.labs.web-domain>); the range hands out
-- one-time links into them (labs.LabWebTickets).
--
-- lab_web_key: the key every instance signs lab host names and lab cookies with, created once
-- by whichever instance needs it first, so several instances on one database agree.
create table lab_web_key (
    id integer primary key check (id = 1),
    secret bytea not null
);

-- lab_web_ticket: one row per one-time link; used_at is set by the instance that redeems it,
-- in one conditional update, so a link opens exactly once whichever instance receives it.
-- Only the SHA-256 of the ticket is stored.
create table lab_web_ticket (
    ticket_hash varchar(64) primary key,
    instance_id varchar(64) not null,
    port integer not null,
    trainee_id bigint not null,
    instructor boolean not null,
    path varchar(2048) not null,
    expires_at timestamptz not null,
    used_at timestamptz
);
create index lab_web_ticket_expires_idx on lab_web_ticket (expires_at);
