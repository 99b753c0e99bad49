package id.born2control.identity;

import java.util.Map;

/**
 * A staff change of teams (create, rename, move, dissolve), fired inside its transaction so the
 * audit trail records it in the same commit (identity cannot use the audit feature itself: audit
 * depends on identity); after commit the team board re-reads team names and cohorts.
 */
public record TeamChanged(String actor, String action, long teamId, Map<String, Object> details) {}
