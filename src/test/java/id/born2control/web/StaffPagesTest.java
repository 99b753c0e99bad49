package id.born2control.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.born2control.TestUsers;
import id.born2control.catalog.CatalogService;
import id.born2control.identity.IdentityService;
import id.born2control.scoreboard.StaffBoards;
import id.born2control.scoring.ExerciseRef;
import id.born2control.scoring.ExerciseRequest;
import id.born2control.scoring.ExerciseService;
import id.born2control.scoring.ScoringService;
import id.born2control.scoring.TestChallenges;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The instructor studio and the officials' dashboard over HTTP: who may open them, what they
 * show, and that the boards page and search correctly over a large cohort. Forms are posted the
 * way a browser posts them, with the CSRF cookie and field the page handed out.
 */
@QuarkusTest
class StaffPagesTest {

  private static final Pattern CSRF = Pattern.compile(
      "name=\"csrf-token\" value=\"([^\"]+)\"");
  private static final Pattern BOARD_ROW = Pattern.compile(
      "<tr data-user=\"([^\"]+)\">\\s*<td class=\"num\">(\\d+)</td>");

  @Inject
  IdentityService identities;
  @Inject
  ScoringService scoring;
  @Inject
  StaffBoards boards;
  @Inject
  ObjectMapper json;
  @Inject
  ExerciseService exercises;
  @Inject
  CatalogService catalogService;

  @ConfigProperty(name = "b2c.catalog.path")
  Path catalog;

  private static RequestSpecification as(String user, String role) {
    return given().header(TestUsers.USER, user).header(TestUsers.ROLES, role).accept("text/html");
  }

  private static RequestSpecification instructor() {
    return as("instructor-staff-pages", "instructor");
  }

  private static RequestSpecification official() {
    return as("official-staff-pages", "official");
  }

  /** A page's CSRF token and cookie, as a browser gets them with the form. */
  private record Form(String token, String cookie) {
    RequestSpecification post(RequestSpecification as) {
      return as.redirects().follow(false).cookie("csrf-token", cookie)
          .contentType("application/x-www-form-urlencoded").formParam("csrf-token", token);
    }
  }

  private static Form form(RequestSpecification as, String page) {
    Response response = as.get(page);
    assertEquals(200, response.statusCode(), page);
    Matcher m = CSRF.matcher(response.asString());
    assertTrue(m.find(), "the page has a CSRF field: " + page);
    return new Form(m.group(1), response.cookie("csrf-token"));
  }

  @Test
  void shouldSendAnonymousBrowsersToSignIn() {
    for (String page : List.of("/studio", "/studio/fleet", "/dashboard", "/dashboard/audit")) {
      given().accept("text/html").redirects().follow(false).get(page).then().statusCode(303)
          .header("Location", containsString("/login?then=" + page.replace("/", "%2F")));
    }
  }

  @Test
  void shouldFormRenameMoveAndDissolveTeamsFromTheStudio() {
    String cohort = "studio-teams";
    for (String u : List.of("st-a", "st-b", "st-c")) {
      identities.ensure(u, null, cohort);
    }
    Form form = form(instructor(), "/studio/teams");
    // One member is too few: the page comes back with the reason, nothing is stored.
    String refused = form.post(instructor()).cookie(Pages.LANG_COOKIE, "en")
        .formParam("name", "Studio Reds").formParam("cohort", cohort).formParam("members", "st-a")
        .post("/studio/teams").then().statusCode(400).extract().asString();
    assertTrue(refused.contains("Change refused:") && refused.contains("a team has 2 to 8"),
        refused);
    form.post(instructor()).formParam("name", "Studio Reds").formParam("cohort", cohort)
        .formParam("members", "st-a, st-b").post("/studio/teams").then().statusCode(303)
        .header("Location", containsString("/studio/teams?done=created"));
    String page = instructor().cookie(Pages.LANG_COOKIE, "en").get("/studio/teams").then()
        .statusCode(200).extract().asString();
    Matcher row = Pattern.compile("<tr data-team=\"(\\d+)\">\\s*<th scope=\"row\">Studio Reds")
        .matcher(page);
    assertTrue(row.find(), page);
    String id = row.group(1);
    form.post(instructor()).formParam("name", "Studio Blues")
        .post("/studio/teams/" + id + "/name").then().statusCode(303);
    form.post(instructor()).formParam("username", "st-c")
        .post("/studio/teams/" + id + "/members").then().statusCode(303);
    String moved = instructor().get("/studio/teams").then().statusCode(200).extract().asString();
    assertTrue(moved.contains("Studio Blues") && moved.contains("st-a, st-b, st-c"), moved);
    form.post(instructor()).post("/studio/teams/" + id + "/dissolve").then().statusCode(303);
    // Without the page's CSRF field the studio refuses the change.
    instructor().redirects().follow(false).contentType("application/x-www-form-urlencoded")
        .formParam("name", "Forged").post("/studio/teams/" + id + "/name").then()
        .statusCode(400);
  }

