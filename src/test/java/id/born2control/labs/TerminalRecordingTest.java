package id.born2control.labs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.born2control.audit.AuditService;
import id.born2control.audit.AuditVerifier;
import id.born2control.catalog.CatalogService;
import id.born2control.identity.IdentityService;
import id.born2control.labs.TerminalClient.Listener;
import id.born2control.scoring.Api;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Terminal sessions recorded by the range at the terminal WebSocket, through the real terminal
 * into a lab on the Docker engine: the session is stored as asciicast v2 (what was typed, what
 * came back, the page's size), a flood is cut at the limit (16 KiB here) and marked; the lab's
 * owner and staff read recordings, another trainee cannot, and every staff read is audited.
 */
@QuarkusTest
@TestProfile(TerminalRecordingTest.SmallRecordings.class)
@Tag("docker")
class TerminalRecordingTest {

  /** Recordings of at most 16 KiB, so a flood of output reaches the limit at once. */
  public static class SmallRecordings implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("b2c.labs.terminal-recording-max", "16K");
    }
  }

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final long LIMIT = 16 * 1024;
  private static final ObjectMapper JSON = new ObjectMapper();

  @Inject CatalogService catalog;
  @Inject LabService labs;
  @Inject IdentityService identities;
  @Inject AuditService audit;
  @Inject AuditVerifier verifier;

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

  private static RequestSpecification as(String username) {
    return Api.as(username, null);
  }

  private static RequestSpecification staff(String username, String role) {
    return Api.withRoles(username, role);
  }

  /** Opens a terminal as its owner, sized as the page sizes it, runs {@code command}. */
  private String session(String owner, String lab, String command, String awaited)
      throws Exception {
    Listener listener = new Listener();
    WebSocket socket = TerminalClient.open(base, lab, TerminalClient.ticket(as(owner), lab),
        listener);
    socket.sendText("{\"type\":\"resize\",\"cols\":101,\"rows\":31}", true).get();
    socket.sendText(command + "\n", true).get();
    String output = listener.awaitOutput(awaited, WAIT);
    socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get();
    listener.closed.get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
    return output;
  }

  /** The lab's recordings once the last one has ended (it is stored after the socket closes). */
  private static JsonPath endedRecordings(RequestSpecification caller, String lab, int count) {
    long until = System.nanoTime() + WAIT.toNanos();
    while (true) {
      Response answer = caller.get("/api/labs/" + lab + "/recordings");
      assertEquals(200, answer.statusCode(), answer.asString());
      JsonPath list = answer.jsonPath();
      if (list.getList("$").size() == count
          && list.getList("endedAt").stream().allMatch(at -> at != null)) {
        return list;
      }
      assertTrue(System.nanoTime() < until, "recordings not stored: " + answer.asString());
      LabTestSupport.sleep(200);
    }
  }

  private static List<JsonNode> events(String cast) throws Exception {
    return Arrays.stream(cast.split("\n")).skip(1).map(line -> {
      try {
        return JSON.readTree(line);
      } catch (Exception e) {
        throw new AssertionError("not an asciicast event line: " + line, e);
      }
    }).toList();
  }

  @Test
  void shouldRecordTheSessionAsAsciicastWithInputOutputAndSize() throws Exception {
    String lab = LabTestSupport.startRunning(labs, catalog, identities, "rec-owner", "labt-web");
    session("rec-owner", lab, "echo rec-$((6*7))", "rec-42");

    JsonPath list = endedRecordings(as("rec-owner"), lab, 1);
    assertEquals("rec-owner", list.getString("[0].actor"));
    assertFalse(list.getBoolean("[0].truncated"));
    String cast = as("rec-owner").get(list.getString("[0].cast")).then().statusCode(200)
        .contentType("application/x-asciicast").extract().asString();

    JsonNode header = JSON.readTree(cast.substring(0, cast.indexOf('\n')));
    assertEquals(2, header.get("version").asInt());
    assertTrue(header.get("timestamp").asLong() > 0 && header.get("duration").asDouble() > 0,
        header.toString());
    List<JsonNode> events = events(cast);
    // The size the page sent: the recording's own, or a resize event if output came first.
    boolean sized = header.get("width").asInt() == 101 && header.get("height").asInt() == 31
        || events.stream().anyMatch(e -> "r".equals(e.get(1).asText())
            && "101x31".equals(e.get(2).asText()));
    assertTrue(sized, cast);
    assertTrue(events.stream().anyMatch(e -> "i".equals(e.get(1).asText())
        && e.get(2).asText().contains("echo rec-$((6*7))")), "the input is recorded: " + cast);
    assertTrue(events.stream().anyMatch(e -> "o".equals(e.get(1).asText())
        && e.get(2).asText().contains("rec-42")), "the output is recorded: " + cast);
    double last = -1;
    for (JsonNode e : events) {
      assertTrue(e.get(0).asDouble() >= last, "times relative to the start, in order: " + cast);
      last = e.get(0).asDouble();
    }
  }

  @Test
  void shouldCutARecordingAtItsLimitAndMarkItTruncatedWhileTheTerminalGoesOn() throws Exception {
    String lab = LabTestSupport.startRunning(labs, catalog, identities, "rec-flood", "labt-web");
    // 200 KB of output, then a line after it: the terminal shows all, the recording stops.
    session("rec-flood", lab, "head -c 200000 /dev/zero | tr '\\0' x; echo; echo after-$((7*6))",
        "after-42");

    JsonPath list = endedRecordings(as("rec-flood"), lab, 1);
    assertTrue(list.getBoolean("[0].truncated"), list.prettify());
    long bytes = list.getLong("[0].bytes");
    assertTrue(bytes > LIMIT / 2 && bytes <= LIMIT, "bounded by the limit: " + bytes);
    String cast = as("rec-flood").get(list.getString("[0].cast")).then().statusCode(200)
        .extract().asString();
    List<JsonNode> events = events(cast);
    JsonNode marker = events.get(events.size() - 1);
    assertEquals("m", marker.get(1).asText(), cast.substring(cast.length() - 200));
    assertEquals("truncated", marker.get(2).asText());
    assertFalse(cast.contains("after-42"), "nothing is recorded past the limit");
  }

  @Test
  void shouldRefuseARecordingToAnotherTrainee() throws Exception {
    String lab = LabTestSupport.startRunning(labs, catalog, identities, "rec-victim", "labt-web");
    session("rec-victim", lab, "echo secret-$((3*3))", "secret-9");
    String cast = endedRecordings(as("rec-victim"), lab, 1).getString("[0].cast");

    // Another trainee, knowing the lab and the recording's address, gets what an unknown lab gets.
    as("rec-snoop").get("/api/labs/" + lab + "/recordings").then().statusCode(404);
    as("rec-snoop").get(cast).then().statusCode(404);
    // A recording is found through its own lab only: not through a lab of the snoop's.
    String own = LabTestSupport.startRunning(labs, catalog, identities, "rec-snoop", "labt-web");
    as("rec-snoop").get("/api/labs/" + own + cast.substring(cast.indexOf("/recordings")))
        .then().statusCode(404);
    // Nor the debrief, which is for staff.
    as("rec-snoop").get("/api/labs/" + lab + "/debrief").then().statusCode(403);
  }

  @Test
  void shouldAuditEveryStaffReadOfARecordingAndShowItInTheDebrief() throws Exception {
    String lab = LabTestSupport.startRunning(labs, catalog, identities, "rec-trainee", "labt-web");
    session("rec-trainee", lab, "echo watched-$((5*5))", "watched-25");
    String cast = endedRecordings(as("rec-trainee"), lab, 1).getString("[0].cast");
    // The owner reading their own recording is not a staff read.
    as("rec-trainee").get(cast).then().statusCode(200);

    String read = staff("rec-instructor", "instructor").get(cast).then().statusCode(200)
        .extract().asString();
    assertTrue(read.contains("watched-25"), read);
    staff("rec-official", "official").get(cast).then().statusCode(200);

    JsonPath debrief = staff("rec-official", "official").get("/api/labs/" + lab + "/debrief")
        .then().statusCode(200).extract().jsonPath();
    assertEquals("rec-trainee", debrief.getString("owner"));
    assertEquals(List.of("terminal"), debrief.getList("entries.kind"));
    assertEquals(cast, debrief.getString("entries[0].terminal.cast"));

    audit.seal();
    long last = verifier.verify().checked();
    List<String> entries = audit.page(Math.max(0, last - 200), 200).stream()
        .filter(r -> r.subject().equals("lab:" + lab))
        .map(r -> r.actor() + " " + r.action()).toList();
    assertTrue(entries.containsAll(List.of("rec-instructor lab.recording.read",
        "rec-official lab.recording.read", "rec-official lab.debrief.read")), entries.toString());
    assertFalse(entries.contains("rec-trainee lab.recording.read"), entries.toString());
  }
}
