package id.born2control.labs;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.born2control.TestUsers;
import id.born2control.audit.AuditService;
import id.born2control.audit.AuditVerifier;
import id.born2control.catalog.CatalogService;
import id.born2control.identity.IdentityService;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Raw tcp ports of a lab: reached only through the authenticated tunnel (owner or instructor,
 * ticket or pass bound to one trainee, lab and port, Origin checked), with the client the range
 * ships, and no listening socket anywhere that reaches a lab without that check.
 */
@QuarkusTest
@Tag("docker")
class LabTunnelTest {

  private static final int ECHO = 4000;

  @Inject CatalogService catalog;
  @Inject LabService labs;
  @Inject IdentityService identities;
  @Inject AuditService audit;
  @Inject AuditVerifier verifier;
  @Inject EntityManager db;

  @TestHTTPResource("/")
  URL base;

  @BeforeEach
  void install() {
    LabTestSupport.install(catalog);
  }

  @AfterAll
  static void nothingLeftBehind() {
    LabTestSupport.stopAllAndAssertClean(
        io.quarkus.arc.Arc.container().instance(LabService.class).get());
  }

  @Test
  void shouldReachLabTcpPortThroughShippedClient() throws Exception {
    String id = LabTestSupport.startRunning(labs, catalog, identities, "tun-owner", "labt-echo");
    String url = ticket("tun-owner", id, ECHO).then().statusCode(200).extract().path("url");
    assertTrue(url.matches("ws://[^/]+/api/labs/" + id + "/ports/4000/tunnel\\?ticket=[\\w-]+"),
        url);
    try (TunnelClient client = TunnelClient.start(url, Map.of())) {
      // Several connections from one ticket: the client traded it once for a pass.
      for (String word : List.of("hello", "again", "third")) {
        assertEquals(word, echo(client.port(), word));
      }
    }
    // The range serves the very client in the repository (one copy).
    assertEquals(Files.readString(TunnelClient.SOURCE), given().get(LabTunnels.CLIENT)
        .then().statusCode(200).extract().asString());
  }

  @Test
  void shouldRefuseTcpToLabWithoutTunnel() throws Exception {
    Set<Integer> before = listeningPortsOfThisProcess();
    String id = LabTestSupport.startRunning(labs, catalog, identities, "tun-closed", "labt-echo");
    LabInstance row = QuarkusTransaction.requiringNew().call(
        () -> LabInstance.findByInstanceId(id).orElseThrow());
    // The lab's ports used the ways a trainee uses them: the tunnel, the web link.
    try (TunnelClient client = TunnelClient.forLab(id, row.traineeId, false, ECHO)) {
      assertEquals("open", echo(client.port(), "open"));
    }
    given().header(TestUsers.USER, "tun-closed").redirects().follow(false)
        .get("/api/labs/" + id + "/web/8080").then().statusCode(303);
    // The range opened no listening socket for it (the old relay listened on a port the OS
    // picked, on 127.0.0.1, for anyone on the host), and the engine publishes none.
    assertEquals(before, listeningPortsOfThisProcess(),
        "the range listens on new ports since the lab started");
    assertEquals("", LabTestSupport.docker("port", row.targetContainer));
    String bindings = LabTestSupport.docker("inspect", "-f", "{{json .HostConfig.PortBindings}}",
        row.targetContainer);
    assertTrue(Set.of("null", "{}").contains(bindings), bindings);
    // Without a credential the tunnel does not open.
    assertEquals(401, upgrade(LabTunnels.path(id, ECHO), Map.of()));
  }

