-- Append-only, hash-chained audit trail.
--
-- A change and its audit entry commit together: the entry goes into audit_pending inside the
-- change's transaction (a plain insert, no lock, so submissions never queue behind each other's
-- commits). A single sealer then moves finished entries into audit_log in order, each with
-- seq, prev_hash and hash = SHA-256 over the previous hash, the seq and the record's canonical
-- content (see audit.AuditChain). An entry is sealed only once every transaction that could
-- still add an earlier-numbered entry has ended (its xid is below the oldest running one), so
-- the chain never forks and never skips a committed entry. audit_head holds the last seq and
-- hash. Editing or deleting any sealed row breaks every hash after it.
create table audit_pending (
    id      bigserial primary key,
    xid     xid8         not null default pg_current_xact_id(),
    at      timestamptz  not null,
    actor   varchar(255) not null,
    action  varchar(64)  not null,
    subject varchar(255) not null,
    details text         not null
);

create table audit_log (
    seq       bigint primary key,
    at        timestamptz  not null,
    actor     varchar(255) not null,
    action    varchar(64)  not null,
    subject   varchar(255) not null,
    details   text         not null,
    prev_hash char(64)     not null,
    hash      char(64)     not null
);
create index audit_log_action_idx on audit_log (action, subject);

create table audit_head (
    id   integer primary key check (id = 1),
    seq  bigint   not null,
    hash char(64) not null
);
insert into audit_head (id, seq, hash) values (1, 0, repeat('0', 64));

-- Append-only also for the database's own users: updates and deletes are refused. (A superuser
-- can still switch the trigger off; the hash chain is what proves nothing was changed.)
create function audit_log_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'audit_log is append-only';
end $$;
create trigger audit_log_no_update before update or delete on audit_log
    for each statement execute function audit_log_append_only();
