package id.born2control.identity;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.arc.Arc;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Who may do what, for every HTTP endpoint and WebSocket of the service, with real tokens from the
 * running Keycloak. The endpoints are read from the service's own OpenAPI document (and the
 * WebSocket endpoints from the CDI container), so a new endpoint without a row here fails the test
 * — add its row when you add the endpoint. Each row gives the path to call (path parameters
 * filled in) and the expected status for: anonymous, trainee A, trainee B, instructor, official.
 * A POST without a body should name a non-form content type: RestAssured otherwise sends a form
 * content type, which the CSRF filter rightly refuses without a token.
 */
@QuarkusTest
@Tag("keycloak")
class AuthorizationMatrixTest {

  private static final String[] CALLERS = {"anonymous", "traineeA", "traineeB", "instructor",
      "official"};

  /** A row: what to call and the status each caller gets. */
  record Row(String call, UnaryOperator<RequestSpecification> request, int... expected) {
    Row(String call, int... expected) {
      this(call, r -> r, expected);
    }
  }

  /** Rows keyed by "METHOD /openapi/path/{param}". */
  private static final Map<String, Row> HTTP = new LinkedHashMap<>();
  /** Server-sent event streams, keyed like {@link #HTTP}; the call reads only the status. */
  private static final Map<String, Row> STREAMS = new LinkedHashMap<>();
  /** An expected status meaning "not called for this caller" (see the row's comment). */
  private static final int SKIP = -1;
  /** WebSocket endpoints keyed by their path template; the call is the handshake. */
  private static final Map<String, Row> WEBSOCKETS = new LinkedHashMap<>();

