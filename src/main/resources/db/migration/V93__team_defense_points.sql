-- Defense-check points in team exercises go to the team, once per team, challenge and check
-- (as first blood and hints are once per team).
alter table team_adjustment drop constraint team_adjustment_kind_check;
alter table team_adjustment add constraint team_adjustment_kind_check
    check (kind in ('first-blood', 'hint', 'award', 'penalty', 'defense'));
drop index team_adjustment_once_idx;
create unique index team_adjustment_once_idx
    on team_adjustment (team_id, kind, challenge_slug, detail_key)
    where kind in ('first-blood', 'hint', 'defense');
