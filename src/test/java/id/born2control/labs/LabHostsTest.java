package id.born2control.labs;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.born2control.catalog.CatalogService;
import id.born2control.identity.IdentityService;
import id.born2control.labs.TerminalClient.Listener;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A lab of several hosts ({@code labt-net}: web and desk for the trainee, a hidden attacker at a
 * fixed address on the DMZ and a hidden database on the LAN) on the real engine.
 */
@QuarkusTest
@Tag("docker")
class LabHostsTest {

  private static final String TRAINEE = "hosts-trainee";

  @Inject CatalogService catalog;
  @Inject LabService labs;
  @Inject LabBackend backend;
  @Inject IdentityService identities;

  @TestHTTPResource("/api/labs")
  URI labsUri;

  @BeforeEach
  void install() {
    LabTestSupport.install(catalog);
    LabTestSupport.startFixedSubnetIpam();
  }

  @AfterAll
  static void nothingLeftBehind() {
    LabTestSupport.stopAllAndAssertClean(
        io.quarkus.arc.Arc.container().instance(LabService.class).get());
  }

  @Test
  @TestSecurity(user = TRAINEE, roles = "trainee")
  void shouldIsolateFourHostTwoNetworkLab() throws Exception {
    String id = LabTestSupport.startRunning(labs, catalog, identities, TRAINEE, "labt-net");
    LabInstance lab = QuarkusTransaction.requiringNew().call(
        () -> LabInstance.findByInstanceId(id).orElseThrow());
    String web = LabTopology.containerName(id, "web");
    String desk = LabTopology.containerName(id, "desk");
    String attacker = LabTopology.containerName(id, "attacker");
    String db = LabTopology.containerName(id, "db");

    // Each host has today's isolation, and both lab networks are internal.
    for (String host : List.of(web, desk, attacker, db)) {
      assertEquals("[no-new-privileges] 32 33554432 [ALL] false", LabTestSupport.docker(
          "inspect", "-f", "{{.HostConfig.SecurityOpt}} {{.HostConfig.PidsLimit}}"
              + " {{.HostConfig.Memory}} {{.HostConfig.CapDrop}} {{.HostConfig.Privileged}}",
          host), host);
    }
    for (String network : List.of("dmz", "lan")) {
      assertEquals("true", LabTestSupport.docker("network", "inspect", "-f", "{{.Internal}}",
          LabTopology.networkName(id, network)));
    }
    // The primary host is the lab's target: it got the flag, and its address is the lab's.
    assertEquals(lab.targetContainer, LabTestSupport.docker("inspect", "-f", "{{.Id}}", web));
    assertTrue(sh(backend, web, "cat /www/flag.txt").output().startsWith("B2C{labnet_"));
    assertEquals("203.0.113.7", address(id, "attacker", "dmz"));
    // The range reaches the lab's ports on its own (pool) subnet: the host has no route into a
    // fixed subnet that other labs share.
    assertEquals(lab.targetIp, address(id, "web", "lan"));
    assertReachabilityAndAccess(backend, labsUri, id, (host, network) -> address(id, host,
        network));

    labs.stop(id, lab.traineeId, true);
    assertEquals("", LabTestSupport.docker("ps", "-aq", "--filter", "label=b2c.instance=" + id));
    assertEquals("", LabTestSupport.docker("network", "ls", "-q", "--filter",
        "label=b2c.instance=" + id));
  }

