package id.born2control.catalog;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
class CatalogApiTest {

  @Test
  void shouldListShippedChallengesByCategory() {
    given().when().get("/api/challenges").then().statusCode(200)
        .body("challenges.flatten().slug", hasItem("log-forensics"));
  }

  @Test
  void shouldAnswerUnknownChallengeWithProblemDetails() {
    given().when().get("/api/challenges/no-such-thing").then().statusCode(404)
        .contentType("application/problem+json")
        .body("type", org.hamcrest.Matchers.equalTo("urn:born2control:problem:challenge-not-found"))
        .body("detail", not(org.hamcrest.Matchers.containsString("Exception")));
  }
}
