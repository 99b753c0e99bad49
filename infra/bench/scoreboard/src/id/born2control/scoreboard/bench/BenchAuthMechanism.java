package id.born2control.scoreboard.bench;

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
 * BENCHMARK BUILD ONLY: trusts an {@code X-Bench-User} header as the signed-in trainee, so wrk
 * can read {@code /api/scoreboard/me} without an identity provider on the bench machine; with
 * {@code X-Bench-Role: instructor} the caller is an instructor too (livefire.sh schedules its
 * exercise through the instructors' API).
 */
@ApplicationScoped
public class BenchAuthMechanism implements HttpAuthenticationMechanism {

  @Override
  public Uni<SecurityIdentity> authenticate(RoutingContext context,
      IdentityProviderManager identityProviderManager) {
    String user = context.request().getHeader("X-Bench-User");
    if (user == null) {
      return Uni.createFrom().optional(java.util.Optional.empty());
    }
    QuarkusSecurityIdentity.Builder who = QuarkusSecurityIdentity.builder()
        .setPrincipal(new QuarkusPrincipal(user)).addRole("trainee");
    if ("instructor".equals(context.request().getHeader("X-Bench-Role"))) {
      who.addRole("instructor");
    }
    return Uni.createFrom().item(who.build());
  }

  @Override
  public Uni<ChallengeData> getChallenge(RoutingContext context) {
    return Uni.createFrom().optional(java.util.Optional.empty());
  }

  @Override
  public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
    return Set.of();
  }
}