  @Test
  void shouldRunTwoLabsOnTheSameFixedSubnetOfOneEngineApart() throws Exception {
    // Both labs' attackers are 203.0.113.7 on the same engine (through the b2c-ipam driver);
    // each one's DMZ is its own bridge, so each attacker reaches its own web host only.
    String a = LabTestSupport.startRunning(labs, catalog, identities, "hosts-first", "labt-net");
    String b = LabTestSupport.startRunning(labs, catalog, identities, "hosts-second", "labt-net");
    for (String id : List.of(a, b)) {
      assertEquals("203.0.113.7", address(id, "attacker", "dmz"));
      String flag = sh(backend, LabTopology.containerName(id, "web"), "cat /www/flag.txt")
          .output().strip();
      assertEquals(flag, sh(backend, LabTopology.containerName(id, "attacker"),
          "timeout 5 wget -q -O - http://" + address(id, "web", "dmz") + ":8080/flag.txt")
          .output().strip(), "the attacker of " + id + " reached another lab's web host");
      // The shared subnet is on a bridge without an address: the host has no route into it.
      assertEquals("true", LabTestSupport.docker("network", "inspect", "-f",
          "{{index .Options \"com.docker.network.bridge.inhibit_ipv4\"}}",
          LabTopology.networkName(id, "dmz")));
    }
    assertNotEquals(sh(backend, LabTopology.containerName(a, "web"), "cat /www/flag.txt")
        .output(), sh(backend, LabTopology.containerName(b, "web"), "cat /www/flag.txt")
        .output());
    // A host on the shared subnet alone opens nothing of the host: the range's port on none of
    // the host's addresses, nor on its gateway, which nothing holds.
    String attackerOfA = LabTopology.containerName(a, "attacker");
    assertEquals(0, sh(backend, attackerOfA, "nc -w 2 127.0.0.1 8080 </dev/null").exitCode(),
        "the probe itself does not work");
    java.util.Set<String> targets = new java.util.LinkedHashSet<>(
        LabHostBoundaryTest.hostIpv4Addresses());
    targets.add(sh(backend, attackerOfA, "ip route | awk '/^default/ {print $3}'").output()
        .strip());
    List<String> opened = new java.util.ArrayList<>();
    for (String target : targets) {
      if (sh(backend, attackerOfA, "nc -w 2 " + target + " " + labsUri.getPort() + " </dev/null")
          .exitCode() == 0) {
        opened.add(target);
      }
    }
    assertEquals(List.of(), opened, "host addresses whose range port a lab opened");
    // Nor across the labs' own networks: A's hosts do not reach B's LAN.
    assertUnreachable(backend, LabTopology.containerName(a, "web"), address(b, "web", "lan"));
    assertUnreachable(backend, LabTopology.containerName(a, "attacker"),
        address(b, "web", "lan"));
    for (String id : List.of(a, b)) {
      labs.stop(id, labs.get(id, 0, true).traineeId(), true);
      assertEquals("", LabTestSupport.docker("network", "ls", "-q", "--filter",
          "label=b2c.instance=" + id));
    }
  }

  /** Where host {@code host} of a {@code labt-net} lab is on lab network {@code network}. */
  interface Addresses {
    String of(String host, String network);
  }

  /**
   * The {@code labt-net} lab {@code id} of the caller: its hosts reach each other where its
   * networks connect them and nowhere else, terminals open on its trainee hosts only, and the
   * trainee's view names no hidden host. Both backends hold this.
   */
  static void assertReachabilityAndAccess(LabBackend backend, URI labsUri, String id,
      Addresses addresses) throws Exception {
    String web = LabTopology.containerName(id, "web");
    String desk = LabTopology.containerName(id, "desk");
    String attacker = LabTopology.containerName(id, "attacker");
    String attackerIp = addresses.of("attacker", "dmz");
    String dbIp = addresses.of("db", "lan");
    String webDmzIp = addresses.of("web", "dmz");
    String webLanIp = addresses.of("web", "lan");
    // Reachable where the networks connect the hosts (each host answers with its name) ...
    assertEquals("attacker", reach(backend, web, attackerIp));
    assertEquals("db", reach(backend, web, dbIp));
    assertEquals("db", reach(backend, desk, "db"));
    assertEquals("web", reach(backend, desk, webLanIp));
    assertEquals("web", reach(backend, attacker, webDmzIp));
    // ... and nowhere else: desk shares no network with the attacker, the attacker none with
    // the database, and the web host does not route between its two networks.
    assertUnreachable(backend, desk, attackerIp);
    assertUnreachable(backend, desk, webDmzIp);
    assertUnreachable(backend, attacker, dbIp);
    assertUnreachable(backend, attacker, webLanIp);
    // The terminal enters the trainee hosts only: the first one by default, another by name.
    assertEquals("web", terminalHostname(labsUri, id, null));
    assertEquals("desk", terminalHostname(labsUri, id, "desk"));
    // A hidden host is refused like a host that does not exist, and nothing runs in it.
    for (String hidden : List.of("attacker", "db", "nope")) {
      assertTerminalRefused(labsUri, id, hidden);
    }
    // The trainee's view of the lab names no hidden host.
    String view = given().get("/api/labs/" + id).then().statusCode(200).extract().asString();
    assertFalse(view.contains("attacker") || view.contains("203.0.113.7")
        || view.contains("\"db\""), view);
  }

