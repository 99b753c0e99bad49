package id.born2control;

import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/**
 * Test-only sign-in: a request with {@code X-Test-User: name} (optionally {@code X-Test-Cohort},
 * {@code X-Test-Roles: trainee,instructor}) is that person. Lets one test act as many trainees
 * at once, which {@code @TestSecurity} (one identity per test) cannot. Never on the main class
 * path: production identities come from OIDC only.
 */
@ApplicationScoped
public class TestUsers implements HttpAuthenticationMechanism {

  public static final String USER = "X-Test-User";
  public static final String COHORT = "X-Test-Cohort";
  public static final String ROLES = "X-Test-Roles";

  @Override
  public Uni<SecurityIdentity> authenticate(RoutingContext context,
      IdentityProviderManager identityProviderManager) {
    String user = context.request().getHeader(USER);
    if (user == null || user.isBlank()) {
      return Uni.createFrom().nullItem();
    }
    String roles = context.request().getHeader(ROLES);
    QuarkusSecurityIdentity.Builder identity = QuarkusSecurityIdentity.builder()
        .setPrincipal(new QuarkusPrincipal(user));
    for (String role : (roles == null ? "trainee" : roles).split(",")) {
      identity.addRole(role.strip());
    }
    String cohort = context.request().getHeader(COHORT);
    if (cohort != null) {
      identity.addAttribute("cohort", cohort);
    }
    return Uni.createFrom().item(identity.build());
  }

  @Override
  public Uni<ChallengeData> getChallenge(RoutingContext context) {
    return Uni.createFrom().nullItem();
  }

  @Override
  public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
    return Set.of();
  }
}