  static {
    // web pages
    HTTP.put("GET /", new Row("/", 200, 200, 200, 200, 200));
    HTTP.put("GET /challenges/{slug}",
        new Row("/challenges/log-forensics", 200, 200, 200, 200, 200));
    HTTP.put("GET /me", new Row("/me", 401, 200, 200, 200, 200));
    HTTP.put("GET /labs/{id}/terminal",
        new Row("/labs/no-such-lab/terminal", 401, 404, 404, 404, 403));
    // a lab's debrief: staff only (TerminalRecordingTest, DebriefBrowserTest: 200 for them)
    HTTP.put("GET /debrief/{id}", new Row("/debrief/no-such-lab", 401, 403, 403, 404, 404));
    HTTP.put("GET /lang/{code}", new Row("/lang/en", 303, 303, 303, 303, 303));
    HTTP.put("GET /login", new Row("/login", 303, 303, 303, 303, 303));
    // anonymous browsers are sent to Keycloak; signed-in callers straight back
    HTTP.put("GET /login/start", new Row("/login/start", 302, 303, 303, 303, 303));
    // instructor studio (instructors) and officials' dashboard (officials); form posts without
    // the CSRF field a studio page hands out are refused even for instructors
    HTTP.put("GET /studio", new Row("/studio", 401, 403, 403, 200, 403));
    HTTP.put("POST /studio/catalog/sync", new Row("/studio/catalog/sync",
        r -> r.contentType("application/x-www-form-urlencoded"), 401, 403, 403, 400, 403));
    HTTP.put("GET /studio/fleet", new Row("/studio/fleet", 401, 403, 403, 200, 403));
    HTTP.put("POST /studio/fleet/{id}/stop", new Row("/studio/fleet/no-such-lab/stop",
        r -> r.contentType("application/x-www-form-urlencoded"), 401, 403, 403, 400, 403));
    HTTP.put("POST /studio/fleet/{id}/reset", new Row("/studio/fleet/no-such-lab/reset",
        r -> r.contentType("application/x-www-form-urlencoded"), 401, 403, 403, 400, 403));
    HTTP.put("GET /studio/exercises", new Row("/studio/exercises", 401, 403, 403, 200, 403));
    HTTP.put("POST /studio/exercises", new Row("/studio/exercises",
        r -> r.contentType("application/x-www-form-urlencoded"), 401, 403, 403, 400, 403));
    HTTP.put("POST /studio/exercises/{id}/freeze", new Row("/studio/exercises/999999/freeze",
        r -> r.contentType("application/x-www-form-urlencoded"), 401, 403, 403, 400, 403));
    HTTP.put("GET /studio/live-fire", new Row("/studio/live-fire", 401, 403, 403, 200, 403));
    HTTP.put("POST /studio/live-fire", new Row("/studio/live-fire",
        r -> r.contentType("application/x-www-form-urlencoded"), 401, 403, 403, 400, 403));
    HTTP.put("POST /studio/live-fire/{exercise}/retry",
        new Row("/studio/live-fire/999999/retry",
            r -> r.contentType("application/x-www-form-urlencoded"), 401, 403, 403, 400, 403));
    HTTP.put("POST /studio/live-fire/{exercise}/end",
        new Row("/studio/live-fire/999999/end",
            r -> r.contentType("application/x-www-form-urlencoded"), 401, 403, 403, 400, 403));
    HTTP.put("POST /studio/live-fire/{exercise}/seats/{trainee}/retry",
        new Row("/studio/live-fire/999999/seats/1/retry",
            r -> r.contentType("application/x-www-form-urlencoded"), 401, 403, 403, 400, 403));
    HTTP.put("POST /studio/live-fire/{exercise}/teams/{team}/retry",
        new Row("/studio/live-fire/999999/teams/1/retry",
            r -> r.contentType("application/x-www-form-urlencoded"), 401, 403, 403, 400, 403));
    HTTP.put("GET /studio/teams", new Row("/studio/teams", 401, 403, 403, 200, 403));
    HTTP.put("POST /studio/teams", new Row("/studio/teams",
        r -> r.contentType("application/x-www-form-urlencoded"), 401, 403, 403, 400, 403));
    HTTP.put("POST /studio/teams/{id}/name", new Row("/studio/teams/999999/name",
        r -> r.contentType("application/x-www-form-urlencoded"), 401, 403, 403, 400, 403));
    HTTP.put("POST /studio/teams/{id}/members", new Row("/studio/teams/999999/members",
        r -> r.contentType("application/x-www-form-urlencoded"), 401, 403, 403, 400, 403));
    HTTP.put("POST /studio/teams/{id}/dissolve", new Row("/studio/teams/999999/dissolve",
        r -> r.contentType("application/x-www-form-urlencoded"), 401, 403, 403, 400, 403));
    HTTP.put("GET /studio/roster", new Row("/studio/roster", 401, 403, 403, 200, 403));
    HTTP.put("GET /dashboard", new Row("/dashboard", 401, 403, 403, 403, 200));
    // the live scenario wall: instructors and officials (a challenge without a scenario: 404)
    HTTP.put("GET /wall", new Row("/wall", 401, 403, 403, 200, 200));
    HTTP.put("GET /wall/{slug}", new Row("/wall/log-forensics", 401, 403, 403, 404, 404));
    HTTP.put("GET /api/admin/scenarios/{slug}/wall",
        new Row("/api/admin/scenarios/log-forensics/wall", 401, 403, 403, 404, 404));
    HTTP.put("GET /dashboard/compare", new Row("/dashboard/compare", 401, 403, 403, 403, 200));
    HTTP.put("GET /dashboard/incidents", new Row("/dashboard/incidents", 401, 403, 403, 403, 200));
    HTTP.put("GET /dashboard/trainees/{username}",
        new Row("/dashboard/trainees/no-such-user", 401, 403, 403, 403, 404));
    HTTP.put("GET /dashboard/audit", new Row("/dashboard/audit", 401, 403, 403, 403, 200));
    HTTP.put("GET /dashboard/report", new Row("/dashboard/report", 401, 403, 403, 403, 200));
    // identity
    HTTP.put("GET /api/me", new Row("/api/me", 401, 200, 200, 200, 200));
    HTTP.put("POST /api/admin/roster", new Row("/api/admin/roster",
        r -> r.contentType("text/csv").body(""), 401, 403, 403, 400, 400));
    HTTP.put("GET /api/admin/roster/{jobId}",
        new Row("/api/admin/roster/no-such-job", 401, 403, 403, 404, 404));
    HTTP.put("GET /api/admin/roster/{jobId}/result.csv",
        new Row("/api/admin/roster/no-such-job/result.csv", 401, 403, 403, 404, 404));
    // teams: formed by instructors only; unknown teams answer 404 after the role check
    HTTP.put("GET /api/admin/teams", new Row("/api/admin/teams", 401, 403, 403, 200, 403));
    HTTP.put("GET /api/admin/teams/{id}",
        new Row("/api/admin/teams/999999", 401, 403, 403, 404, 403));
    HTTP.put("POST /api/admin/teams", new Row("/api/admin/teams",
        r -> r.contentType("application/json").body("{}"), 401, 403, 403, 400, 403));
    HTTP.put("PUT /api/admin/teams/{id}/name", new Row("/api/admin/teams/999999/name",
        r -> r.contentType("application/json").body("{\"name\":\"x\"}"),
        401, 403, 403, 404, 403));
    HTTP.put("POST /api/admin/teams/{id}/members", new Row("/api/admin/teams/999999/members",
        r -> r.contentType("application/json").body("{\"username\":\"x\"}"),
        401, 403, 403, 404, 403));
    HTTP.put("DELETE /api/admin/teams/{id}/members/{username}",
        new Row("/api/admin/teams/999999/members/x", 401, 403, 403, 404, 403));
    HTTP.put("DELETE /api/admin/teams/{id}",
        new Row("/api/admin/teams/999999", 401, 403, 403, 404, 403));
    // catalog: the board is public; administration is for instructors only
    HTTP.put("GET /api/challenges", new Row("/api/challenges", 200, 200, 200, 200, 200));
    HTTP.put("GET /api/challenges/{slug}",
        new Row("/api/challenges/log-forensics", 200, 200, 200, 200, 200));
    HTTP.put("GET /api/challenges/{slug}/files/{file}",
        new Row("/api/challenges/log-forensics/files/dist/access.log", 200, 200, 200, 200, 200));
    HTTP.put("GET /api/admin/catalog", new Row("/api/admin/catalog", 401, 403, 403, 200, 403));
    HTTP.put("POST /api/admin/catalog/sync",
        new Row("/api/admin/catalog/sync", r -> r.contentType("application/json"),
            401, 403, 403, 200, 403));
    HTTP.put("GET /api/admin/catalog/problems",
        new Row("/api/admin/catalog/problems", 401, 403, 403, 200, 403));
    // the big-screen scoreboard app's short address
    HTTP.put("GET /scoreboard", new Row("/scoreboard", 301, 301, 301, 301, 301));
    // scoring: trainees submit and unlock hints; unknown challenges answer 404 after the role
    // check, so these calls change nothing
    HTTP.put("POST /api/challenges/{slug}/submissions",
        new Row("/api/challenges/no-such-challenge/submissions",
            r -> r.contentType("application/json").body("{\"flag\":\"B2C{x}\"}"),
            401, 404, 404, 403, 403));
    HTTP.put("POST /api/challenges/{slug}/hints/{index}/unlock",
        new Row("/api/challenges/no-such-challenge/hints/0/unlock",
            r -> r.contentType("application/json"), 401, 404, 404, 403, 403));
    HTTP.put("GET /api/challenges/{slug}/hints/{index}",
        new Row("/api/challenges/no-such-challenge/hints/0", 401, 404, 404, 403, 403));
    HTTP.put("GET /api/me/score", new Row("/api/me/score", 401, 200, 200, 403, 403));
    HTTP.put("GET /api/admin/exercises", new Row("/api/admin/exercises", 401, 403, 403, 200, 403));
    HTTP.put("GET /api/admin/exercises/{id}",
        new Row("/api/admin/exercises/999999", 401, 403, 403, 404, 403));
    HTTP.put("POST /api/admin/exercises", new Row("/api/admin/exercises",
        r -> r.contentType("application/json").body("{}"), 401, 403, 403, 400, 403));
    HTTP.put("PUT /api/admin/exercises/{id}", new Row("/api/admin/exercises/999999",
        r -> r.contentType("application/json").body("{}"), 401, 403, 403, 404, 403));
    // live-fire exercises: instructors schedule them, retry their labs and end them (LiveFireTest);
    // officials read the progress they also follow on the events stream, and change nothing
    HTTP.put("GET /api/admin/live-fires", new Row("/api/admin/live-fires",
        401, 403, 403, 200, 200));
    HTTP.put("POST /api/admin/live-fires", new Row("/api/admin/live-fires",
        r -> r.contentType("application/json").body("{}"), 401, 403, 403, 400, 403));
    HTTP.put("GET /api/admin/live-fires/{exercise}", new Row("/api/admin/live-fires/999999",
        401, 403, 403, 404, 404));
    HTTP.put("POST /api/admin/live-fires/{exercise}/retry",
        new Row("/api/admin/live-fires/999999/retry", r -> r.contentType("application/json"),
            401, 403, 403, 404, 403));
    HTTP.put("POST /api/admin/live-fires/{exercise}/end",
        new Row("/api/admin/live-fires/999999/end", r -> r.contentType("application/json"),
            401, 403, 403, 404, 403));
    HTTP.put("POST /api/admin/live-fires/{exercise}/seats/{trainee}/retry",
        new Row("/api/admin/live-fires/999999/seats/1/retry",
            r -> r.contentType("application/json"), 401, 403, 403, 404, 403));
    HTTP.put("POST /api/admin/live-fires/{exercise}/teams/{team}/retry",
        new Row("/api/admin/live-fires/999999/teams/1/retry",
            r -> r.contentType("application/json"), 401, 403, 403, 404, 403));
    HTTP.put("GET /api/admin/incidents", new Row("/api/admin/incidents", 401, 403, 403, 200, 200));
    HTTP.put("POST /api/admin/trainees/{username}/awards",
        new Row("/api/admin/trainees/no-such-user/awards",
            r -> r.contentType("application/json").body("{\"points\":1,\"reason\":\"x\"}"),
            401, 403, 403, 404, 403));
    HTTP.put("PUT /api/admin/trainees/{username}/status",
        new Row("/api/admin/trainees/no-such-user/status",
            r -> r.contentType("application/json").body("{\"hidden\":false,\"banned\":false}"),
            401, 403, 403, 404, 403));
    // audit: officials and instructors read and verify the chain
    HTTP.put("GET /api/admin/audit", new Row("/api/admin/audit", 401, 403, 403, 200, 200));
    HTTP.put("GET /api/admin/audit/verify",
        new Row("/api/admin/audit/verify", 401, 403, 403, 200, 200));
    // signed checkpoints of the chain's end: officials only (they keep them outside the range)
    HTTP.put("GET /api/admin/audit/checkpoint",
        new Row("/api/admin/audit/checkpoint", 401, 403, 403, 403, 200));
    HTTP.put("POST /api/admin/audit/checkpoint", new Row("/api/admin/audit/checkpoint",
        r -> r.contentType("application/json"), 401, 403, 403, 403, 200));
    // scoreboard: public boards; "me" needs a sign-in; exports for officials and instructors
    HTTP.put("GET /api/scoreboard", new Row("/api/scoreboard", 200, 200, 200, 200, 200));
    HTTP.put("GET /api/scoreboard/me", new Row("/api/scoreboard/me", 401, 200, 200, 200, 200));
    HTTP.put("GET /api/scoreboard/exercises",
        new Row("/api/scoreboard/exercises", 200, 200, 200, 200, 200));
    HTTP.put("GET /api/scoreboard/timeline",
        new Row("/api/scoreboard/timeline", 200, 200, 200, 200, 200));
    HTTP.put("GET /api/scoreboard/export.csv",
        new Row("/api/scoreboard/export.csv", 401, 403, 403, 200, 200));
    HTTP.put("GET /api/scoreboard/ctftime.json",
        new Row("/api/scoreboard/ctftime.json", 401, 403, 403, 200, 200));
    HTTP.put("POST /api/admin/scoreboard/rebuild", new Row("/api/admin/scoreboard/rebuild",
        r -> r.contentType("application/json"), 401, 403, 403, 403, 200));
    HTTP.put("GET /api/scoreboard/teams", new Row("/api/scoreboard/teams",
        200, 200, 200, 200, 200));
    HTTP.put("GET /api/scoreboard/teams/timeline",
        new Row("/api/scoreboard/teams/timeline", 200, 200, 200, 200, 200));
    HTTP.put("GET /api/scoreboard/teams/contributions",
        new Row("/api/scoreboard/teams/contributions", 401, 403, 403, 200, 200));
    HTTP.put("GET /api/scoreboard/teams/export.csv",
        new Row("/api/scoreboard/teams/export.csv", 401, 403, 403, 200, 200));
    HTTP.put("POST /api/scoreboard/teams/rebuild", new Row("/api/scoreboard/teams/rebuild",
        r -> r.contentType("application/json"), 401, 403, 403, 403, 200));
    HTTP.put("GET /api/admin/scoreboard/status",
        new Row("/api/admin/scoreboard/status", 401, 403, 403, 403, 200));
    // labs: trainees (and instructors) own labs; unknown labs and challenges answer 404
    HTTP.put("POST /api/labs/{challenge}", new Row("/api/labs/no-such-challenge",
        r -> r.contentType("application/json"), 401, 404, 404, 404, 403));
    HTTP.put("GET /api/labs", new Row("/api/labs", 401, 200, 200, 200, 403));
    HTTP.put("GET /api/labs/{id}", new Row("/api/labs/no-such-lab", 401, 404, 404, 404, 403));
    HTTP.put("POST /api/labs/{id}/extend", new Row("/api/labs/no-such-lab/extend",
        r -> r.contentType("application/json"), 401, 404, 404, 404, 403));
    HTTP.put("DELETE /api/labs/{id}",
        new Row("/api/labs/no-such-lab", 401, 404, 404, 404, 403));
    HTTP.put("POST /api/labs/{id}/check", new Row("/api/labs/no-such-lab/check",
        r -> r.contentType("application/json"), 401, 404, 404, 404, 403));
    // a lab's live-fire scenario: its owner's and instructors' (ScenarioClockTest: 200 for them)
    HTTP.put("GET /api/labs/{id}/scenario",
        new Row("/api/labs/no-such-lab/scenario", 401, 404, 404, 404, 403));
    // a lab's terminal recordings: its owner's and staff's (TerminalRecordingTest: 200 for them,
    // 404 for another trainee); its debrief: staff only
    HTTP.put("GET /api/labs/{id}/recordings",
        new Row("/api/labs/no-such-lab/recordings", 401, 404, 404, 404, 404));
    HTTP.put("GET /api/labs/{id}/recordings/{recording}",
        new Row("/api/labs/no-such-lab/recordings/1", 401, 404, 404, 404, 404));
    HTTP.put("GET /api/labs/{id}/debrief",
        new Row("/api/labs/no-such-lab/debrief", 401, 403, 403, 404, 404));
    // a lab's web site: a one-time link to its own origin (303) for its owner and instructors
    HTTP.put("GET /api/labs/{id}/web/{port}",
        new Row("/api/labs/no-such-lab/web/8080", 401, 404, 404, 404, 403));
    HTTP.put("POST /api/admin/labs/reconcile", new Row("/api/admin/labs/reconcile",
        r -> r.contentType("application/json"), 401, 403, 403, 204, 403));
    // Building every missing image can take minutes, so only the refusals are called here;
    // LabLifecycleTest exercises the instructor's build.
    HTTP.put("POST /api/admin/labs/images/build", new Row("/api/admin/labs/images/build",
        r -> r.contentType("application/json"), 401, 403, 403, SKIP, 403));
    // Server-sent event streams: only the status line is read.
    STREAMS.put("GET /api/scoreboard/stream", new Row("/api/scoreboard/stream",
        200, 200, 200, 200, 200));
    STREAMS.put("GET /api/scoreboard/teams/stream", new Row("/api/scoreboard/teams/stream",
        200, 200, 200, 200, 200));
    STREAMS.put("GET /api/labs/events", new Row("/api/labs/events", 401, 200, 200, 200, 403));
    // a lab's scenario ticks: its owner's and instructors' (ScenarioStreamTest: 200 for them);
    // the staff's ticks of a whole challenge (ScenarioStreamTest: 200 for a scenario challenge)
    STREAMS.put("GET /api/labs/{id}/scenario/events",
        new Row("/api/labs/no-such-lab/scenario/events", 401, 404, 404, 404, 403));
    STREAMS.put("GET /api/admin/scenarios/{slug}/events",
        new Row("/api/admin/scenarios/log-forensics/events", 401, 403, 403, 404, 404));
    // live-fire exercises' progress as it changes: staff (LiveFireProgressTest)
    STREAMS.put("GET /api/admin/live-fires/events", new Row("/api/admin/live-fires/events",
        401, 403, 403, 200, 200));
    // The in-browser terminal opens with a one-time ticket, not with the caller's token (which
    // would bind it to the token's lifetime): a ticket comes only for a lab of the caller's own
    // (any lab, for instructors), and a handshake without one is refused for every caller, a
    // valid bearer token or not. (A plain Vert.x route, so webSocketPaths() does not list it.)
    HTTP.put("POST /api/labs/{id}/terminal/ticket", new Row("/api/labs/no-such-lab/terminal/ticket",
        r -> r.contentType("application/json"), 401, 404, 404, 404, 403));
    WEBSOCKETS.put("/api/labs/{id}/terminal",
        new Row("/api/labs/no-such-lab/terminal", 401, 401, 401, 401, 401));
    WEBSOCKETS.put("/api/labs/{id}/terminal?ticket=",
        new Row("/api/labs/no-such-lab/terminal?ticket=forged", 401, 401, 401, 401, 401));
    // a lab's tcp tunnel: its ticket (owner, instructor) and the ticket's trade for a pass (a
    // ticket nobody issued is refused, whoever asks); the WebSocket itself is in LAB_PATHS below
    HTTP.put("POST /api/labs/{id}/ports/{port}/tunnel/ticket",
        new Row("/api/labs/no-such-lab/ports/4000/tunnel/ticket",
            r -> r.contentType("application/json"), 401, 404, 404, 404, 403));
    HTTP.put("POST /api/labs/{id}/ports/{port}/tunnel/pass",
        new Row("/api/labs/no-such-lab/ports/4000/tunnel/pass",
            r -> r.contentType("application/json").body("{\"ticket\":\"no-such-ticket\"}"),
            401, 401, 401, 401, 401));
  }

