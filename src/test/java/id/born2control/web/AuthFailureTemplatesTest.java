package id.born2control.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import id.born2control.TestUsers;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URL;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * {@link AuthFailureTemplates}: every request leaves authentication with the one shared failing
 * handler, which means Quarkus REST's filter behind it found nothing to swap and skipped its
 * early URL template search (it would have put a new instance of its own); failures are still
 * answered and counted under their templates.
 */
@QuarkusTest
class AuthFailureTemplatesTest {

  private static final String PROBE = "X-Test-Failure-Handler-Probe";
  private static final Map<String, Object> SEEN = new ConcurrentHashMap<>();

  @TestHTTPResource(value = "/metrics", management = true)
  URL metrics;

  /** Notes the failure handler a route right behind Quarkus REST's filter sees, when asked. */
  @ApplicationScoped
  static class FailureHandlerProbe {
    void routes(@Observes Router router) {
      router.route().order(-198).handler(ctx -> {
        String probe = ctx.request().getHeader(PROBE);
        if (probe != null) {
          SEEN.put(probe, ctx.get("io.quarkus.vertx.http.auth-failure-handler"));
        }
        ctx.next();
      });
    }
  }

  @Test
  void shouldSwapInTheSharedFailingHandlerBeforeQuarkusRestSearchesTheTemplate() {
    assertNotNull(AuthFailureTemplates.FAILING, "Quarkus REST's failing handler was not found");
    String signedIn = UUID.randomUUID().toString();
    given().header(PROBE, signedIn).header(TestUsers.USER, "template-trainee")
        .header(TestUsers.ROLES, "trainee").get("/api/me").then().statusCode(200);
    assertSame(AuthFailureTemplates.FAILING, SEEN.get(signedIn));
    String anonymous = UUID.randomUUID().toString();
    given().header(PROBE, anonymous).get("/api/me").then().statusCode(401);
    assertSame(AuthFailureTemplates.FAILING, SEEN.get(anonymous));
  }

  @Test
  void shouldStillCountARefusedRequestUnderItsTemplateNotItsMadeUpPath() {
    String slug = "made-up-" + UUID.randomUUID();
    given().contentType("application/json").body("{\"flag\":\"x\"}")
        .post("/api/challenges/" + slug + "/submissions").then().statusCode(401);
    given().get(metrics).then().statusCode(200)
        .body(containsString("uri=\"/api/challenges/{slug}/submissions\""))
        .body(org.hamcrest.Matchers.not(containsString(slug)));
  }
}
