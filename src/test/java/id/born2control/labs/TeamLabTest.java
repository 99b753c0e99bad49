package id.born2control.labs;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.born2control.TestUsers;
import id.born2control.catalog.CatalogService;
import id.born2control.identity.IdentityService;
import id.born2control.identity.TeamService;
import id.born2control.labs.LabTestSupport.TeamExercise;
import id.born2control.labs.TerminalClient.Listener;
import id.born2control.scoring.Api;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Team labs (issue 18): in a team exercise a challenge's lab is the team's. Every member starts
 * the one lab, opens a terminal of their own in it, reaches its web and tunnelled ports and runs
 * its checks, and is told of its changes; another team's member gets the answer a stranger gets
 * and none of its events; its dynamic flag is the
 * team's, so a teammate solves with it and another team submitting it is a sharing incident
 * naming both teams. Each test has its own cohort, teams and exercise over {@code labt-team}.
 */
@QuarkusTest
@Tag("docker")
class TeamLabTest {

  private static final String SLUG = "labt-team";
  private static final Duration WAIT = Duration.ofSeconds(30);

  @Inject CatalogService catalog;
  @Inject LabService labs;
  @Inject IdentityService identities;
  @Inject TeamService teams;

  @TestHTTPResource("/")
  URI base;

  @BeforeEach
  void install() {
    LabTestSupport.install(catalog);
  }

  @AfterAll
  static void nothingLeftBehind() {
    LabTestSupport.stopAllAndAssertClean(
        io.quarkus.arc.Arc.container().instance(LabService.class).get());
  }

  private static String tag() {
    return "tl" + Long.toString(System.nanoTime(), 36);
  }

  private static RequestSpecification member(TeamExercise t, String member) {
    return Api.as(t.user(member), t.cohort()).contentType("application/json");
  }

  private static Response start(RequestSpecification who) {
    return who.post("/api/labs/" + SLUG);
  }

  /** Starts the team's lab as {@code member} and waits until it runs; its id. */
  private String running(TeamExercise t, String member) {
    String id = start(member(t, member)).then().statusCode(202).extract().path("id");
    LabTestSupport.await(labs, id, t.trainee(member).id(), LabState.RUNNING, Duration.ofMinutes(3));
    return id;
  }

  /** The incidents officials see of {@code user} submitting another's flag. */
  private static List<Map<String, Object>> incidentsBy(String user) {
    return Api.withRoles("tl-official", "official").queryParam("limit", 1000)
        .get("/api/admin/incidents").then().statusCode(200).extract().jsonPath()
        .getList("findAll { it.submitter == '" + user + "' }");
  }

  /** The dynamic flag of a running {@code labt-team} lab, read through its web port by {@code member}. */
  private static String flagOf(TeamExercise t, String member, String id) {
    URI link = LabWebClient.link(member(t, member), id, 8080);
    return LabWebClient.on(link, LabWebClient.enter(link)).get("/flag.txt").then()
        .statusCode(200).extract().asString().strip();
  }

  @Test
  void shouldGiveEveryMemberTheOneTeamLabWithATerminalOfTheirOwn() throws Exception {
    TeamExercise t = LabTestSupport.teamExercise(tag(), SLUG);
    String id = running(t, "a1");
    // The second member's start is the team's lab, not a second one.
    start(member(t, "a2")).then().statusCode(202).body("id", equalTo(id))
        .body("teamId", equalTo((int) t.a().id()))
        .body("traineeId", equalTo((int) t.trainee("a1").id()));
    JsonPath mine = member(t, "a2").get("/api/labs").then().statusCode(200).extract().jsonPath();
    assertEquals(List.of(id), mine.getList("findAll { it.challenge == '" + SLUG
        + "' && it.state == 'RUNNING' }.id"));

    // Two members, two terminals in the one lab, each answering its own member.
    Listener one = new Listener();
    Listener two = new Listener();
    WebSocket first = TerminalClient.open(base, id, TerminalClient.ticket(member(t, "a1"), id), one);
    WebSocket second = TerminalClient.open(base, id, TerminalClient.ticket(member(t, "a2"), id),
        two);
    first.sendText("echo one-$((6*7))\n", true).get();
    second.sendText("echo two-$((6*7))\n", true).get();
    one.awaitOutput("one-42", WAIT);
    two.awaitOutput("two-42", WAIT);
    assertTrue(!one.output().contains("two-42") && !two.output().contains("one-42"),
        "each member has a terminal session of their own");
    first.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(10, TimeUnit.SECONDS);
    second.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(10, TimeUnit.SECONDS);

    // The member who did not start it reaches its web port, its tunnel and its checks ...
    URI link = LabWebClient.link(member(t, "a2"), id, 8080);
    LabWebClient.on(link, LabWebClient.enter(link)).get("/").then().statusCode(200)
        .body(equalTo("team lab\n"));
    try (TunnelClient tunnel = TunnelClient.forLab(id, t.trainee("a2").id(), false, 4000)) {
      assertEquals("team", LabTunnelTest.echo(tunnel.port(), "team"));
    }
    member(t, "a2").post("/api/labs/" + id + "/check").then().statusCode(200)
        .body("passed", equalTo(1));
    // ... and extends and stops it.
    member(t, "a2").post("/api/labs/" + id + "/extend").then().statusCode(200);
    member(t, "a2").delete("/api/labs/" + id).then().statusCode(200).body("id", equalTo(id));
    LabTestSupport.await(labs, id, t.trainee("a1").id(), LabState.STOPPED, Duration.ofMinutes(2));
  }

