package id.born2control.labs;

import static id.born2control.labs.LabHostsTest.assertUnreachable;
import static id.born2control.labs.LabHostsTest.sh;
import static id.born2control.labs.SwarmLabTest.MANAGER;
import static id.born2control.labs.SwarmLabTest.docker;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.born2control.catalog.CatalogService;
import id.born2control.identity.IdentityService;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.security.TestSecurity;
import jakarta.inject.Inject;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A lab of several hosts ({@code labt-net}: web and desk for the trainee, a hidden attacker at
 * the fixed address 203.0.113.7 on the DMZ and a hidden database on the LAN) on the real
 * three-node swarm: all hosts on one node, with the isolation and reachability the Docker
 * backend gives them ({@link LabHostsTest}).
 */
@QuarkusTest
@TestProfile(SwarmLabTest.Cluster.class)
@Tag("docker")
@Tag("swarm")
class SwarmLabHostsTest {

  private static final String TRAINEE = "sw-hosts-trainee";

  @Inject CatalogService catalog;
  @Inject LabService labs;
  @Inject LabBackend backend;
  @Inject IdentityService identities;
  @Inject HostRunnerSessions runners;

  @TestHTTPResource("/api/labs")
  URI labsUri;

  @BeforeEach
  void install() {
    LabTestSupport.install(catalog);
    // Placement depends on what the nodes hold: every test starts on an empty cluster.
    SwarmLabTest.stopAllAndAwaitClean(labs);
  }

  @AfterAll
  static void nothingLeftBehind() {
    SwarmLabTest.stopAllAndAwaitClean(io.quarkus.arc.Arc.container().instance(LabService.class)
        .get());
  }

  @Test
  @TestSecurity(user = TRAINEE, roles = "trainee")
  void shouldIsolateFourHostTwoNetworkLabOnOneNode() throws Exception {
    LabInstance lab = running(TRAINEE);
    String id = lab.instanceId;
    String node = nodeOf(id);
    String web = LabTopology.containerName(id, "web");
    String desk = LabTopology.containerName(id, "desk");
    String attacker = LabTopology.containerName(id, "attacker");
    String db = LabTopology.containerName(id, "db");

    // Every host runs on the lab's node, with the isolation of a lab host on one engine (which
    // Swarm services lack: no-new-privileges, memory without swap).
    for (String host : List.of(web, desk, attacker, db)) {
      assertEquals("running [no-new-privileges] 32 33554432 33554432 [ALL] false",
          docker(node, "inspect", "-f", "{{.State.Status}} {{.HostConfig.SecurityOpt}}"
              + " {{.HostConfig.PidsLimit}} {{.HostConfig.Memory}} {{.HostConfig.MemorySwap}}"
              + " {{.HostConfig.CapDrop}} {{.HostConfig.Privileged}}", host), host);
    }
    for (String network : List.of("dmz", "lan")) {
      assertEquals("true bridge local", docker(node, "network", "inspect", "-f",
          "{{.Internal}} {{.Driver}} {{.Scope}}", LabTopology.networkName(id, network)));
    }
    // The swarm holds the lab's node and memory (four hosts of 32 MiB) in a service that runs
    // nothing.
    assertEquals("0 134217728", docker(MANAGER, "service", "inspect", "-f",
        "{{.Spec.Mode.Replicated.Replicas}} {{.Spec.TaskTemplate.Resources.Reservations"
            + ".MemoryBytes}}", SwarmHosts.anchorName(id)));
    assertTrue(sh(backend, web, "cat /www/flag.txt").output().startsWith("B2C{labnet_"));
    assertEquals("203.0.113.7", address(node, id, "attacker", "dmz"));
    // The range (and the relay) reach the lab on its own pool subnet, not on the shared one.
    assertEquals(lab.targetIp, address(node, id, "web", "lan"));
    LabHostsTest.assertReachabilityAndAccess(backend, labsUri, id,
        (host, network) -> address(node, id, host, network));

    // The primary host's port, through the owner's tunnel (the relay on the lab's node).
    assertEquals("web\n", TunnelClient.get(id, lab.traineeId, 8080, "/"));

    // A hidden host that stopped (a scenario's adversary or checker) is started again on its
    // node, as on one engine (the scenario clock asks after a tick it did not answer in); a
    // running one is left alone.
    docker(node, "stop", "-t", "0", attacker);
    assertTrue(backend.revive(attacker));
    assertEquals("true", docker(node, "inspect", "-f", "{{.State.Running}}", attacker));
    assertFalse(backend.revive(attacker));
    // Its scenario scripts go through a runner opened on the node's engine, as on one engine.
    assertEquals(List.of(new RunnerProtocol.Answer(0, "203.0.113.7\n")),
        runners.run(id, "attacker", List.of(AdversaryRun.item("echo 203.0.113.7")),
            Duration.ofSeconds(60)));

    labs.stop(id, lab.traineeId, true);
    assertEquals("", docker(node, "ps", "-aq", "--filter", "label=b2c.instance=" + id));
    assertEquals("", docker(node, "network", "ls", "-q", "--filter", "label=b2c.instance=" + id));
    assertEquals("", docker(MANAGER, "service", "ls", "-q", "--filter",
        "label=b2c.instance=" + id));
  }