  @TestHTTPResource("/")
  URL base;

  /** The OpenAPI document, served on the loopback-only management interface. */
  @TestHTTPResource(value = "/openapi", management = true)
  URL openapi;

  @Test
  void everyEndpointShouldAnswerEachCallerAsTheMatrixSays() {
    Map<String, Object> paths = given().when().get(openapi + "?format=json")
        .then().statusCode(200).extract().jsonPath().getMap("paths");
    TreeSet<String> endpoints = new TreeSet<>();
    paths.forEach((path, operations) -> ((Map<?, ?>) operations).keySet().forEach(method -> {
      String m = method.toString().toUpperCase();
      if (List.of("GET", "POST", "PUT", "DELETE", "PATCH").contains(m)) {
        endpoints.add(m + " " + path);
      }
    }));
    List<String> problems = new ArrayList<>();
    endpoints.stream().filter(e -> !HTTP.containsKey(e) && !STREAMS.containsKey(e))
        .forEach(e -> problems.add("no row in the authorization matrix for " + e));
    java.util.stream.Stream.concat(HTTP.keySet().stream(), STREAMS.keySet().stream())
        .filter(e -> !endpoints.contains(e))
        .forEach(e -> problems.add("row for an endpoint that does not exist: " + e));
    TreeSet<String> sockets = webSocketPaths();
    sockets.stream().filter(p -> !WEBSOCKETS.containsKey(p))
        .forEach(p -> problems.add("no row in the authorization matrix for WebSocket " + p));

    String[] tokens = tokens();
    HTTP.forEach((endpoint, row) -> compare(problems, endpoint, row, i -> {
      RequestSpecification request = given().redirects().follow(false);
      if (tokens[i] != null) {
        request = request.auth().oauth2(tokens[i]);
      }
      return row.request().apply(request).when()
          .request(endpoint.substring(0, endpoint.indexOf(' ')), row.call()).statusCode();
    }));
    STREAMS.forEach((endpoint, row) ->
        compare(problems, endpoint, row, i -> streamStatus(row.call(), tokens[i])));
    WEBSOCKETS.forEach((path, row) ->
        compare(problems, "WebSocket " + path, row, i -> handshake(row.call(), tokens[i])));
    assertTrue(problems.isEmpty(), String.join("\n", problems));
  }

