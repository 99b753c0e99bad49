package id.born2control.identity;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.born2control.web.Browser;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;

/**
 * Roster import against the real Keycloak: a file mixing good, duplicate and broken rows; users
 * and the cohort group really appear in Keycloak; re-running the file changes nothing; an imported
 * person signs in into the right cohort and finds the trainee record made by the import.
 */
@QuarkusTest
@Tag("keycloak")
class RosterImportTest {

  @Inject
  IdentityService identities;

  @Inject
  TeamService teams;

  @TestHTTPResource("/")
  URL base;

  private final TestKeycloak keycloak = TestKeycloak.get();

  @Test
  void shouldImportGoodRowsReportBadOnesAndChangeNothingOnRerun() {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    String cohort = "roster-" + tag;
    String csv = "participant_id,full_name,email,cohort\n"
        + "R" + tag + "a,Siti Rahma," + tag + "a@example.org," + cohort + "\n"     // row 2 good
        + "R" + tag + "b,Budi Santoso," + tag + "b@example.org," + cohort + "\n" // row 3 good
        + "R" + tag + "a,Someone Else,x" + tag + "@example.org," + cohort + "\n"   // row 4 duplicate
        + "R" + tag + "c,No Mail,," + cohort + "\n"                                // row 5 missing
        + "R" + tag + "d,Bad Mail,not-an-email," + cohort + "\n"                   // row 6 bad email
        + "R" + tag + "e,Too Few Fields\n";                                        // row 7 fields
    String instructor = keycloak.demoToken("instructor1");

    JsonPath first = runToEnd(instructor, csv);
    assertEquals(6, first.getInt("total"));
    assertEquals(2, first.getInt("created"));
    assertEquals(4, first.getInt("failed"));
    assertEquals(List.of(4, 5, 6, 7), first.getList("errors.row", Integer.class));
    assertTrue(first.getString("errors[0].message").contains("duplicate participant id"));
    assertEquals("duplicate-id", first.getString("errors[0].code"));

    // The result file carries a one-time password for each created user, none for the others.
    String result = given().auth().oauth2(instructor)
        .when().get(first.getString("resultUrl"))
        .then().statusCode(200).contentType(org.hamcrest.Matchers.startsWith("text/csv"))
        .extract().asString();
    List<String[]> lines = result.lines().skip(1).map(l -> l.split(",", -1)).toList();
    assertEquals(6, lines.size());
    String[] siti = lines.get(0);
    assertEquals("created", siti[5]);
    assertEquals(14, siti[6].length());
    assertTrue(lines.stream().filter(l -> l[0].equals("4")).allMatch(l -> l[6].isEmpty()));

    // The user really is in Keycloak, in the cohort group, and must set a password first.
    String admin = keycloak.adminToken();
    List<Map<String, Object>> users = given().auth().oauth2(admin)
        .queryParam("username", "r" + tag + "a").queryParam("exact", true)
        .when().get(keycloak.url() + "/admin/realms/born2control/users")
        .then().statusCode(200).extract().jsonPath().getList("$");
    assertEquals(1, users.size());
    assertEquals(List.of("UPDATE_PASSWORD"), users.get(0).get("requiredActions"));
    String userId = (String) users.get(0).get("id");
    given().auth().oauth2(admin)
        .when().get(keycloak.url() + "/admin/realms/born2control/users/" + userId + "/groups")
        .then().statusCode(200).body("path", hasItem("/cohorts/" + cohort));
    // The temporary password works only through the password-change step: no token yet.
    given().baseUri(keycloak.realmUrl())
        .formParam("grant_type", "password").formParam("client_id", TestKeycloak.CLI_CLIENT)
        .formParam("username", "r" + tag + "a").formParam("password", siti[6])
        .when().post("/protocol/openid-connect/token")
        .then().statusCode(400).body("error_description", equalTo("Account is not fully set up"));

    // The trainee record exists before the first sign-in, in the right cohort.
    TraineeRef imported = identities.byUsername("r" + tag + "a").orElseThrow();
    assertEquals(cohort, imported.cohort());
    assertEquals("Siti Rahma", imported.displayName());

    // Idempotent: the same file again creates and updates nothing, and issues no password.
    JsonPath second = runToEnd(instructor, csv);
    assertEquals(0, second.getInt("created"));
    assertEquals(0, second.getInt("updated"));
    assertEquals(2, second.getInt("unchanged"));
    assertEquals(4, second.getInt("failed"));
    String again = given().auth().oauth2(instructor).when().get(second.getString("resultUrl"))
        .then().statusCode(200).extract().asString();
    assertTrue(again.lines().skip(1).map(l -> l.split(",", -1))
        .allMatch(l -> l[6].isEmpty()), again);

    // First sign-in (password set by an admin here, as the person would at the prompt):
    // same trainee record, cohort from the token.
    given().auth().oauth2(admin).contentType("application/json")
        .body(Map.of("requiredActions", List.of()))
        .when().put(keycloak.url() + "/admin/realms/born2control/users/" + userId)
        .then().statusCode(204);
    given().auth().oauth2(admin).contentType("application/json")
        .body(Map.of("type", "password", "value", "chosen-" + tag, "temporary", false))
        .when().put(keycloak.url() + "/admin/realms/born2control/users/" + userId
            + "/reset-password")
        .then().statusCode(204);
    String token = keycloak.token("r" + tag + "a", "chosen-" + tag);
    given().auth().oauth2(token).when().get("/api/me")
        .then().statusCode(200)
        .body("cohort", equalTo(cohort))
        .body("roles", equalTo(List.of("trainee")));
    assertEquals(imported.id(), identities.byUsername("r" + tag + "a").orElseThrow().id());
  }

