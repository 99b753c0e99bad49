-- Live-fire exercises for teams (issues 18 and 19): in a team exercise the lab is the team's, so
-- the live fire seats teams, not their members. team_mode is the labs feature's copy of the
-- exercise's mode (it never reads scoring's tables).
alter table live_fire add column team_mode boolean not null default false;

-- A team's seat names the team (trainee_id null: the range starts its lab as one of the team's
-- members at the time); a trainee's seat names the trainee, as before.
alter table live_fire_seat alter column trainee_id drop not null;
alter table live_fire_seat add column team_id bigint references team (id);
alter table live_fire_seat add constraint live_fire_seat_who_check
    check ((trainee_id is null) <> (team_id is null));
create unique index live_fire_seat_team_idx on live_fire_seat (exercise_id, team_id)
    where team_id is not null;

-- A team lab's tick scores are paid to the team (a team adjustment of kind 'scenario', detail
-- key: lab and tick, paid once as the tick score row is unique per lab and tick).
alter table team_adjustment drop constraint team_adjustment_kind_check;
alter table team_adjustment add constraint team_adjustment_kind_check
    check (kind in ('first-blood', 'hint', 'award', 'penalty', 'defense', 'scenario'));
alter table scenario_tick_score add column team_adjustment_id bigint
    references team_adjustment (id);