  // ---- Lab paths outside the OpenAPI document: the lab proxy path, the tcp tunnel, the terminal
  // and a lab web site's WebSocket, each also with a foreign and the range's own Origin. The
  // terminal opens only with a one-time ticket: with the range's Origin and a bearer token but no
  // ticket it is refused (401) for every caller; a foreign Origin is refused before anything else
  // (403). The lab web rows are sent to a lab host (<label>.labs.localhost), which
  // knows no range credential: only its own pass cookie, which none of these callers hold.

  /** A row of {@link #LAB_PATHS}: the Host to send, the path, the Origin (null: none). */
  record LabPathRow(String host, String path, String origin, int... expected) {}

  private static final String FOREIGN = "http://evil.example";
  /** Stands for the range's own origin in {@link #LAB_PATHS}; filled in at the call. */
  private static final String OWN = "own";
  /** Stands for the range's own Host, or a lab host, in {@link #LAB_PATHS}. */
  private static final String RANGE = "range";
  private static final String LAB_HOST = "0123456789abcdef0123456789abcdef.labs.localhost";
  private static final Map<String, LabPathRow> LAB_PATHS = new LinkedHashMap<>();

  static {
    // the former proxy path only sends the browser to the link endpoint, which checks the caller
    LAB_PATHS.put("GET /labs/{id}/proxy/{port}/",
        new LabPathRow(RANGE, "/labs/no-such-lab/proxy/8080/", null, 303, 303, 303, 303, 303));
    LAB_PATHS.put("tunnel WebSocket", new LabPathRow(RANGE,
        "/api/labs/no-such-lab/ports/4000/tunnel", null, 401, 404, 404, 404, 403));
    LAB_PATHS.put("tunnel WebSocket, the range's Origin", new LabPathRow(RANGE,
        "/api/labs/no-such-lab/ports/4000/tunnel", OWN, 401, 404, 404, 404, 403));
    LAB_PATHS.put("tunnel WebSocket, foreign Origin", new LabPathRow(RANGE,
        "/api/labs/no-such-lab/ports/4000/tunnel", FOREIGN, 403, 403, 403, 403, 403));
    LAB_PATHS.put("tunnel WebSocket, a lab host's Origin", new LabPathRow(RANGE,
        "/api/labs/no-such-lab/ports/4000/tunnel", "http://" + LAB_HOST, 403, 403, 403, 403,
        403));
    LAB_PATHS.put("tunnel WebSocket, ticket nobody issued", new LabPathRow(RANGE,
        "/api/labs/no-such-lab/ports/4000/tunnel?ticket=forged", null, 401, 401, 401, 401, 401));
    LAB_PATHS.put("terminal WebSocket, the range's Origin", new LabPathRow(RANGE,
        "/api/labs/no-such-lab/terminal", OWN, 401, 401, 401, 401, 401));
    LAB_PATHS.put("terminal WebSocket, foreign Origin", new LabPathRow(RANGE,
        "/api/labs/no-such-lab/terminal", FOREIGN, 403, 403, 403, 403, 403));
    LAB_PATHS.put("lab web WebSocket", new LabPathRow(LAB_HOST, "/ws", null,
        401, 401, 401, 401, 401));
    LAB_PATHS.put("lab web WebSocket, the lab's own Origin", new LabPathRow(LAB_HOST, "/ws",
        "http://" + LAB_HOST, 401, 401, 401, 401, 401));
    LAB_PATHS.put("lab web WebSocket, foreign Origin", new LabPathRow(LAB_HOST, "/ws", FOREIGN,
        401, 401, 401, 401, 401));
  }