  @Test
  void shouldRefuseTunnelOfAnotherTrainee() throws Exception {
    String id = LabTestSupport.startRunning(labs, catalog, identities, "tun-a", "labt-echo");
    String other = LabTestSupport.startRunning(labs, catalog, identities, "tun-b", "labt-echo");
    String path = LabTunnels.path(id, ECHO);
    // Trainee B gets no ticket for A's lab, and B's own sign-in does not open A's tunnel.
    ticket("tun-b", id, ECHO).then().statusCode(404);
    assertEquals(404, upgrade(path, Map.of(TestUsers.USER, "tun-b")));
    assertEquals(101, upgrade(path, Map.of(TestUsers.USER, "tun-a")));
    // B's ticket and pass are bound to B's lab: they open nothing of A's.
    assertEquals(401, upgrade(path + "?ticket=" + ticketOf("tun-b", other, ECHO), Map.of()));
    String passOfB = trade(other, ECHO, ticketOf("tun-b", other, ECHO)).then().statusCode(200)
        .extract().path("pass");
    assertEquals(401, upgrade(path + "?pass=" + passOfB, Map.of()));
    assertEquals(101, upgrade(LabTunnels.path(other, ECHO) + "?pass=" + passOfB, Map.of()));
    // B's pass edited to name A fails its signature.
    String[] parts = passOfB.split("\\.");
    String payload = new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8)
        .replace(other, id);
    String forged = Base64.getUrlEncoder().withoutPadding()
        .encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + parts[1];
    assertEquals(401, upgrade(path + "?pass=" + forged, Map.of()));

    // A's ticket opens once, and only the port it was issued for.
    String once = ticketOf("tun-a", id, ECHO);
    assertEquals(401, upgrade(LabTunnels.path(id, 8080) + "?ticket=" + once, Map.of()));
    String fresh = ticketOf("tun-a", id, ECHO);
    assertEquals(101, upgrade(path + "?ticket=" + fresh, Map.of()));
    assertEquals(401, upgrade(path + "?ticket=" + fresh, Map.of()));
    trade(id, ECHO, fresh).then().statusCode(401);
    // A ticket past its time opens nothing, neither the tunnel nor a pass.
    String late = ticketOf("tun-a", id, ECHO);
    String later = ticketOf("tun-a", id, ECHO);
    QuarkusTransaction.requiringNew().run(() -> db.createNativeQuery("update lab_web_ticket"
            + " set expires_at = now() - interval '1 second' where instance_id = ?1"
            + " and used_at is null").setParameter(1, id).executeUpdate());
    assertEquals(401, upgrade(path + "?ticket=" + late, Map.of()));
    trade(id, ECHO, later).then().statusCode(401);
    // A lab web link's ticket is no tunnel ticket.
    String webLink = given().header(TestUsers.USER, "tun-a").redirects().follow(false)
        .get("/api/labs/" + id + "/web/8080").then().statusCode(303).extract().header("Location");
    String webTicket = webLink.substring(webLink.indexOf("ticket=") + 7);
    assertEquals(401, upgrade(path + "?ticket=" + webTicket, Map.of()));

