-- Team labs (issue 18): in a team exercise a challenge's lab belongs to the starter's team, so
-- every member works in the one lab. trainee_id stays the member who started it.
alter table lab_instance add column team_id bigint references team (id);
-- At most one live lab per team and challenge, whatever races its members' starts have. The
-- per-trainee index now holds for a trainee's own labs only, so a member who moved to another
-- team can start that team's lab while the one they started for their old team lives on.
create unique index lab_instance_one_active_team_idx on lab_instance (team_id, challenge_slug)
    where team_id is not null and state in ('PROVISIONING', 'STARTING', 'RUNNING', 'STOPPING');
drop index lab_instance_one_active_idx;
create unique index lab_instance_one_active_idx on lab_instance (trainee_id, challenge_slug)
    where team_id is null and state in ('PROVISIONING', 'STARTING', 'RUNNING', 'STOPPING');
create index lab_instance_team_idx on lab_instance (team_id, created_at desc)
    where team_id is not null;

-- A team lab's dynamic flag is issued to the team: any member's submission of it is the team's.
alter table issued_flag add column team_id bigint references team (id);

-- A flag-sharing incident names the teams involved when there are any (submitter's team now,
-- the team the flag was issued to).
alter table incident add column submitter_team_id bigint references team (id);
alter table incident add column owner_team_id bigint references team (id);
