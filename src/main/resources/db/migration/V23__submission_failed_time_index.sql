-- The officials' brute-force incident list reads the failed submissions of the last window
-- (ScoringService.bruteForce); without this index it scans every submission ever stored.
create index submission_failed_time_idx on submission (created_at)
    where status in ('wrong', 'shared-flag');