  static LabBackend.ExecResult sh(LabBackend backend, String container, String script)
      throws Exception {
    return backend.exec(container, "0", List.of("sh", "-c", script), Duration.ofSeconds(20));
  }

  /** What host {@code to} answers on its port 8080 to host {@code from} (its name). */
  static String reach(LabBackend backend, String from, String to) throws Exception {
    LabBackend.ExecResult result = sh(backend, from,
        "timeout 5 wget -q -O - http://" + to + ":8080/");
    assertEquals(0, result.exitCode(), from + " did not reach " + to + ": " + result.output());
    return result.output().strip();
  }

  static void assertUnreachable(LabBackend backend, String from, String to) throws Exception {
    // Control for the probe itself: the same command reaches the host's own service.
    assertEquals(0,
        sh(backend, from, "timeout 5 wget -q -O - http://127.0.0.1:8080/").exitCode());
    LabBackend.ExecResult result = sh(backend, from,
        "timeout 5 wget -q -O - http://" + to + ":8080/");
    assertNotEquals(0, result.exitCode(), from + " reached " + to + ": " + result.output());
  }

  private static String address(String id, String host, String network) {
    return LabTestSupport.docker("inspect", "-f", "{{(index .NetworkSettings.Networks \""
        + LabTopology.networkName(id, network) + "\").IPAddress}}",
        LabTopology.containerName(id, host));
  }

  /** A terminal on {@code host} of the caller's lab {@code id} closes unknown, running nothing. */
  static void assertTerminalRefused(URI labsUri, String id, String host) throws Exception {
    Listener listener = new Listener();
    WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
        .buildAsync(terminalUri(labsUri, id, host), listener).get(20, TimeUnit.SECONDS);
    socket.sendText("echo should-not-run\n", true);
    assertEquals(4404, listener.closed.get(20, TimeUnit.SECONDS), host);
    assertFalse(listener.output().contains("should-not-run"), listener.output());
  }

  /** The host name a terminal of the caller's lab {@code id} on {@code host} shows. */
  static String terminalHostname(URI labsUri, String id, String host) throws Exception {
    Listener listener = new Listener();
    WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
        .buildAsync(terminalUri(labsUri, id, host), listener).get(20, TimeUnit.SECONDS);
    socket.sendText("echo \"host-$(hostname)-$((6*7))\"\n", true).get();
    String output = listener.awaitOutput("-42\r\n", Duration.ofSeconds(30));
    socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(10, TimeUnit.SECONDS);
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("host-([a-z-]+)-42\r\n")
        .matcher(output);
    assertTrue(m.find(), output);
    return m.group(1);
  }

  /** The terminal of lab {@code id} as its page opens it: a fresh ticket, then ?host=. */
  static URI terminalUri(URI labsUri, String id, String host) {
    URI uri = TerminalClient.uri(labsUri, id, TerminalClient.ticket(given(), id));
    return host == null ? uri : URI.create(uri + "&host=" + host);
  }
}
