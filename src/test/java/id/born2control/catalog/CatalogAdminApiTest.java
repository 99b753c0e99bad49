package id.born2control.catalog;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import org.junit.jupiter.api.Test;

/** Catalog administration is for instructors only. */
@QuarkusTest
class CatalogAdminApiTest {

  @Test
  @TestSecurity(user = "catalog-instructor", roles = "instructor")
  void shouldSyncAndListForInstructors() {
    given().contentType("application/json").post("/api/admin/catalog/sync").then().statusCode(200);
    given().get("/api/admin/catalog").then().statusCode(200)
        .body("slug", hasItem("log-forensics"));
  }

  @Test
  void shouldRefuseAnonymousSync() {
    given().contentType("application/json").post("/api/admin/catalog/sync").then().statusCode(401);
  }

  @Test
  @TestSecurity(user = "catalog-trainee", roles = "trainee")
  void shouldRefuseTraineeSync() {
    given().contentType("application/json").post("/api/admin/catalog/sync").then().statusCode(403);
    given().get("/api/admin/catalog/problems").then().statusCode(403);
  }
}
