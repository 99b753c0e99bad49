package id.born2control.identity;

import id.born2control.problem.RangeException;

/** The roster import cannot reach Keycloak's admin API (not configured). */
class RosterUnavailableException extends RangeException {

  RosterUnavailableException() {
    super(503, "roster-unavailable", "Roster import unavailable",
        "The roster's Keycloak service account is not configured (B2C_KEYCLOAK_ROSTER_SECRET); ask the operator.");
  }
}
