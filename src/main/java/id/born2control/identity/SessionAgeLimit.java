package id.born2control.identity;

import io.quarkus.oidc.IdTokenCredential;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonNumber;
import java.time.Instant;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Ends a browser session {@code b2c.identity.session-max} after its sign-in, however active it
 * stays (refreshed tokens keep the sign-in's {@code auth_time}); the person is then asked to sign
 * in again. Bearer tokens of API clients are not sessions and are left alone.
 */
@ApplicationScoped
class SessionAgeLimit implements SecurityIdentityAugmentor {

  private final IdentityConfig config;

  SessionAgeLimit(IdentityConfig config) {
    this.config = config;
  }

  @Override
  public Uni<SecurityIdentity> augment(SecurityIdentity identity,
      AuthenticationRequestContext context) {
    if (identity.isAnonymous() || identity.getCredential(IdTokenCredential.class) == null
        || !(identity.getPrincipal() instanceof JsonWebToken token)) {
      return Uni.createFrom().item(identity);
    }
    Object authTime = token.getClaim("auth_time");
    Instant signedIn = authTime instanceof JsonNumber json ? Instant.ofEpochSecond(json.longValue())
        : authTime instanceof Number number ? Instant.ofEpochSecond(number.longValue())
        : Instant.now();
    if (signedIn.plus(config.sessionMax()).isBefore(Instant.now())) {
      return Uni.createFrom().failure(new AuthenticationFailedException(
          "the session reached its maximum length of " + config.sessionMax()));
    }
    return Uni.createFrom().item(identity);
  }
}