  @Test
  @Tag("browser")
  void shouldSignInWithTheOneTimePasswordOnlyToChooseANewOne() {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    String username = "p" + tag;
    String cohort = "first-" + tag;
    JsonPath done = runToEnd(keycloak.demoToken("instructor1"),
        username + ",Putri Pertama," + username + "@example.org," + cohort + "\n");
    assertEquals(1, done.getInt("created"));
    String oneTime = given().auth().oauth2(keycloak.demoToken("instructor1"))
        .when().get(done.getString("resultUrl")).then().statusCode(200).extract().asString()
        .lines().skip(1).findFirst().orElseThrow().split(",", -1)[6];
    String chosen = "Chosen-" + UUID.randomUUID();

    try (Browser browser = Browser.desktop(base)) {
      WebDriver page = browser.driver();
      browser.open("login?then=/api/me");
      browser.waitFor(By.id("username")).sendKeys(username);
      page.findElement(By.id("password")).sendKeys(oneTime);
      page.findElement(By.id("kc-login")).click();
      // The one-time password was accepted, and Keycloak insists on a new one before anything.
      browser.waitFor(By.id("password-new")).sendKeys(chosen);
      page.findElement(By.id("password-confirm")).sendKeys(chosen, Keys.ENTER);
      browser.until(d -> d.getCurrentUrl().startsWith(base.toString())
          && URI.create(d.getCurrentUrl()).getPath().equals("/api/me"));
      String me = page.findElement(By.tagName("body")).getText();
      assertTrue(me.contains("\"username\":\"" + username + "\""), me);
      assertTrue(me.contains("\"cohort\":\"" + cohort + "\""), me);
    }

    // The one-time password is spent; the chosen one is stored with the realm's own hash policy
    // (argon2 by default), not the cheap hash the import used.
    given().baseUri(keycloak.realmUrl())
        .formParam("grant_type", "password").formParam("client_id", TestKeycloak.CLI_CLIENT)
        .formParam("username", username).formParam("password", oneTime)
        .when().post("/protocol/openid-connect/token")
        .then().statusCode(401);
    keycloak.token(username, chosen);
    String admin = keycloak.adminToken();
    String id = given().auth().oauth2(admin).queryParam("username", username)
        .queryParam("exact", true)
        .when().get(keycloak.url() + "/admin/realms/born2control/users")
        .then().statusCode(200).extract().path("[0].id");
    String credentialData = given().auth().oauth2(admin)
        .when().get(keycloak.url() + "/admin/realms/born2control/users/" + id + "/credentials")
        .then().statusCode(200).extract().path("[0].credentialData");
    assertTrue(credentialData.contains("\"algorithm\":\"argon2\""), credentialData);
  }

