package id.born2control.labs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.born2control.catalog.CatalogService;
import id.born2control.identity.IdentityService;
import id.born2control.labs.TerminalClient.Listener;
import id.born2control.labs.TerminalClient.NeverReads;
import id.born2control.scoring.Api;
import io.netty.util.internal.PlatformDependent;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The in-browser terminal at its WebSocket: a one-time ticket opens it for the lab's owner only;
 * it outlives access tokens while it is renewed, and closes within its lease when it is not (a
 * session that ended, a ban); and one trainee cannot exhaust the range through it (bounded
 * buffers, at most two terminals per lab, a personal cap, lab starts unaffected). The lease is
 * 10 s here so its tests are short.
 */
@QuarkusTest
@TestProfile(LabTerminalTest.ShortLease.class)
@Tag("docker")
class LabTerminalTest {

  /** A short terminal lease; three terminals per person. */
  public static class ShortLease implements io.quarkus.test.junit.QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("b2c.labs.terminal-lease", "10s", "b2c.labs.terminals-per-trainee", "3");
    }
  }

  private static final Duration LEASE = Duration.ofSeconds(10);
  private static final Duration WAIT = Duration.ofSeconds(30);
  /**
   * Far more than the bounded buffers, far less than what the flood piles up unbounded. Measured
   * here: with backpressure the heap grew 0.5 MiB and direct memory 0.7 MiB over the flood; with
   * the output wait taken out, direct memory grew 67 MiB in 20 s on a loaded 2-core machine.
   */
  private static final long MEMORY_BOUND = 24L * 1024 * 1024;

  @Inject CatalogService catalog;
  @Inject LabService labs;
  @Inject IdentityService identities;

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

  private String running(String username) {
    return running(username, "labt-web");
  }

  private String running(String username, String slug) {
    return LabTestSupport.startRunning(labs, catalog, identities, username, slug);
  }

  private static RequestSpecification as(String username) {
    return Api.as(username, null);
  }

  private WebSocket open(String username, String lab, Listener listener) throws Exception {
    return TerminalClient.open(base, lab, TerminalClient.ticket(as(username), lab), listener);
  }

  /** What the page does every third of the lease: a fresh ticket over the open socket. */
  private static void renew(WebSocket socket, String username, String lab) {
    socket.sendText("{\"type\":\"renew\",\"ticket\":\"" + TerminalClient.ticket(as(username), lab)
        + "\"}", true).join();
  }

  /**
   * Renews {@code sockets} every third of the lease in the background, as the page does, until
   * closed: the tests' own pauses (a full GC, a lab start) never let a lease run out.
   */
  private static AutoCloseable renewing(String username, String lab, WebSocket... sockets) {
    ScheduledExecutorService renewer = Executors.newSingleThreadScheduledExecutor();
    renewer.scheduleWithFixedDelay(() -> {
      for (WebSocket socket : sockets) {
        renew(socket, username, lab);
      }
    }, 0, LEASE.toMillis() / 3, TimeUnit.MILLISECONDS);
    return renewer::shutdownNow;
  }

  private static int handshakeStatus(URI base, String lab, String ticket) throws Exception {
    try {
      TerminalClient.open(base, lab, ticket, new Listener()).abort();
      return 101;
    } catch (ExecutionException e) {
      WebSocketHandshakeException refused =
          assertInstanceOf(WebSocketHandshakeException.class, e.getCause());
      return refused.getResponse().statusCode();
    }
  }

  @Test
  void shouldOpenTerminalInOwnLabAsLabUserWithResize() throws Exception {
    String lab = running("term-owner");
    Listener listener = new Listener();
    WebSocket socket = open("term-owner", lab, listener);
    socket.sendText("{\"type\":\"resize\",\"cols\":123,\"rows\":45}", true).get();
    socket.sendText("id -un; stty size; echo marker-$((6*7))\n", true).get();
    String output = listener.awaitOutput("marker-42", WAIT);
    assertTrue(output.contains("www-data"), output);
    assertTrue(output.contains("45 123"), output);
    socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(10, TimeUnit.SECONDS);
  }

  @Test
  void shouldRefuseTerminalOfSomeoneElsesLab() throws Exception {
    LabTestSupport.trainee(identities, "term-mallory");
    String victim = running("term-victim");
    String own = running("term-mallory");
    // No ticket for another's lab ...
    as("term-mallory").contentType("application/json")
        .post("/api/labs/" + victim + "/terminal/ticket").then().statusCode(404);
    // ... a ticket of one's own lab does not open another's, and no ticket opens nothing.
    assertEquals(401, handshakeStatus(base, victim, TerminalClient.ticket(as("term-mallory"), own)));
    assertEquals(401, handshakeStatus(base, victim, null));
    // A made-up ticket opens nothing either.
    assertEquals(401, handshakeStatus(base, victim, "not-a-ticket"));
  }

  @Test
  void shouldRefuseAValidTicketFromAForeignOrigin() throws Exception {
    String lab = running("term-origin");
    String ticket = TerminalClient.ticket(as("term-origin"), lab);
    // A lab's page (another origin) holding a ticket still cannot open the terminal ...
    ExecutionException refused = assertThrows(ExecutionException.class, () -> HttpClient
        .newHttpClient().newWebSocketBuilder()
        .header("Origin", "http://0123456789abcdef0123456789abcdef.labs.localhost:8080")
        .buildAsync(TerminalClient.uri(base, lab, ticket), new Listener())
        .get(20, TimeUnit.SECONDS));
    assertEquals(403, assertInstanceOf(WebSocketHandshakeException.class, refused.getCause())
        .getResponse().statusCode());
    // ... and the refusal came before the ticket was spent: the range's page still opens it.
    Listener listener = new Listener();
    WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
        .header("Origin", base.resolve("/").toString().replaceFirst("/$", ""))
        .buildAsync(TerminalClient.uri(base, lab, ticket), listener).get(20, TimeUnit.SECONDS);
    socket.sendText("echo origin-$((6*7))\n", true).get();
    listener.awaitOutput("origin-42", WAIT);
    socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(10, TimeUnit.SECONDS);
  }

  @Test
  void shouldOpenOnlyOnceWithOneTicket() throws Exception {
    String lab = running("term-once");
    String ticket = TerminalClient.ticket(as("term-once"), lab);
    Listener first = new Listener();
    WebSocket socket = TerminalClient.open(base, lab, ticket, first);
    socket.sendText("echo first-$((6*7))\n", true).get();
    first.awaitOutput("first-42", WAIT);
    assertEquals(401, handshakeStatus(base, lab, ticket));
    socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(10, TimeUnit.SECONDS);
  }

  @Test
  void shouldRefuseThirdTerminalOnOneLab() throws Exception {
    String lab = running("term-three");
    Listener one = new Listener();
    Listener two = new Listener();
    Listener three = new Listener();
    WebSocket first = open("term-three", lab, one);
    WebSocket second = open("term-three", lab, two);
    open("term-three", lab, three);
    assertEquals(4429, three.closed.get(20, TimeUnit.SECONDS));
    assertTrue(three.reason.contains("At most 2 terminals"), three.reason);
    // The two open ones still work; closing one makes room again.
    second.sendText("echo two-$((6*7))\n", true).get();
    two.awaitOutput("two-42", WAIT);
    first.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(10, TimeUnit.SECONDS);
    one.closed.get(20, TimeUnit.SECONDS);
    Listener again = new Listener();
    WebSocket reopened = open("term-three", lab, again);
    reopened.sendText("echo again-$((6*7))\n", true).get();
    again.awaitOutput("again-42", WAIT);
    reopened.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(10, TimeUnit.SECONDS);
    second.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(10, TimeUnit.SECONDS);
  }

  @Test
  void shouldRefuseATerminalPastThePersonalCap() throws Exception {
    String labA = running("term-cap");
    String labB = running("term-cap", "labt-ws");
    WebSocket a1 = open("term-cap", labA, new Listener());
    WebSocket a2 = open("term-cap", labA, new Listener());
    WebSocket b1 = open("term-cap", labB, new Listener());
    Listener fourth = new Listener();
    open("term-cap", labB, fourth);
    assertEquals(4429, fourth.closed.get(20, TimeUnit.SECONDS));
    assertTrue(fourth.reason.contains("3 terminals"), fourth.reason);
    for (WebSocket socket : new WebSocket[] {a1, a2, b1}) {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void shouldKeepHeapFlatWhenTerminalClientNeverReads() throws Exception {
    String lab = running("term-flood");
    NeverReads flood = new NeverReads();
    WebSocket stuck = open("term-flood", lab, flood);
    long heapGrowth;
    long directGrowth;
    try (AutoCloseable renewals = renewing("term-flood", lab, stuck)) {
      long heapBefore = heapAfterGc();
      long directBefore = directMemory();
      // The lab prints forever (long lines, as fast as it can); the client reads none of it.
      stuck.sendText("yes " + "0123456789".repeat(20) + "\n", true).get();
      Thread.sleep(30_000);
      heapGrowth = heapAfterGc() - heapBefore;
      directGrowth = directMemory() - directBefore;
    }
    assertTrue(heapGrowth < MEMORY_BOUND, "heap grew by " + heapGrowth / 1024 + " KiB");
    assertTrue(directGrowth < MEMORY_BOUND, "direct memory grew by " + directGrowth / 1024
        + " KiB");
    // The terminal was paused, not dropped; and the lab's other terminal still answers.
    assertFalse(flood.closed.isDone(), "the non-reading terminal is still open");
    Listener other = new Listener();
    WebSocket second = open("term-flood", lab, other);
    second.sendText("echo alive-$((6*7))\n", true).get();
    other.awaitOutput("alive-42", WAIT);
    second.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(10, TimeUnit.SECONDS);
    stuck.abort();
  }

  @Test
  void shouldStartALabWhileTerminalsAreBusy() throws Exception {
    String lab = running("term-busy");
    WebSocket[] floods = new WebSocket[2];
    for (int i = 0; i < floods.length; i++) {
      floods[i] = open("term-busy", lab, new NeverReads());
      floods[i].sendText("yes " + "0123456789".repeat(20) + "\n", true).get();
    }
    try (AutoCloseable renewals = renewing("term-busy", lab, floods)) {
      // Another trainee's lab starts (and runs) while both terminals are stuck flooding.
      String other = running("term-starter");
      assertEquals("RUNNING", labs.get(other, 0, true).state());
    }
    for (WebSocket flood : floods) {
      flood.abort();
    }
  }

  @Test
  void shouldCloseATerminalThatIsNotRenewed() throws Exception {
    String lab = running("term-lapse");
    Listener listener = new Listener();
    open("term-lapse", lab, listener);
    // A page whose session ended gets no fresh ticket: the terminal closes within its lease.
    assertEquals(4401, listener.closed.get(LEASE.multipliedBy(4).toSeconds(), TimeUnit.SECONDS));
    assertTrue(listener.reason.contains("session ended"), listener.reason);
  }

  @Test
  void shouldKeepARenewedTerminalOpenPastItsLease() throws Exception {
    String lab = running("term-renewed");
    Listener listener = new Listener();
    WebSocket socket = open("term-renewed", lab, listener);
    for (int i = 0; i < 8; i++) {
      Thread.sleep(LEASE.toMillis() / 3);
      renew(socket, "term-renewed", lab);
    }
    assertFalse(listener.closed.isDone(), "open after " + LEASE.multipliedBy(4).toSeconds()
        + " s of renewals");
    socket.sendText("echo renewed-$((6*7))\n", true).get();
    listener.awaitOutput("renewed-42", WAIT);
    socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(10, TimeUnit.SECONDS);
  }

  @Test
  void shouldCloseTheTerminalOfABannedTraineeWithinItsLease() throws Exception {
    String lab = running("term-banned");
    Listener listener = new Listener();
    WebSocket socket = open("term-banned", lab, listener);
    identities.setStatus("term-banned", false, true);
    try {
      // A banned trainee gets no renewal (nor any new terminal) ...
      as("term-banned").contentType("application/json")
          .post("/api/labs/" + lab + "/terminal/ticket").then().statusCode(403);
      // ... and a renewal sent anyway with no valid ticket is ignored: the lease runs out.
      socket.sendText("{\"type\":\"renew\",\"ticket\":\"forged\"}", true).get();
      assertEquals(4401, listener.closed.get(LEASE.multipliedBy(4).toSeconds(),
          TimeUnit.SECONDS));
    } finally {
      identities.setStatus("term-banned", false, false);
    }
  }

  private static long heapAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
      LabTestSupport.sleep(200);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  /** Direct memory in use: the JDK's direct buffers and Netty's own (cleaner-less) ones. */
  private static long directMemory() {
    long direct = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
        .filter(pool -> pool.getName().equals("direct"))
        .mapToLong(BufferPoolMXBean::getMemoryUsed).sum();
    return direct + Math.max(0, PlatformDependent.usedDirectMemory());
  }
}
