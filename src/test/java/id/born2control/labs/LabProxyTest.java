package id.born2control.labs;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;

import id.born2control.catalog.CatalogService;
import id.born2control.identity.IdentityService;
import id.born2control.identity.TraineeRef;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The authenticated reverse proxy to a lab's http port: its owner only. */
@QuarkusTest
@Tag("docker")
class LabProxyTest {

  @Inject CatalogService catalog;
  @Inject LabService labs;
  @Inject IdentityService identities;

  @BeforeEach
  void install() {
    LabTestSupport.install(catalog);
  }

  @AfterAll
  static void nothingLeftBehind() {
    LabTestSupport.stopAllAndAssertClean(
        io.quarkus.arc.Arc.container().instance(LabService.class).get());
  }

  private String runningLab(String username) {
    return LabTestSupport.startRunning(labs, catalog, identities, username, "labt-web");
  }

  /**
   * Signed in as {@code user} through the test sign-in mechanism: the proxy is a plain HTTP route,
   * where {@code @TestSecurity} (a REST-layer override) does not reach.
   */
  private static io.restassured.specification.RequestSpecification as(String user) {
    return given().header(id.born2control.TestUsers.USER, user);
  }

  @Test
  void shouldProxyOwnersRequestsToTheLab() {
    String id = runningLab("proxy-owner");
    as("proxy-owner").get("/labs/" + id + "/proxy/8080/").then().statusCode(200)
        .body(equalTo("lab ok\n"));
    as("proxy-owner").get("/labs/" + id + "/proxy/8080/flag.txt?x=1").then().statusCode(200)
        .body(matchesPattern("B2C\\{labtest_[0-9a-f]+\\}\\n"));
    // A port the lab does not declare as http is not reachable through the proxy.
    as("proxy-owner").get("/labs/" + id + "/proxy/22/").then().statusCode(404);
    TraineeRef owner = identities.byUsername("proxy-owner").orElseThrow();
    labs.stop(id, owner.id(), false);
    as("proxy-owner").get("/labs/" + id + "/proxy/8080/").then().statusCode(409);
  }

  @Test
  void shouldNotProxyToSomeoneElsesLab() {
    String id = runningLab("proxy-victim");
    as("proxy-intruder").get("/labs/" + id + "/proxy/8080/flag.txt").then().statusCode(404);
    TraineeRef victim = identities.byUsername("proxy-victim").orElseThrow();
    labs.stop(id, victim.id(), false);
    assertEquals("STOPPED", labs.get(id, victim.id(), false).state());
  }

  @Test
  void shouldRequireSignInForTheProxy() {
    given().get("/labs/lab0000/proxy/8080/").then().statusCode(401);
  }
}