  @Test
  void shouldRefuseRowsNamingStaffOrUnmanagedAccountsAndLeaveThemUnchanged() {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    String cohort = "takeover-" + tag;
    String admin = keycloak.adminToken();
    Map<String, Object> before = account(admin, "instructor1");
    // An instructor uploads a file that names staff and a hand-made trainee: with these rows
    // the roster would put instructor1 in a cohort, rename them or take their email.
    JsonPath done = runToEnd(keycloak.demoToken("instructor1"),
        "instructor1,Evil Rename,evil" + tag + "@example.org," + cohort + "\n"
        + "official1,Evil Rename,official1@demo.invalid," + cohort + "\n"
        + "trainee1,Evil Rename,trainee1@demo.invalid," + cohort + "\n"
        + "x" + tag + ",Email Thief,instructor1@demo.invalid," + cohort + "\n"
        + "ok" + tag + ",Good Row,ok" + tag + "@example.org," + cohort + "\n");
    assertEquals(1, done.getInt("created"));
    assertEquals(4, done.getInt("failed"));
    assertEquals(List.of(1, 2, 3, 4), done.getList("errors.row", Integer.class));
    assertTrue(done.getString("errors[0].message").contains("does not manage"),
        done.prettify());
    assertTrue(done.getString("errors[3].message").contains("belongs to an account the roster"
        + " does not manage (instructor1)"), done.prettify());

    // instructor1 is exactly as before: same names, email, no cohort, no forced password change,
    // and still signs in with their own password.
    assertEquals(before, account(admin, "instructor1"));
    given().auth().oauth2(admin).when().get(keycloak.url()
            + "/admin/realms/born2control/users/" + before.get("id") + "/groups")
        .then().statusCode(200).body("path", not(hasItem("/cohorts/" + cohort)));
    keycloak.token("instructor1", "demo-instructor1");
    assertTrue(identities.byUsername("x" + tag).isEmpty());
  }

  /** A user as the admin API shows it, without the fields that change on every sign-in. */
  private Map<String, Object> account(String admin, String username) {
    Map<String, Object> user = new java.util.HashMap<>(given().auth().oauth2(admin)
        .queryParam("username", username).queryParam("exact", true)
        .when().get(keycloak.url() + "/admin/realms/born2control/users")
        .then().statusCode(200).extract().jsonPath().getMap("[0]"));
    user.remove("access");
    return user;
  }

  @Test
  void shouldPutRosterRowsIntoTeamsAndRejectRowsBreakingTeamRules() {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    String cohort = "tr-" + tag;
    String team = "Team " + tag;
    String instructor = keycloak.demoToken("instructor1");
    // A participant already in a team from an earlier file.
    runToEnd(instructor, "T" + tag + "x,Xena," + tag + "x@example.org," + cohort + ",Old " + tag
        + "\n");
    StringBuilder csv = new StringBuilder("participant_id,full_name,email,cohort,team\n");
    for (int i = 0; i < 8; i++) {                                        // rows 2-9: 8 members
      csv.append("T").append(tag).append(i).append(",Member ").append(i).append(",")
          .append(tag).append(i).append("@example.org,").append(cohort).append(",")
          .append(team).append("\n");
    }
    csv.append("T").append(tag).append("9,Ninth,").append(tag)          // row 10: over the size
        .append("9@example.org,").append(cohort).append(",").append(team).append("\n");
    csv.append("T").append(tag).append("o,Other,").append(tag)          // row 11: other cohort
        .append("o@example.org,other-").append(tag).append(",").append(team).append("\n");
    csv.append("T").append(tag).append("x,Xena,").append(tag)           // row 12: two teams
        .append("x@example.org,").append(cohort).append(",").append(team).append(" B\n");
    csv.append("T").append(tag).append("s,Solo,").append(tag)           // row 13: no team
        .append("s@example.org,").append(cohort).append("\n");
    JsonPath done = runToEnd(instructor, csv.toString());
    assertEquals(List.of(10, 11, 12), done.getList("errors.row", Integer.class));
    assertEquals(List.of("team-full", "team-cohort", "team-two-teams"),
        done.getList("errors.code", String.class));
    assertEquals(9, done.getInt("created"));
    TeamRef made = teams.all().stream().filter(t -> t.name().equals(team)).findFirst()
        .orElseThrow();
    assertEquals(cohort, made.cohort());
    assertEquals(8, made.members().size());
    assertEquals("Old " + tag, teams.currentTeam(identities.byUsername("t" + tag + "x")
        .orElseThrow().id()).orElseThrow().name());
  }