  @Test
  void labPathsShouldAnswerEachCallerAsTheMatrixSays() {
    String[] tokens = tokens();
    String range = base.getHost() + ":" + base.getPort();
    List<String> problems = new ArrayList<>();
    LAB_PATHS.forEach((what, row) -> compare(problems, what,
        new Row(row.path(), row.expected()), i -> {
          String host = RANGE.equals(row.host()) ? range : row.host() + ":" + base.getPort();
          if (what.startsWith("GET ")) {
            var request = given().redirects().follow(false);
            return (tokens[i] == null ? request : request.auth().oauth2(tokens[i]))
                .get(row.path()).statusCode();
          }
          return handshake(host, row.path(), tokens[i],
              OWN.equals(row.origin()) ? "http://" + range : row.origin());
        }));
    assertTrue(problems.isEmpty(), String.join("\n", problems));
  }

  /** Calls the row as each caller (by index) and notes every status that differs. */
  private static void compare(List<String> problems, String what, Row row,
      java.util.function.IntUnaryOperator statusAs) {
    for (int i = 0; i < CALLERS.length; i++) {
      if (row.expected()[i] == SKIP) {
        continue;
      }
      int status = statusAs.applyAsInt(i);
      if (status != row.expected()[i]) {
        problems.add(what + " as " + CALLERS[i] + ": expected " + row.expected()[i] + ", got "
            + status);
      }
    }
  }

