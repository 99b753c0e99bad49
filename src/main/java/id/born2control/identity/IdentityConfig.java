package id.born2control.identity;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Where people sign in and how the roster reaches Keycloak. */
@ConfigMapping(prefix = "b2c.identity")
public interface IdentityConfig {

  /** Keycloak base URL for the admin API (roster import), such as http://127.0.0.1:8180. */
  @WithDefault("${B2C_KEYCLOAK_ADMIN_URL:http://127.0.0.1:8180}")
  String adminUrl();

  /** The realm holding the range's users, roles and cohort groups. */
  @WithDefault("${B2C_KEYCLOAK_REALM:born2control}")
  String realm();

  /**
   * Confidential client of the realm whose service account the roster import signs in as; it
   * needs only the realm-management roles manage-users, view-users, query-users, query-groups.
   */
  @WithDefault("${B2C_KEYCLOAK_ROSTER_CLIENT:range-roster}")
  String rosterClient();

  /** Its client secret; the roster import answers 503 until one is configured. */
  Optional<String> rosterClientSecret();

  /**
   * Parallel calls to Keycloak's admin API during a roster import (people created at once). More
   * than the cores helps: each call also waits on Keycloak's database.
   */
  @WithDefault("16")
  int rosterConcurrency();

  /** Most data rows one roster file may hold. */
  @WithDefault("10000")
  int rosterMaxRows();

  /** How long a finished roster job and its result file are kept (in memory). */
  @WithDefault("24H")
  Duration rosterKeep();

  /** How long the sign-in page waits for Keycloak before showing "sign-in unavailable". */
  @WithDefault("2S")
  Duration probeTimeout();

  /**
   * How long a browser session survives without a request past its last token (the session
   * cookie's lifetime beyond the ID token; quarkus.oidc.authentication.session-age-extension).
   */
  @WithDefault("2H")
  Duration sessionIdle();

  /** Longest browser session from its sign-in; then the person signs in again. */
  @WithDefault("12H")
  Duration sessionMax();

  /** Fewest members a team is created with; a team exercise does not start with a smaller team. */
  @WithDefault("2")
  int teamMinMembers();

  /** Most members a team may have. */
  @WithDefault("8")
  int teamMaxMembers();
}
