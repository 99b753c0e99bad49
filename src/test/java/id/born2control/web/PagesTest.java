package id.born2control.web;

import id.born2control.problem.Problem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import org.junit.jupiter.api.Test;

/** The shared page frame: language choice, navigation by role and friendly error pages. */
@QuarkusTest
class PagesTest {

  @Test
  void shouldSpeakIndonesianUntilEnglishIsChosen() {
    given().accept("text/html").when().get("/").then().statusCode(200)
        .body(containsString("<html lang=\"id\">"), containsString("tantangan terbuka"));
    given().accept("text/html").cookie(Pages.LANG_COOKIE, "en").when().get("/").then()
        .statusCode(200)
        .body(containsString("<html lang=\"en\">"), containsString("challenges open for training"));
  }

  @Test
  void shouldRememberTheChosenLanguageAndReturnToThePage() {
    given().redirects().follow(false).when().get("/lang/en?then=/scoreboard/").then()
        .statusCode(303).header("Location", containsString("/scoreboard/"))
        .cookie(Pages.LANG_COOKIE, "en");
  }

  @Test
  void shouldNotRedirectLanguageSwitchOffSite() {
    given().redirects().follow(false).when().get("/lang/id?then=//elsewhere.invalid/").then()
        .statusCode(303).header("Location", not(containsString("elsewhere")));
  }

  @Test
  void shouldRejectUnknownLanguageWithProblem() {
    given().accept("application/json").when().get("/lang/fr").then().statusCode(404)
        .contentType(Problem.MEDIA_TYPE)
        .body("type", equalTo("urn:born2control:problem:unknown-language"),
            "detail", containsString("'fr'"));
  }

  @Test
  void shouldShowFriendlyNotFoundPageInTheChosenLanguage() {
    given().accept("text/html").when().get("/no-such-page").then().statusCode(404)
        .contentType(containsString("text/html"))
        .body(containsString("Halaman tidak ditemukan"), not(containsString("Exception")));
    given().accept("text/html").cookie(Pages.LANG_COOKIE, "en").when().get("/no-such-page").then()
        .statusCode(404).body(containsString("Page not found"));
  }

  @Test
  void shouldKeepProblemDocumentsForApiClients() {
    given().accept("text/html").when().get("/api/no-such-endpoint").then().statusCode(404)
        .contentType(Problem.MEDIA_TYPE);
  }

  @Test
  @TestSecurity(user = "trainee-pages", roles = "trainee")
  void shouldShowOnlyTheAreasTheRoleOpens() {
    given().accept("text/html").when().get("/").then().statusCode(200)
        .body(containsString("trainee-pages"), containsString("href=\"/me\""),
            not(containsString("href=\"/studio\"")), not(containsString("href=\"/dashboard\"")));
  }

  @Test
  @TestSecurity(user = "official-pages", roles = "official")
  void shouldOpenTheDashboardToOfficials() {
    given().accept("text/html").when().get("/").then().statusCode(200)
        .body(containsString("href=\"/dashboard\""), not(containsString("href=\"/studio\"")));
  }

  @Test
  @TestSecurity(user = "instructor-pages", roles = "instructor")
  void shouldTellAnInstructorOnTheDashboardWhichRoleItNeeds() {
    given().accept("text/html").when().get("/dashboard").then().statusCode(403)
        .body(containsString("milik peran lain"), not(containsString("Hubungi instruktur")));
  }

  @Test
  @TestSecurity(user = "trainee-pages", roles = "trainee")
  void shouldSendATraineeOnTheStudioToAnInstructor() {
    given().accept("text/html").when().get("/studio").then().statusCode(403)
        .body(containsString("Hubungi instruktur"));
  }

  @Test
  void shouldAnswerAnEndedSessionWithAProblemInThePersonsLanguage() {
    given().accept("application/json").cookie(Pages.LANG_COOKIE, "en")
        .when().get("/api/me").then().statusCode(401)
        .contentType(Problem.MEDIA_TYPE)
        .body("type", equalTo(Problem.type("not-signed-in")),
            "detail", containsString("Sign in again at /login"));
    given().accept("application/json").when().get("/api/me").then().statusCode(401)
        .body("detail", containsString("Masuk lagi di /login"));
  }

  @Test
  void shouldServeAFavicon() {
    given().when().get("/favicon.ico").then().statusCode(200);
  }
}
