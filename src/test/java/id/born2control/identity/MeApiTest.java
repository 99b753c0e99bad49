package id.born2control.identity;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Bearer tokens from the real Keycloak: who am I, roles and cohort from the token. */
@QuarkusTest
@Tag("keycloak")
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
  void shouldRejectTokenSignedByKeyKeycloakDoesNotHave() throws Exception {
    // The attacker's best forgery: exactly the claims of a real token (issuer of the test realm,
    // exp in the future, aud/azp, preferred_username, realm roles) under Keycloak's own key id,
    // re-signed RS256 with a fresh key. Only the signature tells it apart.
    String real = TestKeycloak.get().demoToken("instructor1");
    String[] parts = real.split("\\.");
    Map<String, Object> header = json(parts[0]);
    Map<String, Object> claims = json(parts[1]);
    assertEquals(TestKeycloak.get().realmUrl(), claims.get("iss"));
    assertTrue(((Number) claims.get("exp")).longValue() > Instant.now().getEpochSecond());
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    String forged = Jwt.claims(claims).jws().algorithm(SignatureAlgorithm.RS256)
        .keyId((String) header.get("kid")).sign(generator.generateKeyPair().getPrivate());

    given().auth().oauth2(real).when().get("/api/me")
        .then().statusCode(200).body("roles", contains("instructor"));
    given().auth().oauth2(forged).redirects().follow(false)
        .when().get("/api/me")
        .then().statusCode(401);
  }

  private static Map<String, Object> json(String base64Url) throws Exception {
    return new ObjectMapper().readValue(Base64.getUrlDecoder().decode(base64Url),
        new TypeReference<Map<String, Object>>() {});
  }

  @Test
  void shouldGiveInstructorRoleFromRealmRoles() {
    given().auth().oauth2(TestKeycloak.get().demoToken("instructor1"))
        .when().get("/api/me")
        .then().statusCode(200)
        .body("roles", contains("instructor"));
  }
}