  @Test
  void shouldGiveEveryStudioFormItsTokenAndBoardReadsNoCookie() {
    for (String page : List.of("/studio", "/studio/exercises", "/studio/roster", "/studio/teams",
        "/studio/live-fire")) {
      assertTrue(form(instructor(), page).cookie() != null, "the CSRF cookie with " + page);
    }
    assertTrue(instructor().get("/studio/fleet").cookie("csrf-token") != null);
    // A big screen or a script reading boards, or a page without a form, is given no token.
    for (String read : List.of("/api/scoreboard?limit=100", "/api/scoreboard/teams?limit=100",
        "/")) {
      Response response = given().get(read);
      assertEquals(200, response.statusCode(), read);
      assertEquals(null, response.header("Set-Cookie"), read);
    }
  }

  @Test
  void shouldShowFriendlyForbiddenPageToOtherRoles() {
    as("trainee-staff-pages", "trainee").get("/studio").then().statusCode(403)
        .contentType(containsString("text/html")).body(containsString("Akses ditolak"),
            not(containsString("Exception")));
    official().get("/studio/exercises").then().statusCode(403)
        .body(containsString("Akses ditolak"));
    instructor().get("/dashboard").then().statusCode(403).body(containsString("Akses ditolak"));
    as("trainee-staff-pages", "trainee").cookie(Pages.LANG_COOKIE, "en").get("/dashboard/report")
        .then().statusCode(403).body(containsString("Access denied"));
  }

  @Test
  void shouldShowBrokenChallengeWithFileLineColumnAfterSyncFromTheStudio() throws IOException {
    String slug = "studio-broken-" + UUID.randomUUID().toString().substring(0, 8);
    Path folder = catalog.resolve(slug);
    Files.createDirectories(folder);
    Files.writeString(folder.resolve("challenge.yml"), """
        name: Studio Broken
        category: test
        description: never loads
        value: 100
        flags:
          - {type: regexp, content: "B2C{.*}"}
        """);
    try {
      Form form = form(instructor(), "/studio");
      String page = form.post(instructor()).post("/studio/catalog/sync").then().statusCode(200)
          .extract().asString();
      assertTrue(page.contains("id=\"sync-report\""), "the sync result is shown");
      assertTrue(page.contains(slug + "/challenge.yml:6:12: flags[0].type must be static or regex"),
          "the problem is located by file:line:column");
      instructor().cookie(Pages.LANG_COOKIE, "en").get("/studio").then().statusCode(200)
          .body(containsString("Challenges that never loaded"),
              containsString(slug + "/challenge.yml:6:12"),
              containsString("href=\"/challenges/log-forensics?preview=true\""));
    } finally {
      Files.delete(folder.resolve("challenge.yml"));
      Files.delete(folder);
      given().header(TestUsers.USER, "instructor-staff-pages").header(TestUsers.ROLES, "instructor")
          .contentType("application/json").post("/api/admin/catalog/sync").then().statusCode(200);
    }
  }

