package id.born2control.identity;

import id.born2control.problem.RangeException;

/** The roster import cannot reach Keycloak's admin API (not configured). */
class RosterUnavailableException extends RangeException {

  RosterUnavailableException() {
    super(503, "roster-unavailable", "Roster import unavailable",
        "No Keycloak admin account is configured (B2C_KEYCLOAK_ADMIN_PASSWORD); ask the operator.");
  }
}