  private static String[] tokens() {
    TestKeycloak keycloak = TestKeycloak.get();
    return new String[] {null, keycloak.demoToken("trainee1"), keycloak.demoToken("trainee2"),
        keycloak.demoToken("instructor1"), keycloak.demoToken("official1")};
  }

  /** Paths of WebSocket endpoints (quarkus-websockets-next), found by their annotation. */
  private static TreeSet<String> webSocketPaths() {
    TreeSet<String> found = new TreeSet<>();
    for (var bean : Arc.container().beanManager().getBeans(Object.class,
        jakarta.enterprise.inject.Any.Literal.INSTANCE)) {
      for (Annotation annotation : bean.getBeanClass().getAnnotations()) {
        if (annotation.annotationType().getName().equals("io.quarkus.websockets.next.WebSocket")) {
          try {
            found.add((String) annotation.annotationType().getMethod("path").invoke(annotation));
          } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
          }
        }
      }
    }
    return found;
  }

  /** The status of a server-sent event stream, read from its headers; the stream is closed. */
  private int streamStatus(String path, String token) {
    try {
      java.net.http.HttpRequest.Builder request = java.net.http.HttpRequest
          .newBuilder(base.toURI().resolve(path)).header("Accept", "text/event-stream");
      if (token != null) {
        request.header("Authorization", "Bearer " + token);
      }
      java.net.http.HttpResponse<java.io.InputStream> response =
          java.net.http.HttpClient.newHttpClient().send(request.build(),
              java.net.http.HttpResponse.BodyHandlers.ofInputStream());
      response.body().close();
      return response.statusCode();
    } catch (java.io.IOException | InterruptedException | java.net.URISyntaxException e) {
      throw new IllegalStateException("cannot open " + path, e);
    }
  }

  /** The status line of a WebSocket opening handshake (101 when the upgrade is accepted). */
  private int handshake(String path, String token) {
    return handshake(base.getHost() + ":" + base.getPort(), path, token, null);
  }

  /** {@link #handshake(String, String)} with this Host header and Origin (null: none). */
  private int handshake(String host, String path, String token, String origin) {
    try (Socket socket = new Socket(base.getHost(), base.getPort())) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      String request = "GET " + path + " HTTP/1.1\r\n"
          + "Host: " + host + "\r\n"
          + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
          + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
          + (token == null ? "" : "Authorization: Bearer " + token + "\r\n")
          + (origin == null ? "" : "Origin: " + origin + "\r\n")
          + "\r\n";
      out.write(request.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String status = new BufferedReader(new InputStreamReader(socket.getInputStream(),
          StandardCharsets.US_ASCII)).readLine();
      return Integer.parseInt(status.split(" ")[1]);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