  @Test
  void shouldCreateScheduleAndFreezeExercisesFromTheStudio() throws InterruptedException {
    String name = "Studio exercise " + UUID.randomUUID().toString().substring(0, 8);
    // Cohorts of its own: a frozen exercise hides its solves from the public board, and other
    // tests' trainees (cohort-a, cohort-b) must not have their solves attributed to it.
    String cohorts = "studio-x-" + name.substring(16) + ", studio-y-" + name.substring(16);
    Form form = form(instructor(), "/studio/exercises");
    // The service's field error, in the form's words and the reader's language.
    form.post(instructor().cookie(Pages.LANG_COOKIE, "en")).formParam("name", "")
        .post("/studio/exercises").then().statusCode(400)
        .body(containsString("id=\"exercise-errors\""), containsString("Name: required"));
    form.post(instructor()).formParam("name", "").post("/studio/exercises").then().statusCode(400)
        .body(containsString("Nama: wajib diisi"));

    String created = form.post(instructor()).formParam("name", name)
        .formParam("startsAt", "2026-01-01T08:00").formParam("endsAt", "2099-01-01T08:00")
        .formParam("cohorts", cohorts).formParam("challenges", "log-forensics")
        .post("/studio/exercises").then().statusCode(303).extract().header("Location");
    assertTrue(created.contains("/studio/exercises?done=created&exercise="), created);
    long id = Long.parseLong(created.substring(created.lastIndexOf('=') + 1));
    instructor().cookie(Pages.LANG_COOKIE, "en").get(created).then().statusCode(200)
        .body(containsString("Exercise “" + name + "” created."));
    String list = instructor().cookie(Pages.LANG_COOKIE, "en").get("/studio/exercises").then()
        .statusCode(200).extract().asString();
    String row = list.substring(list.indexOf("data-exercise=\"" + id + "\""));
    row = row.substring(0, row.indexOf("</tr>"));
    assertTrue(row.contains(name) && row.contains("running") && row.contains(cohorts)
        && row.contains("2026-01-01T08:00:00Z"), row);

    form.post(instructor()).post("/studio/exercises/" + id + "/freeze").then().statusCode(303);
    String frozen = instructor().cookie(Pages.LANG_COOKIE, "en").get("/studio/exercises").then()
        .statusCode(200).extract().asString();
    String frozenRow = frozen.substring(frozen.indexOf("data-exercise=\"" + id + "\""));
    assertTrue(frozenRow.substring(0, frozenRow.indexOf("</tr>")).contains("frozen"), frozenRow);

    // The public exercise list (the big-screen filter) names it, and shows it frozen once the
    // freeze's live event reached the board (applied after the commit, so not at once).
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!Boolean.TRUE.equals(given().get("/api/scoreboard/exercises").then().statusCode(200)
        .extract().path("find { it.id == " + id + " }.frozen"))
        && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    given().get("/api/scoreboard/exercises").then().statusCode(200)
        .body("find { it.id == " + id + " }.name", org.hamcrest.Matchers.equalTo(name))
        .body("find { it.id == " + id + " }.frozen", org.hamcrest.Matchers.equalTo(true))
        .body("find { it.practice }.name", org.hamcrest.Matchers.notNullValue());
  }

  @Test
  void shouldScheduleALiveFireExerciseFromTheStudioAndSayWhatIsWrong() throws IOException {
    // A scenario challenge of the test's own, scheduled far ahead: no lab is started.
    Path folder = catalog.resolve("studio-livefire");
    Files.createDirectories(folder.resolve("checks"));
    Files.writeString(folder.resolve("checks/up.sh"), "wget -q -O - http://$1:8080/\n");
    TestChallenges.write(catalogService, "studio-livefire", """
        name: "Studio live fire"
        category: test
        description: "A scenario the studio schedules for the far future."
        value: 100
        state: hidden
        flags: ["B2C{studio-livefire}"]
        lab:
          ttl: 10m
          networks:
            lan:
          hosts:
            web: {image: "b2c/busybox:latest", access: trainee, networks: [lan]}
            checker: {image: "b2c/busybox:latest", access: hidden, networks: [lan]}
        scenario:
          tick: 30s
          checks:
            - {name: web-up, from: checker, run: checks/up.sh, on: web}
        """);
    Form form = form(instructor(), "/studio/live-fire");
    // A challenge without a scenario and no cohort: both said in the reader's words.
    form.post(instructor().cookie(Pages.LANG_COOKIE, "en")).formParam("name", "lf-studio-bad")
        .formParam("challenge", "log-forensics").formParam("endsAt", "2099-01-01T09:00")
        .post("/studio/live-fire").then().statusCode(400)
        .body(containsString("id=\"livefire-errors\""),
            containsString("Scenario challenge: the challenge “log-forensics” has no lab with a"
                + " scenario."), containsString("Cohorts: name at least one cohort."));
    form.post(instructor()).formParam("name", "lf-studio-bad")
        .formParam("challenge", "log-forensics").formParam("cohorts", "studio-lf")
        .formParam("endsAt", "2099-01-01T09:00").post("/studio/live-fire").then()
        .statusCode(400).body(containsString("tidak punya lab dengan skenario"));
    assertTrue(exercises.all().stream().noneMatch(e -> e.name().equals("lf-studio-bad")));

    String name = "lf-studio-" + UUID.randomUUID().toString().substring(0, 8);
    form.post(instructor()).formParam("name", name).formParam("challenge", "studio-livefire")
        .formParam("cohorts", "studio-lf-" + name).formParam("startsAt", "2099-01-01T08:00")
        .formParam("endsAt", "2099-01-01T09:00").formParam("debriefMinutes", "15")
        .post("/studio/live-fire").then().statusCode(303)
        .header("Location", containsString("/studio/live-fire?done=scheduled"));
    long id = exercises.all().stream().filter(e -> e.name().equals(name)).findFirst()
        .orElseThrow().id();
    String page = instructor().cookie(Pages.LANG_COOKIE, "en").get("/studio/live-fire").then()
        .statusCode(200).extract().asString();
    String section = page.substring(page.indexOf("data-exercise=\"" + id + "\""));
    section = section.substring(0, section.indexOf("</section>"));
    assertTrue(section.contains("studio-livefire") && section.contains(">scheduled<")
        && section.contains("0 of 0 labs ready") && section.contains("2099-01-01T09:15:00Z"),
        section);
  }

