-- Append-only, hash-chained audit trail. Each record's hash is SHA-256 over the previous hash and
-- the record's canonical content (see audit.AuditChain), so editing or deleting any row breaks
-- every hash after it. audit_head holds the last seq and hash: appending locks that one row, so
-- the chain never forks, and costs one statement.
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

create table audit_head (
    id   integer primary key check (id = 1),
    seq  bigint   not null,
    hash char(64) not null
);
insert into audit_head (id, seq, hash) values (1, 0, repeat('0', 64));

-- Append-only also for the database's own users: updates and deletes are refused. (A superuser
-- can still drop the trigger; the hash chain is what proves nothing was changed.)
create function audit_log_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'audit_log is append-only';
end $$;
create trigger audit_log_no_update before update or delete on audit_log
    for each statement execute function audit_log_append_only();
