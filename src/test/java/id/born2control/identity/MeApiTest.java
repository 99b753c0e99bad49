package id.born2control.identity;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** Bearer tokens from the real Keycloak: who am I, roles and cohort from the token. */
@QuarkusTest
class MeApiTest {

  @Test
  void shouldShowCohortAndRolesOfBearerTokenHolder() {
    // trainee2 is in group /cohorts/cohort-b in the demo realm; the cohort comes from the token.
    given().auth().oauth2(TestKeycloak.get().demoToken("trainee2"))
        .when().get("/api/me")
        .then().statusCode(200)
        .body("username", equalTo("trainee2"))
        .body("displayName", equalTo("Demo Trainee Two"))
        .body("cohort", equalTo("cohort-b"))
        .body("roles", contains("trainee"));
  }

  @Test
  void shouldAnswerAnonymousApiCallWithProblemNotRedirect() {
    given().redirects().follow(false)
        .when().get("/api/me")
        .then().statusCode(401)
        .contentType("application/problem+json")
        .body("type", equalTo("urn:born2control:problem:not-signed-in"));
  }

  @Test
  void shouldRejectForgedToken() {
    // A syntactically valid JWT signed by nobody Keycloak knows.
    String forged = "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9."
        + "eyJzdWIiOiJ4IiwicHJlZmVycmVkX3VzZXJuYW1lIjoieCJ9.c2lnbmF0dXJl";
    given().auth().oauth2(forged).redirects().follow(false)
        .when().get("/api/me")
        .then().statusCode(401);
  }

  @Test
  void shouldGiveInstructorRoleFromRealmRoles() {
    given().auth().oauth2(TestKeycloak.get().demoToken("instructor1"))
        .when().get("/api/me")
        .then().statusCode(200)
        .body("roles", contains("instructor"));
  }
}
