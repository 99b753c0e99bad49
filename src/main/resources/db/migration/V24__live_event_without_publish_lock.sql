-- Live events are published without the cluster-wide advisory lock (issue 17): ids come from the
-- sequence in allocation order, not commit order, so a reader may see id n+1 before id n commits.
-- The reader (cluster.LiveFeed) keeps such holes open until the transactions that could still
-- fill them have ended; a publisher takes its transaction id before its event id
-- (pg_current_xact_id()), which is what lets the reader decide that. The xid column records it.
alter table live_event add column xid xid8 not null default pg_current_xact_id();