  /**
   * The lab events {@code member} is pushed, as lines, until {@code open} is cancelled; what
   * arrived is in {@code lines}.
   */
  private record Events(List<String> lines, CompletableFuture<?> open) {}

  private Events events(TeamExercise t, String member) {
    List<String> lines = new CopyOnWriteArrayList<>();
    CompletableFuture<HttpResponse<Stream<String>>> open = HttpClient.newHttpClient()
        .sendAsync(HttpRequest.newBuilder(base.resolve("/api/labs/events"))
            .header("Accept", "text/event-stream").header(TestUsers.USER, t.user(member))
            .header(TestUsers.COHORT, t.cohort()).build(), HttpResponse.BodyHandlers.ofLines());
    open.thenAcceptAsync(response -> {
      try (Stream<String> body = response.body()) {
        body.forEach(lines::add);
      } catch (RuntimeException ended) {
        // the stream ends with the test
      }
    });
    return new Events(lines, open);
  }

  @Test
  void shouldAnswerAnotherTeamsMemberAsAStranger() {
    String tag = tag();
    TeamExercise t = LabTestSupport.teamExercise(tag, SLUG);
    Events teammate = events(t, "a2");
    Events otherTeam = events(t, "b1");
    String id = running(t, "a1");
    // The member who did not start it is told it runs (its start takes far longer than the
    // stream takes to open).
    LabEventsTest.waitFor(teammate.lines(), id, "RUNNING");
    String outsider = tag + "-x";
    identities.ensure(outsider, null, t.cohort() + "-x");
    RequestSpecification[] strangers = {member(t, "b1"),
        Api.as(outsider, t.cohort() + "-x").contentType("application/json")};
    // What anyone is told of a lab that is not theirs: not found.
    String notTheirs = Api.as(outsider, t.cohort() + "-x").get("/api/labs/lab0000000000000000")
        .then().statusCode(404).extract().path("type");
    for (RequestSpecification stranger : strangers) {
      for (Response answer : List.of(
          stranger.get("/api/labs/" + id),
          stranger.post("/api/labs/" + id + "/terminal/ticket"),
          stranger.redirects().follow(false).get("/api/labs/" + id + "/web/8080"),
          stranger.post("/api/labs/" + id + "/ports/4000/tunnel/ticket"),
          stranger.post("/api/labs/" + id + "/check"),
          stranger.post("/api/labs/" + id + "/extend"),
          stranger.delete("/api/labs/" + id))) {
        assertEquals(404, answer.statusCode(), answer.asString());
        assertEquals(notTheirs, answer.jsonPath().getString("type"), answer.asString());
        assertTrue(!answer.asString().contains(t.a().name()), answer.asString());
      }
      JsonPath theirs = stranger.get("/api/labs").then().statusCode(200).extract().jsonPath();
      assertTrue(!theirs.getList("id").contains(id), "the team's lab is not in a stranger's list");
    }
    // The lab runs on, untouched; the other team starts a lab of its own.
    LabTestSupport.await(labs, id, t.trainee("a1").id(), LabState.RUNNING, WAIT);
    String bravo = start(member(t, "b1")).then().statusCode(202)
        .body("teamId", equalTo((int) t.b().id())).extract().path("id");
    assertNotEquals(id, bravo);
    // The other team's stream is open (it carries its own lab), and it never carries the
    // first team's lab, not even its end.
    LabEventsTest.waitFor(otherTeam.lines(), bravo, "PROVISIONING");
    member(t, "b2").delete("/api/labs/" + bravo).then().statusCode(200);
    member(t, "a2").delete("/api/labs/" + id).then().statusCode(200);
    LabEventsTest.waitFor(teammate.lines(), id, "STOPPED");
    LabEventsTest.waitFor(otherTeam.lines(), bravo, "STOPPED");
    assertTrue(otherTeam.lines().stream().noneMatch(l -> l.contains(id)), otherTeam.lines()
        .toString());
    teammate.open().cancel(true);
    otherTeam.open().cancel(true);
  }

