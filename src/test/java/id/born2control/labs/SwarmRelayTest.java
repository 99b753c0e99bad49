package id.born2control.labs;

import static id.born2control.labs.SwarmLabTest.MANAGER;
import static id.born2control.labs.SwarmLabTest.docker;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.born2control.catalog.CatalogService;
import id.born2control.identity.IdentityService;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Warm port relays on the local three-node swarm: a lab on a warm network is relayed by the
 * keeper it claimed, which serves nobody before the claim, reaches only its own lab, and goes
 * with the lab.
 */
@QuarkusTest
@TestProfile(SwarmLabTest.Cluster.class)
@Tag("docker")
@Tag("swarm")
class SwarmRelayTest {

  @Inject CatalogService catalog;
  @Inject LabService labs;
  @Inject LabBackend backend;
  @Inject IdentityService identities;

  @BeforeEach
  void install() {
    LabTestSupport.install(catalog);
    SwarmLabTest.stopAllAndAwaitClean(labs);
  }

  @AfterAll
  static void nothingLeftBehind() {
    SwarmLabTest.stopAllAndAwaitClean(io.quarkus.arc.Arc.container().instance(LabService.class)
        .get());
  }

  @Test
  void shouldRelayALabOnAWarmNetworkThroughTheKeeperItClaimedAndRemoveItWithTheLab()
      throws Exception {
    SwarmTestResource.awaitSpareNetworks(3);
    LabInstance lab = running("sw-warm-relay", "labt-web");
    // No relay service of its own: the keeper of the warm network it joined relays its port.
    assertEquals("", docker(MANAGER, "service", "ls", "-q", "--filter",
        "name=b2c-" + lab.instanceId + "-ports"));
    String keeper = keeperOf(lab);
    String network = docker(MANAGER, "service", "inspect", "-f",
        "{{(index .Spec.TaskTemplate.Networks 0).Target}}", "b2c-" + lab.instanceId + "-target");
    assertTrue(docker(MANAGER, "service", "inspect", "-f",
        "{{range .Spec.TaskTemplate.Networks}}{{.Target}} {{end}}", keeper).contains(network),
        "the relay is not on the lab's network");
    InetSocketAddress endpoint = labs.tunnelEndpoint(lab.instanceId, lab.traineeId, false, 8080)
        .orElseThrow();
    assertEquals(endpoint.getPort(), publishedPort(keeper));
    // The trainee's tunnel reaches the lab's web server through it.
    try (TunnelClient tunnel = TunnelClient.forLab(lab.instanceId, lab.traineeId, false, 8080);
        Socket socket = new Socket("127.0.0.1", tunnel.port())) {
      assertTrue(get(socket).endsWith("lab ok\n"));
    }
    labs.stop(lab.instanceId, lab.traineeId, true);
    awaitGone(keeper);
  }

  @Test
  void shouldNotLetASpareRelayServeBeforeItsClaimNorALabReachAnotherLabsRelayOrSpare()
      throws Exception {
    SwarmTestResource.awaitSpareNetworks(3);
    LabInstance a = running("sw-relay-a", "labt-web");
    LabInstance b = running("sw-relay-b", "labt-web");
    String relayOfB = keeperOf(b);
    InetSocketAddress endpointOfB = labs.tunnelEndpoint(b.instanceId, b.traineeId, false, 8080)
        .orElseThrow();
    // Control: the range reaches B through B's relay, so refusals below are not a broken path.
    try (Socket fromRange = new Socket(endpointOfB.getHostString(), endpointOfB.getPort())) {
      assertTrue(get(fromRange).endsWith("lab ok\n"));
    }
    // Unclaimed spares publish their ports already, but nothing listens before a claim: even
    // the range, the only one that can reach them, gets refused.
    List<String> spares = unclaimedSpares();
    assertFalse(spares.isEmpty(), "no unclaimed spare to try");
    List<String> targets = new ArrayList<>();
    for (String spare : spares) {
      String node = nodeOf(spare);
      int port = publishedPort(spare);
      String address = docker(MANAGER, "node", "inspect", "-f", "{{.Status.Addr}}", node);
      assertThrows(ConnectException.class, () -> new Socket(address, port).close(),
          "spare " + spare + " answered on " + address + ":" + port + " before its claim");
      targets.add(address + " " + port);
      for (String ip : addresses(spare)) {
        targets.add(ip + " " + SwarmSpecs.RELAY_BASE);
      }
    }
    // Lab A, root in its own lab, opens none of: B's relay (on B's network and the edge
    // network, and its published port on every node), any spare's relay port.
    for (String ip : addresses(relayOfB)) {
      targets.add(ip + " " + SwarmSpecs.RELAY_BASE);
    }
    for (String node : docker(MANAGER, "node", "ls", "--format", "{{.Hostname}}").split("\n")) {
      targets.add(docker(MANAGER, "node", "inspect", "-f", "{{.Status.Addr}}", node) + " "
          + endpointOfB.getPort());
    }
    // Control: the probe works where something answers (A's own web server).
    assertEquals(0, sh(a, "nc -w 2 127.0.0.1 8080 </dev/null").exitCode(),
        "the probe itself does not work");
    List<String> answered = new ArrayList<>();
    for (String target : targets) {
      if (sh(a, "nc -w 2 " + target + " </dev/null").exitCode() == 0) {
        answered.add(target);
      }
    }
    assertEquals(List.of(), answered, "what lab A opened (B's relay " + relayOfB + ")");
    labs.stop(a.instanceId, a.traineeId, true);
    labs.stop(b.instanceId, b.traineeId, true);
  }

