-- Tick scores of live-fire scenarios are paid as points adjustments of kind 'scenario'
-- (detail_key: the lab instance and tick). Each is paid once: it is inserted in the transaction
-- that inserts its scenario_tick_score row, unique per lab and tick.
alter table points_adjustment drop constraint points_adjustment_kind_check;
alter table points_adjustment add constraint points_adjustment_kind_check
    check (kind in ('first-blood', 'hint', 'award', 'penalty', 'defense', 'scenario'));