  @Test
  void shouldPageAndSearchTheLiveBoardOverManyTrainees() throws Exception {
    String cohort = "staff-" + UUID.randomUUID().toString().substring(0, 8);
    int trainees = 1200;
    for (int i = 0; i < trainees; i++) {
      String user = cohort + "-t" + String.format("%04d", i);
      identities.ensure(user, "Trainee " + i, cohort);
      // Distinct scores: t0000 leads with 1200 points, t1199 is last with 1.
      scoring.award(user, trainees - i, "staff pages test", null, "instructor-staff-pages");
    }
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (boards.page(null, cohort, null, 0, 1).total() < trainees) {
      assertTrue(System.nanoTime() < deadline, "the ranking took in every award");
      Thread.sleep(100);
    }

    String third = official().cookie(Pages.LANG_COOKIE, "en")
        .get("/dashboard?cohort=" + cohort + "&page=3").then().statusCode(200)
        .extract().asString();
    List<String[]> rows = rows(third);
    assertEquals(DashboardPage.PAGE, rows.size());
    for (int i = 0; i < rows.size(); i++) {
      int rank = 2 * DashboardPage.PAGE + i + 1;
      assertEquals(String.valueOf(rank), rows.get(i)[1]);
      assertEquals(cohort + "-t" + String.format("%04d", rank - 1), rows.get(i)[0]);
    }
    assertTrue(third.contains("Page 3 of 24"), "24 pages of 50");
    assertTrue(third.contains("1200 of 1200 ranked trainees."));

    // Search keeps board ranks: the 10 users t0110..t0119 are ranks 111..120.
    String search = official().cookie(Pages.LANG_COOKIE, "en")
        .get("/dashboard?cohort=" + cohort + "&q=" + cohort.toUpperCase() + "-T011").then()
        .statusCode(200).extract().asString();
    List<String[]> found = rows(search);
    assertEquals(10, found.size());
    assertEquals("111", found.get(0)[1]);
    assertEquals("120", found.get(9)[1]);
    assertTrue(search.contains("10 of 1200 ranked trainees."));
    // Display names are searched too, and a page past the end is empty, not an error.
    assertEquals(11, rows(official().get("/dashboard?cohort=" + cohort + "&q=Trainee 119")
        .then().statusCode(200).extract().asString()).size());
    official().get("/dashboard?cohort=" + cohort + "&page=99").then().statusCode(200)
        .body(containsString("id=\"board-empty\""));

    // The export named on the page holds exactly this cohort.
    String csv = given().header(TestUsers.USER, "official-staff-pages")
        .header(TestUsers.ROLES, "official").get("/api/scoreboard/export.csv?cohort=" + cohort)
        .then().statusCode(200).extract().asString();
    String[] lines = csv.split("\r\n");
    assertEquals(trainees + 1, lines.length);
    for (int i = 1; i < lines.length; i++) {
      assertTrue(lines[i].contains("," + cohort + ","), lines[i]);
    }
    assertTrue(third.contains("href=\"/api/scoreboard/export.csv?cohort=" + cohort + "\""));

    // The printed report lists the top of the cohort with print styles.
    String report = official().get("/dashboard/report?cohort=" + cohort + "&limit=25").then()
        .statusCode(200).extract().asString();
    assertTrue(report.contains("media=\"print\"") && report.contains("id=\"report-table\""));
    assertEquals(25, report.split("<th scope=\"row\">").length - 1);

    // The comparison holds this cohort: 1200 trainees, scores spread over the buckets.
    String compare = official().get("/dashboard/compare").then().statusCode(200).extract()
        .asString();
    assertTrue(compare.contains("<script type=\"module\" src=\"/scoreboard/charts.js\">"));
    JsonNode distribution = chart(compare, "chart-distribution");
    assertEquals("bars", distribution.get("kind").asText());
    JsonNode series = null;
    for (JsonNode s : distribution.get("series")) {
      if (s.get("label").asText().equals(cohort)) {
        series = s;
      }
    }
    assertTrue(series != null, "the cohort has a distribution series");
    long sum = 0;
    for (JsonNode v : series.get("values")) {
      sum += v.asLong();
    }
    assertEquals(trainees, sum);
    assertEquals(distribution.get("x").size(), series.get("values").size());
    JsonNode timeline = chart(compare, "chart-timeline");
    assertEquals("line", timeline.get("kind").asText());
    for (JsonNode s : timeline.get("series")) {
      assertEquals(timeline.get("x").size(), s.get("values").size());
    }
  }