  @Test
  void shouldScoreTheTeamsFlagForItsMembersAndReportAnotherTeamSubmittingIt() {
    TeamExercise t = LabTestSupport.teamExercise(tag(), SLUG);
    String id = running(t, "a1");
    String flag = flagOf(t, "a1", id);

    // Another team's member: a wrong flag to them, an incident naming both teams to officials.
    Api.submit(member(t, "b1"), SLUG, flag).statusCode(200).body("status", equalTo("wrong"));
    List<Map<String, Object>> incidents = incidentsBy(t.user("b1"));
    assertEquals(1, incidents.size(), incidents.toString());
    Map<String, Object> incident = incidents.get(0);
    assertEquals(t.b().name(), incident.get("submitterTeam"));
    assertEquals(t.a().name(), incident.get("ownerTeam"));
    assertEquals(t.user("a1"), incident.get("owner"));
    assertEquals(id, incident.get("instance"));
    // The officials' incident page names both teams beside the two trainees.
    long incidentId = ((Number) incident.get("id")).longValue();
    String page = Api.withRoles("tl-official", "official")
        .get("/dashboard/incidents?after=" + (incidentId - 1)).then().statusCode(200)
        .extract().asString();
    assertTrue(page.contains("data-team=\"submitter\">(tim " + t.b().name() + ")")
        && page.contains("data-team=\"owner\">(tim " + t.a().name() + ")"), page);

    // A teammate who did not start the lab solves with it, for the team.
    Api.submit(member(t, "a2"), SLUG, flag).statusCode(200).body("status", equalTo("correct"));
    // The one who started it, never having submitted: their team has it already.
    Api.submit(member(t, "a1"), SLUG, flag).statusCode(200)
        .body("status", equalTo("already_solved"));
    member(t, "a1").delete("/api/labs/" + id).then().statusCode(200);
  }

  @Test
  void shouldTakeTheTeamLabAndItsFlagFromTheStarterWhoMovesToAnotherTeam() {
    TeamExercise t = LabTestSupport.teamExercise(tag(), SLUG);
    String id = running(t, "a1");
    String flag = flagOf(t, "a1", id);
    teams.move(t.b().id(), t.user("a1"), "test");

    // The lab stays with its team: the one who started it is a stranger to it now ...
    member(t, "a1").get("/api/labs/" + id).then().statusCode(404);
    member(t, "a1").post("/api/labs/" + id + "/terminal/ticket").then().statusCode(404);
    member(t, "a2").get("/api/labs/" + id).then().statusCode(200).body("state", equalTo("RUNNING"));
    // ... its flag, taken along, scores nothing for the new team and names both teams ...
    Api.submit(member(t, "a1"), SLUG, flag).statusCode(200).body("status", equalTo("wrong"));
    List<Map<String, Object>> incidents = incidentsBy(t.user("a1"));
    assertEquals(1, incidents.size(), incidents.toString());
    assertEquals(t.b().name(), incidents.get(0).get("submitterTeam"));
    assertEquals(t.a().name(), incidents.get(0).get("ownerTeam"));
    // ... and the new team's lab is theirs to start.
    String bravo = start(member(t, "a1")).then().statusCode(202)
        .body("teamId", equalTo((int) t.b().id())).extract().path("id");
    assertNotEquals(id, bravo);
    member(t, "b1").delete("/api/labs/" + bravo).then().statusCode(200);
    member(t, "a2").delete("/api/labs/" + id).then().statusCode(200);
  }
}
