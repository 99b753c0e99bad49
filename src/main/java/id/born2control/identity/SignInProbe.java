package id.born2control.identity;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Whether the identity provider answers right now, so a browser is only sent to a login page that
 * exists. Bearer tokens do not need it: their keys are cached by quarkus-oidc.
 */
@ApplicationScoped
public class SignInProbe {

  private static final Logger LOG = Logger.getLogger(SignInProbe.class);
  private static final long REMEMBER_MILLIS = 3_000;

  private final boolean enabled;
  private final URI discovery;
  private final Duration timeout;
  private final HttpClient http;
  private volatile long checkedAt;
  private volatile boolean up;

  SignInProbe(
      @ConfigProperty(name = "quarkus.oidc.tenant-enabled", defaultValue = "true") boolean enabled,
      @ConfigProperty(name = "quarkus.oidc.auth-server-url") String authServerUrl,
      IdentityConfig config) {
    this.enabled = enabled;
    String base = authServerUrl.endsWith("/") ? authServerUrl : authServerUrl + "/";
    this.discovery = URI.create(base + ".well-known/openid-configuration");
    this.timeout = config.probeTimeout();
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  /** Whether sign-in is configured at all. */
  public boolean configured() {
    return enabled;
  }

  /** Whether the provider's discovery document answers (remembered for a few seconds). */
  public boolean available() {
    if (!enabled) {
      return false;
    }
    long now = System.currentTimeMillis();
    if (now - checkedAt < REMEMBER_MILLIS) {
      return up;
    }
    boolean answer;
    try {
      HttpResponse<Void> response = http.send(
          HttpRequest.newBuilder(discovery).timeout(timeout).GET().build(),
          HttpResponse.BodyHandlers.discarding());
      answer = response.statusCode() == 200;
    } catch (IOException e) {
      answer = false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      answer = false;
    }
    if (answer != up) {
      LOG.infof("identity provider %s is %s", discovery, answer ? "reachable" : "unreachable");
    }
    up = answer;
    checkedAt = now;
    return answer;
  }
}