  @Test
  void shouldShowTheBoardOfOneExerciseOnly() throws InterruptedException {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    ExerciseRef exercise = exercises.create(new ExerciseRequest("Board exercise " + tag,
        Instant.now().minusSeconds(60), null, null, List.of(), List.of()),
        "instructor-staff-pages");
    String inside = "in-" + tag;
    String outside = "out-" + tag;
    identities.ensure(inside, "Inside " + tag, "cohort-x-" + tag);
    identities.ensure(outside, "Outside " + tag, "cohort-x-" + tag);
    scoring.award(inside, 40, "exercise board test", exercise.id(), "instructor-staff-pages");
    scoring.award(outside, 90, "exercise board test", null, "instructor-staff-pages");
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (boards.page(null, "cohort-x-" + tag, null, 0, 10).total() < 2) {
      assertTrue(System.nanoTime() < deadline, "the ranking took in both awards");
      Thread.sleep(50);
    }
    String page = official().get("/dashboard?exercise=" + exercise.id()).then().statusCode(200)
        .extract().asString();
    List<String> users = rows(page).stream().map(r -> r[0]).toList();
    assertEquals(List.of(inside), users, "only points of the exercise count on its board");
    assertTrue(page.contains("<option value=\"" + exercise.id() + "\" selected>"));
    assertTrue(page.contains("href=\"/api/scoreboard/export.csv?exercise=" + exercise.id() + "\""));
    // An exercise that does not exist is a friendly not-found page.
    official().get("/dashboard?exercise=999999").then().statusCode(404)
        .body(containsString("Halaman tidak ditemukan"));
  }

  @Test
  void shouldShowTheAuditChainStatusIncidentsAndTheFleet() {
    official().cookie(Pages.LANG_COOKIE, "en").get("/dashboard/audit").then().statusCode(200)
        .body(containsString("id=\"chain-status\" data-valid=\"true\""),
            containsString("Hash chain intact"));
    official().get("/dashboard/incidents").then().statusCode(200)
        .body(containsString("id=\"shared-title\""), containsString("id=\"brute-title\""));
    instructor().cookie(Pages.LANG_COOKIE, "en").get("/studio/fleet").then().statusCode(200)
        .body(containsString("active labs on the range"));
    instructor().get("/studio/roster").then().statusCode(200)
        .body(containsString("enctype=\"multipart/form-data\""),
            containsString("name=\"csrf-token\""));
    official().get("/dashboard/trainees/no-such-trainee").then().statusCode(404)
        .body(containsString("Halaman tidak ditemukan"));
  }

  private static List<String[]> rows(String page) {
    List<String[]> rows = new ArrayList<>();
    Matcher m = BOARD_ROW.matcher(page);
    while (m.find()) {
      rows.add(new String[] {m.group(1), m.group(2)});
    }
    return rows;
  }

  private JsonNode chart(String page, String id) throws IOException {
    Matcher m = Pattern.compile("id=\"" + id + "\" data-chart='([^']*)'").matcher(page);
    assertTrue(m.find(), "figure " + id);
    return json.readTree(m.group(1).replace("&quot;", "\"").replace("&#39;", "'")
        .replace("&amp;", "&"));
  }
}
