package id.born2control.identity;

import id.born2control.TestTiers;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * A real Keycloak for every Quarkus test: the shipped demo realm imported into a fresh database,
 * the OIDC tenant of the range pointed at it. One Keycloak serves the whole test JVM (Quarkus may
 * restart the application between test profiles; Keycloak keeps running and is stopped when the
 * JVM exits). In a run without {@code keycloak} tests (the quick tier) Keycloak is not started and
 * the OIDC tenant stays off, as in an installation without Keycloak; tests sign in through
 * {@code TestUsers} or {@code @TestSecurity}.
 */
@QuarkusTestResource(value = KeycloakTestResource.class, restrictToAnnotatedClass = false)
public class KeycloakTestResource implements QuarkusTestResourceLifecycleManager {

  @Override
  public Map<String, String> start() {
    if (!TestTiers.runs("keycloak")) {
      return Map.of();
    }
    TestKeycloak keycloak = TestKeycloak.get();
    return Map.of(
        "quarkus.oidc.tenant-enabled", "true",
        "quarkus.oidc.auth-server-url", keycloak.realmUrl(),
        "quarkus.oidc.client-id", TestKeycloak.WEB_CLIENT,
        "quarkus.oidc.credentials.secret", TestKeycloak.WEB_SECRET,
        "b2c.identity.admin-url", keycloak.url(),
        "b2c.identity.roster-client-secret", TestKeycloak.ROSTER_SECRET);
  }

  @Override
  public void stop() {
    // Kept for the next application start in this JVM; a shutdown hook stops it.
  }
}