    // A banned trainee loses their tunnels, whatever they hold.
    String passOfA = trade(id, ECHO, ticketOf("tun-a", id, ECHO)).then().statusCode(200)
        .extract().path("pass");
    identities.setStatus("tun-a", false, true);
    try {
      ticket("tun-a", id, ECHO).then().statusCode(403);
      assertEquals(403, upgrade(path, Map.of(TestUsers.USER, "tun-a")));
      assertEquals(403, upgrade(path + "?pass=" + passOfA, Map.of()));
    } finally {
      identities.setStatus("tun-a", false, false);
    }
    assertEquals(101, upgrade(path + "?pass=" + passOfA, Map.of()));
  }

  @Test
  void shouldRefuseTunnelFromForeignOrigin() {
    String id = LabTestSupport.startRunning(labs, catalog, identities, "tun-origin", "labt-echo");
    String path = LabTunnels.path(id, ECHO);
    String own = "http://" + base.getHost() + ":" + base.getPort();
    // A page of another site (a lab's own origin included) may not open the tunnel with the
    // visitor's credentials; the range's own pages may.
    for (String foreign : List.of("http://evil.example", "http://abc.labs.localhost:"
        + base.getPort(), "null")) {
      assertEquals(403, upgrade(path, Map.of(TestUsers.USER, "tun-origin", "Origin", foreign)),
          foreign);
    }
    assertEquals(101, upgrade(path, Map.of(TestUsers.USER, "tun-origin", "Origin", own)));
  }

  @Test
  void shouldAuditInstructorTunnelIntoTraineeLab() throws Exception {
    String id = LabTestSupport.startRunning(labs, catalog, identities, "tun-watched", "labt-echo");
    // An instructor gets a ticket for any lab, and the tunnel works for them.
    String url = given().header(TestUsers.USER, "tun-teacher")
        .header(TestUsers.ROLES, "instructor").contentType("application/json")
        .post(LabTunnels.path(id, ECHO) + "/ticket").then().statusCode(200).extract().path("url");
    try (TunnelClient client = TunnelClient.start(url, Map.of())) {
      assertEquals("seen", echo(client.port(), "seen"));
    }
    audit.seal();
    long last = verifier.verify().checked();
    assertTrue(audit.page(Math.max(0, last - 200), 200).stream()
        .anyMatch(r -> r.actor().equals("tun-teacher") && r.action().equals("lab.enter.tunnel")
            && r.subject().equals("lab:" + id)), "the instructor's tunnel is not audited");
    // The owner's own tunnel is not a staff visit.
    assertEquals(101, upgrade(LabTunnels.path(id, ECHO), Map.of(TestUsers.USER, "tun-watched")));
    audit.seal();
    assertFalse(audit.page(Math.max(0, last - 200), 400).stream()
        .anyMatch(r -> r.actor().equals("tun-watched") && r.action().startsWith("lab.enter")));
  }

  private static Response ticket(String user, String id, int port) {
    return given().header(TestUsers.USER, user).contentType("application/json")
        .post(LabTunnels.path(id, port) + "/ticket");
  }

  private static String ticketOf(String user, String id, int port) {
    String url = ticket(user, id, port).then().statusCode(200).extract().path("url");
    return url.substring(url.indexOf("ticket=") + 7);
  }

  private static Response trade(String id, int port, String ticket) {
    return given().contentType("application/json").body(Map.of("ticket", ticket))
        .post(LabTunnels.path(id, port) + "/pass");
  }

  /** The status of a tunnel WebSocket handshake (101 when it opens; it is closed again). */
  private int upgrade(String path, Map<String, String> headers) {
    URI uri = URI.create("ws://" + base.getHost() + ":" + base.getPort() + path);
    WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder()
        .connectTimeout(Duration.ofSeconds(20));
    headers.forEach(builder::header);
    try {
      WebSocket socket = builder.buildAsync(uri, new WebSocket.Listener() {}).get(30,
          TimeUnit.SECONDS);
      socket.abort();
      return 101;
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof WebSocketHandshakeException refused) {
        return refused.getResponse().statusCode();
      }
      throw new AssertionError("the handshake failed: " + e.getCause(), e);
    } catch (Exception e) {
      throw new AssertionError("the handshake did not finish", e);
    }
  }

  /** Sends one line to the lab's echo service through a local port; the line it answers. */
  static String echo(int port, String word) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(20_000);
      socket.getOutputStream().write((word + "\n").getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      return new BufferedReader(new InputStreamReader(socket.getInputStream(),
          StandardCharsets.US_ASCII)).readLine();
    }
  }

  /** The tcp ports this JVM listens on, from /proc: its socket inodes in the LISTEN state. */
  private static Set<Integer> listeningPortsOfThisProcess() {
    Set<String> inodes = new HashSet<>();
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      for (Path fd : fds.toList()) {
        try {
          String link = Files.readSymbolicLink(fd).toString();
          if (link.startsWith("socket:[")) {
            inodes.add(link.substring(8, link.length() - 1));
          }
        } catch (IOException closedMeanwhile) {
          // the descriptor went away while listing
        }
      }
      Set<Integer> ports = new HashSet<>();
      for (String table : List.of("/proc/self/net/tcp", "/proc/self/net/tcp6")) {
        for (String line : Files.readAllLines(Path.of(table)).stream().skip(1).toList()) {
          String[] f = line.trim().split("\\s+");
          // f[1] local address:port (hex), f[3] state (0A = LISTEN), f[9] inode
          if (f[3].equals("0A") && inodes.contains(f[9])) {
            ports.add(Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1), 16));
          }
        }
      }
      return ports;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
