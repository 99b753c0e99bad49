-- The audit trail survives someone with the service's database access.
--
-- 1. Keyed chain: records sealed from now on carry alg = 'hmac-sha256' (HMAC-SHA-256 under a
--    key kept outside the database, see audit.AuditKey); records sealed before keep 'sha256' and
--    still verify. Once a keyed record exists, a later unkeyed one is a forgery.
-- 2. pending_id ties a sealed record to the pending entry it came from, so that the service may
--    remove a pending entry only once it is in the chain (audit_sealed below).
-- 3. TRUNCATE is refused like UPDATE and DELETE, for every audit table.
-- 4. The service role (placeholder service_role: the datasource's user) gets ordinary rights on
--    every other table but only SELECT and INSERT on the audit tables; it is no superuser, so it
--    can neither switch the triggers off nor touch session_replication_role. When the service
--    connects as the owner itself (an installation without a separate owner) nothing is granted.
alter table audit_log add column alg varchar(16) not null default 'sha256';
alter table audit_log alter column alg drop default;
alter table audit_log add column pending_id bigint;
create unique index audit_log_pending_idx on audit_log (pending_id);

create function audit_protected() returns trigger language plpgsql as $$
begin
  raise exception '% is append-only', tg_table_name;
end $$;
create trigger audit_log_no_truncate before truncate on audit_log
    for each statement execute function audit_protected();
create trigger audit_pending_no_truncate before truncate on audit_pending
    for each statement execute function audit_protected();
create trigger audit_head_no_truncate before truncate on audit_head
    for each statement execute function audit_protected();
create trigger audit_head_no_delete before delete on audit_head
    for each statement execute function audit_protected();

-- Run by the sealer after it appended records: drops the pending entries now in the chain (and
-- only those) and moves the head to the last record.
create function audit_sealed(ids bigint[]) returns void language sql security definer
    set search_path = public, pg_temp as $$
  delete from audit_pending p
   where p.id = any(ids) and exists (select 1 from audit_log l where l.pending_id = p.id);
  update audit_head h set seq = l.seq, hash = l.hash
    from (select seq, hash from audit_log order by seq desc limit 1) l
   where h.id = 1;
$$;
revoke execute on function audit_sealed(bigint[]) from public;

do $$
declare
  service text := '${service_role}';
begin
  if service = current_user or not exists (select 1 from pg_roles where rolname = service) then
    raise notice 'audit: no separate service role (%), nothing granted', service;
    return;
  end if;
  -- PostgreSQL 14 lets every role create objects in public: the service role creates nothing.
  revoke create on schema public from public;
  execute format('grant usage on schema public to %I', service);
  execute format('grant select, insert, update, delete on all tables in schema public to %I',
      service);
  execute format('grant usage, select, update on all sequences in schema public to %I', service);
  execute format('alter default privileges in schema public'
      || ' grant select, insert, update, delete on tables to %I', service);
  execute format('alter default privileges in schema public'
      || ' grant usage, select, update on sequences to %I', service);
  execute format('revoke all on flyway_schema_history from %I', service);
  execute format('revoke all on audit_log, audit_pending, audit_head from %I', service);
  execute format('grant select, insert on audit_log, audit_pending to %I', service);
  execute format('grant select on audit_head to %I', service);
  execute format('grant execute on function audit_sealed(bigint[]) to %I', service);
end $$;