  @Test
  void shouldMoveUserToNewCohortWhenFileChanges() {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    String instructor = keycloak.demoToken("official1");
    runToEnd(instructor, "M" + tag + ",Mover One,m" + tag + "@example.org,move-a-" + tag + "\n");
    JsonPath moved = runToEnd(instructor,
        "M" + tag + ",Mover One,m" + tag + "@example.org,move-b-" + tag + "\n");
    assertEquals(1, moved.getInt("updated"));
    assertEquals("move-b-" + tag, identities.byUsername("m" + tag).orElseThrow().cohort());
  }

  @Test
  void shouldRefuseRosterFromTraineeAndAnonymous() {
    given().auth().oauth2(keycloak.demoToken("trainee1")).contentType("text/csv")
        .body("x,X,x@example.org,c\n")
        .when().post("/api/admin/roster").then().statusCode(403);
    given().contentType("text/csv").body("x,X,x@example.org,c\n")
        .when().post("/api/admin/roster").then().statusCode(401);
  }

  @Test
  void shouldRejectBrowserFormPostWithoutCsrfToken() {
    // A form post (multipart) is what a cross-site page could forge: without the CSRF cookie and
    // field it is refused before the import starts.
    given().auth().oauth2(keycloak.demoToken("instructor1"))
        .multiPart("file", "roster.csv", "x,X,x@example.org,c\n".getBytes(), "text/csv")
        .when().post("/api/admin/roster").then().statusCode(400);
  }

  @Test
  void shouldAcceptBrowserFormPostWithCsrfToken() {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    // The CSRF cookie comes with the roster page; the form echoes it in the csrf-token field.
    String csrf = given().auth().oauth2(keycloak.demoToken("instructor1")).when()
        .get("/studio/roster").then().statusCode(200).extract().cookie("csrf-token");
    given().auth().oauth2(keycloak.demoToken("instructor1"))
        .cookie("csrf-token", csrf)
        .multiPart("csrf-token", csrf)
        .multiPart("file", "roster.csv",
            ("F" + tag + ",Form Upload,f" + tag + "@example.org,form-" + tag + "\n").getBytes(),
            "text/csv")
        .when().post("/api/admin/roster").then().statusCode(202).body("total", equalTo(1));
  }

  @Test
  void shouldRejectEmptyRoster() {
    given().auth().oauth2(keycloak.demoToken("instructor1")).contentType("text/csv").body("\n")
        .when().post("/api/admin/roster").then().statusCode(400)
        .body("type", equalTo("urn:born2control:problem:roster-empty"));
  }

  private JsonPath runToEnd(String token, String csv) {
    String location = given().auth().oauth2(token).contentType("text/csv").body(csv)
        .when().post("/api/admin/roster")
        .then().statusCode(202).extract().header("Location");
    long deadline = System.currentTimeMillis() + 120_000;
    while (true) {
      JsonPath status = given().auth().oauth2(token).when().get(location)
          .then().statusCode(200).extract().jsonPath();
      String state = status.getString("state");
      if (state.equals("done") || state.equals("failed")) {
        assertEquals("done", state, status.prettify());
        return status;
      }
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("roster import did not finish: " + status.prettify());
      }
      try {
        Thread.sleep(300);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
