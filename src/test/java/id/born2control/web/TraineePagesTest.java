package id.born2control.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;

import id.born2control.catalog.CatalogService;
import id.born2control.scoring.Api;
import id.born2control.scoring.TestChallenges;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The trainee pages as server-rendered HTML: the board's marks, the challenge page's parts, the
 * instructors' preview, my page, and who may open what. Each test uses its own trainees, so the
 * solves of one never change what another sees.
 */
@QuarkusTest
class TraineePagesTest {

  @Inject CatalogService catalog;

  private static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static RequestSpecification page(RequestSpecification as) {
    return as.accept("text/html");
  }

  @Test
  void shouldSendAnonymousVisitorsOfMyPageToSignIn() {
    given().accept("text/html").redirects().follow(false).when().get("/me").then()
        .statusCode(303).header("Location", containsString("/login?then=%2Fme"));
  }

  @Test
  void shouldShowFriendlyNotFoundPageForUnknownChallenge() {
    page(Api.as(unique("pages-lost"), null)).get("/challenges/no-such-challenge").then()
        .statusCode(404).contentType(containsString("text/html"))
        .body(containsString("Halaman tidak ditemukan"), not(containsString("Exception")));
  }

  @Test
  void shouldMarkSolvedChallengesAndNameWhatUnlocksLockedOnes() {
    String fresh = unique("pages-fresh");
    page(Api.as(fresh, null)).get("/").then().statusCode(200)
        .body(containsString("href=\"/challenges/log-forensics\""),
            // web-backdoor needs log-forensics first, and the card says so by name
            matchesPattern("(?s).*data-slug=\"web-backdoor\">.*?Terkunci sampai Anda"
                + " menyelesaikan:.*?Log Forensics: Who Got In\\?.*"),
            not(containsString("class=\"card solved")));

    String solver = unique("pages-solver");
    Api.submit(Api.as(solver, null), "log-forensics", "B2C{203.0.113.77}").statusCode(200)
        .body("status", equalTo("correct"));
    page(Api.as(solver, null)).get("/").then().statusCode(200)
        .body(containsString("class=\"card solved\" data-slug=\"log-forensics\""),
            containsString("class=\"card\" data-slug=\"web-backdoor\""),
            containsString("Anda sudah menyelesaikan 1."));
  }

  @Test
  void shouldShowDescriptionFilesHintsLabPanelAndFlagForm() {
    page(Api.as(unique("pages-reader"), null)).get("/challenges/log-forensics").then()
        .statusCode(200)
        .body(containsString("<h1>Log Forensics: Who Got In?</h1>"),
            containsString("<strong>IP address of the attacker"),
            containsString("href=\"/api/challenges/log-forensics/files/dist/access.log\""),
            // the free hint is open, the paid one offers its price
            containsString("<strong>Petunjuk 1</strong>"),
            containsString("Failed requests (4xx) tell you who tried"),
            containsString("Buka petunjuk (10 poin)"),
            containsString("id=\"flag-form\""), containsString("/assets/challenge.js"),
            not(containsString("id=\"lab-panel\"")));
    page(Api.as(unique("pages-labber"), null)).cookie(Pages.LANG_COOKIE, "en")
        .get("/challenges/firewall-block").then().statusCode(200)
        .body(containsString("<html lang=\"en\">"), containsString("id=\"lab-panel\""),
            containsString("Start lab"), containsString("Submit a flag"));
  }

  @Test
  void shouldShowAnUnlockedHintWithoutAskingAgain() {
    String user = unique("pages-hinted");
    Api.as(user, null).contentType("application/json")
        .post("/api/challenges/log-forensics/hints/1/unlock").then().statusCode(200);
    page(Api.as(user, null)).get("/challenges/log-forensics").then().statusCode(200)
        .body(containsString("Web shells usually live in an upload folder"),
            not(containsString("Buka petunjuk (10 poin)")));
  }

  @Test
  void shouldPreviewHiddenChallengesForInstructorsOnly() {
    TestChallenges.write(catalog, "pages-hidden",
        TestChallenges.staticChallenge("pages-hidden", "B2C{hidden}", "state: hidden"));
    page(Api.withRoles(unique("pages-teacher"), "instructor"))
        .get("/challenges/pages-hidden?preview=true").then().statusCode(200)
        .body(containsString("id=\"preview-banner\""), containsString("<h1>pages-hidden</h1>"),
            // exactly the trainee's page, but nothing in it acts
            containsString("id=\"flag-submit\" disabled"));
    page(Api.as(unique("pages-peeker"), null)).get("/challenges/pages-hidden?preview=true")
        .then().statusCode(403).body(containsString("Akses ditolak"));
    page(Api.as(unique("pages-peeker"), null)).get("/challenges/pages-hidden").then()
        .statusCode(404);
  }

  @Test
  void shouldShowMyScoreRanksAndSolves() {
    String user = unique("pages-me");
    Api.submit(Api.as(user, "cohort-pages"), "log-forensics", "B2C{203.0.113.77}")
        .statusCode(200).body("status", equalTo("correct"));
    // the ranking is updated after the commit, on its own thread
    long deadline = System.nanoTime() + 10_000_000_000L;
    String html;
    do {
      html = page(Api.as(user, "cohort-pages")).get("/me").then().statusCode(200)
          .extract().asString();
    } while (!html.contains("id=\"my-cohort-rank\">#1<") && System.nanoTime() < deadline);
    org.hamcrest.MatcherAssert.assertThat(html, allOf(
        matchesPattern("(?s).*id=\"my-score\">[1-9][0-9]*<.*"),
        matchesPattern("(?s).*id=\"my-rank\">#[0-9]+<.*"),
        containsString("id=\"my-cohort-rank\">#1<"),
        containsString("Peringkat di cohort-pages"),
        containsString("data-slug=\"log-forensics\""),
        containsString("class=\"chart\""), containsString("/scoreboard/charts.js")));
  }

  @Test
  void shouldTellStaffWithoutTheTraineeRoleThereIsNoScore() {
    page(Api.withRoles(unique("pages-official"), "official")).get("/me").then().statusCode(200)
        .body(containsString("tanpa peran peserta"), not(containsString("my-score")));
  }

  @Test
  void shouldNotOpenTheTerminalOfAnUnknownLab() {
    page(Api.as(unique("pages-term"), null)).get("/labs/lab0000000000000000/terminal").then()
        .statusCode(404).body(containsString("Halaman tidak ditemukan"));
    given().accept("text/html").redirects().follow(false)
        .get("/labs/lab0000000000000000/terminal").then().statusCode(303);
  }
}