  // ---------------------------------------------------------------- helpers

  private LabInstance running(String username, String slug) {
    return LabTestSupport.startRunningRow(labs, catalog, identities, username, slug);
  }

  private LabBackend.ExecResult sh(LabInstance lab, String script) throws Exception {
    return LabTestSupport.rootShell(backend, lab, script);
  }

  /** Sends an HTTP request on the socket; the whole answer. */
  private static String get(Socket socket) throws IOException {
    socket.setSoTimeout(10_000);
    socket.getOutputStream().write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
  }

  /** The keeper the lab claimed as its relay (named by its claim). */
  private static String keeperOf(LabInstance lab) {
    String claim = docker(MANAGER, "config", "ls", "--filter",
        "label=b2c.instance=" + lab.instanceId, "--filter", "label=b2c.relay=true", "--format",
        "{{.Name}}");
    assertTrue(claim.endsWith("-claim"), "the lab took no keeper as its relay: " + claim);
    return claim.replaceFirst("-claim$", "");
  }

  /** This run's running keepers that no lab has claimed. */
  private static List<String> unclaimedSpares() {
    String installation = LabTestSupport.installation();
    Set<String> claimed = docker(MANAGER, "config", "ls", "--filter",
        "label=b2c.installation=" + installation, "--format", "{{.Name}}").lines()
        .filter(n -> n.endsWith("-claim")).map(n -> n.replaceFirst("-claim$", ""))
        .collect(Collectors.toSet());
    return docker(MANAGER, "service", "ls", "--filter", "label=b2c.spare=" + installation,
        "--format", "{{.Name}} {{.Replicas}}").lines().filter(l -> l.endsWith(" 1/1"))
        .map(l -> l.split(" ")[0]).filter(n -> !claimed.contains(n)).toList();
  }

  private static String nodeOf(String service) {
    return docker(MANAGER, "service", "inspect", "-f", "{{index .Spec.Labels \"b2c.node\"}}",
        service);
  }

  /** The running container of a service on its node. */
  private static String containerOf(String service) {
    String id = docker(nodeOf(service), "ps", "-q", "--filter",
        "label=com.docker.swarm.service.name=" + service);
    assertFalse(id.isBlank(), service + " has no running container");
    return id.lines().findFirst().orElseThrow();
  }

  /** The node port published for the relay's first port. */
  private static int publishedPort(String service) {
    String bound = docker(nodeOf(service), "port", containerOf(service),
        SwarmSpecs.RELAY_BASE + "/tcp").lines().findFirst().orElseThrow();
    return Integer.parseInt(bound.substring(bound.lastIndexOf(':') + 1));
  }

  /** The service's container addresses on every network it is on. */
  private static List<String> addresses(String service) {
    return List.of(docker(nodeOf(service), "inspect", "-f",
        "{{range .NetworkSettings.Networks}}{{.IPAddress}} {{end}}", containerOf(service))
        .trim().split("\\s+"));
  }

  private static void awaitGone(String service) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      if (docker(MANAGER, "service", "ls", "-q", "--filter", "name=" + service).isBlank()) {
        return;
      }
      LabTestSupport.sleep(500);
    }
    throw new AssertionError("the relay " + service + " outlived its lab");
  }
}