  @Test
  void shouldNotLetHostsOpenAnyPortOfTheNodesTheRangeOrTheRelay() throws Exception {
    LabInstance lab = running("sw-hosts-wall");
    InetSocketAddress relay = labs.tunnelEndpoint(lab.instanceId, lab.traineeId, false, 8080)
        .orElseThrow();
    // Control: the range reaches the relay, so a refusal from the lab is the firewall.
    try (Socket fromRange = new Socket(relay.getHostString(), relay.getPort())) {
      assertTrue(fromRange.isConnected());
    }
    Set<String> addresses = new LinkedHashSet<>(LabHostBoundaryTest.hostIpv4Addresses());
    for (String n : docker(MANAGER, "node", "ls", "--format", "{{.Hostname}}").split("\n")) {
      addresses.add(docker(MANAGER, "node", "inspect", "-f", "{{.Status.Addr}}", n));
    }
    for (String host : List.of("web", "attacker")) {
      String container = LabTopology.containerName(lab.instanceId, host);
      // Control: the probe works where something answers (the host's own web server).
      assertEquals(0, sh(backend, container, "nc -w 2 127.0.0.1 8080 </dev/null").exitCode());
      String gateway = sh(backend, container, "ip route | awk '/^default/ {print $3}'").output()
          .strip();
      Set<String> targets = new LinkedHashSet<>(addresses);
      if (!gateway.isEmpty()) {
        targets.add(gateway);
      }
      List<String> answered = new ArrayList<>();
      for (String address : targets) {
        for (int port : List.of(labsUri.getPort(), relay.getPort())) {
          if (sh(backend, container, "nc -w 2 " + address + " " + port + " </dev/null")
              .exitCode() == 0) {
            answered.add(address + ":" + port);
          }
        }
      }
      assertEquals(List.of(), answered, host + " opened ports (range on " + labsUri.getPort()
          + ", relay on " + relay.getPort() + ")");
    }
    labs.stop(lab.instanceId, lab.traineeId, true);
  }

  @Test
  void shouldRunLabsWithTheSameFixedSubnetOnOneNodeApart() throws Exception {
    // Four labs on three nodes: two share a node, and with it the fixed subnet of their DMZ
    // (through the b2c-ipam driver beside every node); each lab's attacker is 203.0.113.7 and
    // reaches its own web host only.
    List<LabInstance> held = new ArrayList<>();
    java.util.Map<String, List<LabInstance>> byNode = new java.util.HashMap<>();
    for (String user : List.of("sw-hosts-a", "sw-hosts-b", "sw-hosts-c", "sw-hosts-d")) {
      LabInstance lab = running(user);
      held.add(lab);
      byNode.computeIfAbsent(nodeOf(lab.instanceId), k -> new ArrayList<>()).add(lab);
    }
    List<LabInstance> shared = byNode.values().stream().filter(l -> l.size() > 1).findFirst()
        .orElseThrow(() -> new AssertionError("no two labs on one node: " + byNode.keySet()));
    for (LabInstance lab : held) {
      String node = nodeOf(lab.instanceId);
      String web = LabTopology.containerName(lab.instanceId, "web");
      String attacker = LabTopology.containerName(lab.instanceId, "attacker");
      assertEquals("203.0.113.7", address(node, lab.instanceId, "attacker", "dmz"));
      String flag = sh(backend, web, "cat /www/flag.txt").output().strip();
      String webIp = address(node, lab.instanceId, "web", "dmz");
      assertEquals(flag, sh(backend, attacker, "timeout 5 wget -q -O - http://" + webIp
          + ":8080/flag.txt").output().strip(), "the attacker of " + lab.instanceId);
    }
    // Across the two labs of one node, nothing: A's attacker does not reach B's LAN.
    LabInstance a = shared.get(0);
    LabInstance b = shared.get(1);
    assertNotEquals(sh(backend, LabTopology.containerName(a.instanceId, "web"),
        "cat /www/flag.txt").output(), sh(backend, LabTopology.containerName(b.instanceId, "web"),
        "cat /www/flag.txt").output());
    assertUnreachable(backend, LabTopology.containerName(a.instanceId, "attacker"),
        address(nodeOf(b.instanceId), b.instanceId, "web", "lan"));
    for (LabInstance lab : held) {
      labs.stop(lab.instanceId, lab.traineeId, true);
    }
  }

  private LabInstance running(String user) {
    String id = LabTestSupport.startRunning(labs, catalog, identities, user, "labt-net");
    return QuarkusTransaction.requiringNew().call(
        () -> LabInstance.findByInstanceId(id).orElseThrow());
  }

  /** The node a lab of several hosts is placed on, from its anchor service. */
  private static String nodeOf(String instanceId) {
    return docker(MANAGER, "service", "inspect", "-f", "{{index .Spec.Labels \"b2c.node\"}}",
        SwarmHosts.anchorName(instanceId));
  }

  private static String address(String node, String id, String host, String network) {
    return docker(node, "inspect", "-f", "{{(index .NetworkSettings.Networks \""
        + LabTopology.networkName(id, network) + "\").IPAddress}}",
        LabTopology.containerName(id, host));
  }
}
