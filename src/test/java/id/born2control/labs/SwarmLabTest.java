package id.born2control.labs;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.born2control.TestUsers;
import id.born2control.catalog.CatalogService;
import id.born2control.identity.IdentityService;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.security.TestSecurity;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Labs on a real three-node Docker Swarm (manager b2cs-m, workers b2cs-w1 and b2cs-w2, each its
 * own dockerd in its own network namespace): placement, isolation, exec and terminal, PIDs limit,
 * and the loss of a node, idle or in the middle of a burst of starts.
 */
@QuarkusTest
@TestProfile(SwarmLabTest.Cluster.class)
@Tag("docker")
@Tag("swarm")
class SwarmLabTest {

  /** The range on the local swarm; the reaper sweeps every second so node loss shows quickly. */
  public static class Cluster implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("b2c.labs.reaper-every", "1s", "b2c.labs.swarm.start-timeout", "60s",
          "b2c.labs.start-rate", "30");
    }

    @Override
    public List<TestResourceEntry> testResources() {
      return List.of(new TestResourceEntry(SwarmTestResource.class));
    }
  }

  @Inject CatalogService catalog;
  @Inject LabService labs;
  @Inject LabBackend backend;
  @Inject IdentityService identities;

  @TestHTTPResource("/api/labs")
  URI labsUri;

  @BeforeEach
  void install() {
    LabTestSupport.install(catalog);
    // Placement depends on what the nodes hold: every test starts on an empty cluster.
    stopAllAndAwaitClean(labs);
  }

  @AfterAll
  static void nothingLeftBehind() {
    stopAllAndAwaitClean(io.quarkus.arc.Arc.container().instance(LabService.class).get());
  }

  static void stopAllAndAwaitClean(LabService labs) {
    List<LabInstance> active = QuarkusTransaction.requiringNew().call(LabInstance::listActive);
    for (LabInstance i : active) {
      try {
        labs.stop(i.instanceId, i.traineeId, true);
      } catch (RuntimeException e) {
        // ended meanwhile
      }
    }
    awaitClean(labs);
  }

  // ---------------------------------------------------------------- tests

  @Test
  void shouldSpreadLabsOverNodesWithTheirFlagFileAndLimits() throws Exception {
    SwarmTestResource.awaitSpareNetworks(3);
    Set<String> used = new HashSet<>();
    List<LabInstance> held = new ArrayList<>();
    for (String user : List.of("sw-spread-a", "sw-spread-b", "sw-spread-c")) {
      LabInstance lab = running(user, "labt-web");
      held.add(lab);
      used.add(nodeOf(lab.instanceId));
      // The flag is a Swarm config mounted with the challenge's mode and owner.
      LabBackend.ExecResult flag = sh(lab, "stat -c '%a %U' /www/flag.txt; cat /www/flag.txt");
      assertEquals(0, flag.exitCode(), flag.output());
      assertTrue(flag.output().startsWith("444 www-data"), flag.output());
      assertTrue(flag.output().contains("B2C{labtest_"), flag.output());
      // The memory limit is the container's cgroup limit on its node.
      assertEquals("33554432", sh(lab, "cat /sys/fs/cgroup/memory/memory.limit_in_bytes").output()
          .strip());
      assertEquals("true", docker(MANAGER, "network", "inspect", "-f", "{{.Internal}}",
          networkOf(lab.instanceId)));
      // It joined a network kept warm on its node rather than waiting for a new one.
      assertTrue(docker(MANAGER, "network", "inspect", "-f", "{{.Name}}",
          networkOf(lab.instanceId)).startsWith("b2c-spare-"), "lab not on a warm network");
    }
    assertEquals(3, used.size(), "three labs on three empty nodes must use all three: " + used);
    held.forEach(this::stopQuietly);
  }

  @Test
  void shouldRelayPortsAndWebProxyOfLabsOnEveryNode() throws Exception {
    Set<String> used = new HashSet<>();
    List<LabInstance> held = new ArrayList<>();
    for (String user : List.of("sw-port-a", "sw-port-b", "sw-port-c")) {
      LabInstance lab = running(user, "labt-web");
      held.add(lab);
      used.add(nodeOf(lab.instanceId));
      String flag = sh(lab, "cat /www/flag.txt").output();
      // The lab's web origin, as the owner (through the one-time link).
      java.net.URI link = LabWebClient.link(given().header(TestUsers.USER, user),
          lab.instanceId, 8080);
      LabWebClient.on(link, LabWebClient.enter(link)).get("/flag.txt")
          .then().statusCode(200).body(org.hamcrest.Matchers.equalTo(flag));
      // The tcp port through the owner's tunnel, as the trainee's own tools reach it.
      try (TunnelClient tunnel = TunnelClient.forLab(lab.instanceId, lab.traineeId, false, 8080);
          java.net.Socket socket = new java.net.Socket("127.0.0.1", tunnel.port())) {
        socket.setSoTimeout(10_000);
        socket.getOutputStream().write("GET / HTTP/1.0\r\n\r\n".getBytes());
        String answer = new String(socket.getInputStream().readAllBytes());
        assertTrue(answer.startsWith("HTTP/1.") && answer.endsWith("lab ok\n"), answer);
      }
      // The relay joins the target's network; the target itself stays on that internal network
      // alone, so the relay gives it no way out.
      assertEquals("1", docker(MANAGER, "service", "inspect", "-f",
          "{{len .Spec.TaskTemplate.Networks}}", "b2c-" + lab.instanceId + "-target"));
      String routes = sh(lab, "cat /proc/net/route").output();
      assertFalse(routes.lines().skip(1).anyMatch(l -> l.split("\\s+")[1].equals("00000000")),
          "the lab has a default route: " + routes);
    }
    assertEquals(3, used.size(), "three labs on three empty nodes must use all three: " + used);
    held.forEach(this::stopQuietly);
  }

  @Test
  void shouldNotLetOneLabReachAnotherAcrossNodes() throws Exception {
    LabInstance a = running("sw-iso-a", "labt-web");
    LabInstance b = running("sw-iso-b", "labt-web");
    assertNotEquals(nodeOf(a.instanceId), nodeOf(b.instanceId));
    String ipB = sh(b, "hostname -i").output().strip();
    String nodeA = nodeOf(a.instanceId);
    // Control: a probe on A's node, attached to B's network, reaches B over the overlay; so the
    // failure below is the isolation and not a broken cross-node path.
    String probe = docker(nodeA, "run", "--rm", "--network", networkOf(b.instanceId),
        "b2c/busybox:latest", "sh", "-c", "wget -q -O - http://" + ipB + ":8080/");
    assertEquals("lab ok", probe);
    LabBackend.ExecResult cross = sh(a, "timeout 5 wget -q -O - http://" + ipB + ":8080/");
    assertNotEquals(0, cross.exitCode(), "lab A reached lab B: " + cross.output());
    labs.stop(a.instanceId, a.traineeId, true);
    labs.stop(b.instanceId, b.traineeId, true);
  }

  @Test
  void shouldNotLetALabOpenAnyPortOfTheNodesOrTheRange() throws Exception {
    // B's relay publishes B's web port on B's node, for the range only.
    LabInstance a = running("sw-wall-a", "labt-egress");
    LabInstance b = running("sw-wall-b", "labt-web");
    java.net.InetSocketAddress relayOfB = labs.tunnelEndpoint(b.instanceId, b.traineeId, false,
        8080).orElseThrow();
    java.net.InetSocketAddress relayOfA = labs.tunnelEndpoint(a.instanceId, a.traineeId, false,
        8080).orElseThrow();
    // Control: the range reaches the relay, so a refusal from the lab is the firewall.
    try (java.net.Socket fromRange = new java.net.Socket(relayOfB.getHostString(),
        relayOfB.getPort())) {
      assertTrue(fromRange.isConnected());
    }
    // Control: the probe works where something answers (the lab's own web server).
    assertEquals(0, sh(a, "nc -w 2 127.0.0.1 8080 </dev/null").exitCode(),
        "the probe itself does not work");
    // Every address of every node and of the range's host, on the range's port and both relays'
    // published ports: lab A (with egress, the widest a lab gets) opens none of them.
    Set<String> addresses = new java.util.LinkedHashSet<>(LabHostBoundaryTest.hostIpv4Addresses());
    for (String node : docker(MANAGER, "node", "ls", "--format", "{{.Hostname}}").split("\n")) {
      addresses.add(docker(MANAGER, "node", "inspect", "-f", "{{.Status.Addr}}", node));
    }
    List<String> answered = new ArrayList<>();
    for (String address : addresses) {
      for (int port : List.of(labsUri.getPort(), relayOfB.getPort(), relayOfA.getPort())) {
        if (sh(a, "nc -w 2 " + address + " " + port + " </dev/null").exitCode() == 0) {
          answered.add(address + ":" + port);
        }
      }
    }
    assertEquals(List.of(), answered, "ports a lab opened (range on " + labsUri.getPort()
        + ", relays on " + relayOfA.getPort() + " and " + relayOfB.getPort() + ")");
    labs.stop(a.instanceId, a.traineeId, true);
    labs.stop(b.instanceId, b.traineeId, true);
  }

  @Test
  @TestSecurity(user = "sw-term", roles = "trainee")
  void shouldReachExecChecksAndTerminalOfLabOnWorker() throws Exception {
    // With the manager drained every lab goes to a worker: the range's engine calls must reach
    // another node's engine.
    docker(MANAGER, "node", "update", "--availability", "drain", "b2cs-m");
    LabInstance lab;
    try {
      lab = running("sw-term", "labt-ws");
    } finally {
      docker(MANAGER, "node", "update", "--availability", "active", "b2cs-m");
    }
    assertTrue(nodeOf(lab.instanceId).startsWith("b2cs-w"), nodeOf(lab.instanceId));
    // The check runs in the workstation and reaches the target by name over the lab network.
    given().contentType("application/json").post("/api/labs/" + lab.instanceId + "/check")
        .then().statusCode(200).body("passed", org.hamcrest.Matchers.equalTo(1));
    TerminalClient.Listener listener = new TerminalClient.Listener();
    WebSocket socket = TerminalClient.open(labsUri, lab.instanceId,
        TerminalClient.ticket(given(), lab.instanceId), listener);
    socket.sendText("{\"type\":\"resize\",\"cols\":101,\"rows\":33}", true).get();
    socket.sendText("hostname; stty size; echo marker-$((6*7))\n", true).get();
    String output = listener.awaitOutput("marker-42", Duration.ofSeconds(30));
    assertTrue(output.contains("workstation"), output);
    assertTrue(output.contains("33 101"), output);
    socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(10, TimeUnit.SECONDS);
    labs.stop(lab.instanceId, lab.traineeId, true);
  }

  @Test
  void shouldStopForkBombAtPidsLimit() throws Exception {
    LabInstance lab = running("sw-forker", "labt-web");
    // 200 background sleepers against a limit of 32 processes.
    LabBackend.ExecResult bomb = sh(lab,
        "i=0; while [ $i -lt 200 ]; do sleep 120 & i=$((i+1)); done 2>&1; echo spawned");
    assertTrue(bomb.output().contains("fork") || bomb.output().contains("Resource temporarily"),
        "the fork bomb was not refused: " + bomb.output());
    String node = nodeOf(lab.instanceId);
    String container = docker(node, "ps", "-q", "--no-trunc", "--filter",
        "label=b2c.instance=" + lab.instanceId, "--filter", "label=b2c.role=target");
    Path cgroup = Path.of("/sys/fs/cgroup/pids", node, container);
    assertEquals("32", Files.readString(cgroup.resolve("pids.max")).strip());
    int pids = Integer.parseInt(Files.readString(cgroup.resolve("pids.current")).strip());
    assertTrue(pids <= 32, pids + " processes in a lab limited to 32");
    // The bomb took nothing from the node: its engine starts another lab there at once.
    docker(node, "run", "--rm", "b2c/busybox:latest", "true");
    assertEquals("RUNNING", labs.get(lab.instanceId, lab.traineeId, true).state());
    labs.stop(lab.instanceId, lab.traineeId, true);
  }

  @Test
  void shouldFailLabsOfLostNodeAndRestartThemElsewhere() throws Exception {
    Map<String, LabInstance> byNode = new LinkedHashMap<>();
    Map<String, String> userOn = new LinkedHashMap<>();
    for (String user : List.of("sw-lost-a", "sw-lost-b", "sw-lost-c")) {
      LabInstance lab = running(user, "labt-web");
      byNode.put(nodeOf(lab.instanceId), lab);
      userOn.put(nodeOf(lab.instanceId), user);
    }
    String lost = byNode.keySet().stream().filter(n -> n.startsWith("b2cs-w")).findFirst()
        .orElseThrow();
    LabInstance victim = byNode.get(lost);
    String link = lost.substring("b2cs-".length());
    SwarmTestResource.cluster("cut", link);
    try {
      LabViews.LabView failed = LabTestSupport.await(labs, victim.instanceId, victim.traineeId,
          LabState.FAILED, Duration.ofSeconds(60));
      assertTrue(failed.reason().contains(lost), failed.reason());
      // Only the lost node's lab failed.
      byNode.forEach((node, lab) -> {
        if (!node.equals(lost)) {
          assertEquals("RUNNING", labs.get(lab.instanceId, lab.traineeId, true).state());
        }
      });
      // Starting again lands on a live node, with progress untouched (it is in the database).
      LabInstance again = running(userOn.get(lost), "labt-web");
      assertNotEquals(lost, nodeOf(again.instanceId));
      stopQuietly(again);
    } finally {
      SwarmTestResource.cluster("heal", link);
      awaitReady(3);
    }
  }

  @Test
  void shouldAnswerEveryStartWhenWorkerDiesMidBurst() throws Exception {
    List<String> users = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      users.add("sw-burst-" + i);
      LabTestSupport.trainee(identities, "sw-burst-" + i);
    }
    ExecutorService pool = Executors.newFixedThreadPool(users.size());
    Map<String, Future<Response>> answers = new LinkedHashMap<>();
    try {
      for (String user : users) {
        // The test challenges are hidden: only instructors see them.
        answers.put(user, pool.submit(() -> given().header(TestUsers.USER, user)
            .header(TestUsers.ROLES, "trainee,instructor")
            .contentType("application/json").post("/api/labs/labt-web")));
      }
      LabTestSupport.sleep(1500);
      SwarmTestResource.cluster("kill", "w2");
      Map<String, String> ids = new LinkedHashMap<>();
      for (var answer : answers.entrySet()) {
        Response r = answer.getValue().get(60, TimeUnit.SECONDS);
        // Admission answers at once: accepted, or refused with a problem saying to retry.
        assertTrue(r.statusCode() == 202 || r.statusCode() == 503, r.asString());
        if (r.statusCode() == 202) {
          ids.put(answer.getKey(), r.jsonPath().getString("id"));
        }
      }
      assertFalse(ids.isEmpty());
      // Every accepted start ends RUNNING or FAILED with a reason; none hangs half-started.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      Map<String, LabViews.LabView> ended = new LinkedHashMap<>();
      while (ended.size() < ids.size() && System.nanoTime() < deadline) {
        for (var e : ids.entrySet()) {
          LabViews.LabView v = labs.get(e.getValue(), 0, true);
          if (v.state().equals("RUNNING") || v.state().equals("FAILED")) {
            ended.put(e.getKey(), v);
          }
        }
        LabTestSupport.sleep(250);
      }
      assertEquals(ids.size(), ended.size(), "starts left hanging: " + ids.keySet().stream()
          .filter(u -> !ended.containsKey(u)).toList());
      List<String> failed = ended.entrySet().stream()
          .filter(e -> e.getValue().state().equals("FAILED")).map(Map.Entry::getKey).toList();
      // A third of the labs go to w2: losing it must have cost some, or nothing was tested.
      assertFalse(failed.isEmpty(), "no lab was on the killed worker: " + ended);
      for (String user : failed) {
        String reason = ended.get(user).reason();
        assertTrue(reason != null && (reason.contains("b2cs-w2") || reason.contains("again")),
            user + ": " + reason);
      }
      // The failures are retryable: the same trainees start again, on the live nodes.
      for (String user : failed) {
        LabInstance again = running(user, "labt-web");
        assertNotEquals("b2cs-w2", nodeOf(again.instanceId));
      }
    } finally {
      pool.shutdownNow();
      SwarmTestResource.cluster("revive", "w2");
      awaitReady(3);
    }
    // Once the node is back, whatever it still held is either owned by an active lab or removed.
    labs.reconcile();
    Set<String> owners = QuarkusTransaction.requiringNew().call(() -> LabInstance.listActive()
        .stream().map(i -> i.instanceId).collect(Collectors.toSet()));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    Set<String> orphans = orphans(owners);
    while (!orphans.isEmpty() && System.nanoTime() < deadline) {
      LabTestSupport.sleep(1000);
      labs.reconcile();
      orphans = orphans(owners);
    }
    assertEquals(Set.of(), orphans, "labs running on the cluster without an owner record");
    Set<Long> trainees = users.stream().map(u -> LabTestSupport.trainee(identities, u).id())
        .collect(Collectors.toSet());
    QuarkusTransaction.requiringNew().call(LabInstance::listActive).stream()
        .filter(i -> trainees.contains(i.traineeId)).forEach(this::stopQuietly);
  }

  // ---------------------------------------------------------------- helpers

  static final String MANAGER = "b2cs-m";

  private LabInstance running(String username, String slug) {
    return LabTestSupport.startRunningRow(labs, catalog, identities, username, slug);
  }

  private LabBackend.ExecResult sh(LabInstance lab, String script) throws Exception {
    return LabTestSupport.rootShell(backend, lab, script);
  }

  private void stopQuietly(LabInstance lab) {
    try {
      labs.stop(lab.instanceId, lab.traineeId, true);
    } catch (RuntimeException e) {
      // already ended
    }
  }

  /** The node a lab is pinned to. */
  private static String nodeOf(String instanceId) {
    return docker(MANAGER, "service", "inspect", "-f", "{{index .Spec.Labels \"b2c.node\"}}",
        "b2c-" + instanceId + "-target");
  }

  /** The id of the network a lab's target is on. */
  private static String networkOf(String instanceId) {
    return docker(MANAGER, "service", "inspect", "-f",
        "{{(index .Spec.TaskTemplate.Networks 0).Target}}", "b2c-" + instanceId + "-target");
  }

  /** Engine address of a node, from the range's own configuration. */
  private static String engine(String node) {
    for (String pair : ConfigProvider.getConfig().getValue("b2c.labs.swarm.nodes", String.class)
        .split(",")) {
      if (pair.startsWith(node + "=")) {
        return pair.substring(node.length() + 1);
      }
    }
    throw new AssertionError("no engine configured for " + node);
  }

  /** The docker CLI against the engine of cluster node {@code node}; its stdout. */
  static String docker(String node, String... args) {
    List<String> command = new ArrayList<>(List.of("-H", engine(node)));
    command.addAll(List.of(args));
    return LabTestSupport.docker(command.toArray(String[]::new));
  }

  private static void awaitReady(int nodes) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (System.nanoTime() < deadline) {
      String states = docker(MANAGER, "node", "ls", "--format", "{{.Status}}");
      if (states.lines().filter("Ready"::equals).count() == nodes) {
        return;
      }
      LabTestSupport.sleep(500);
    }
    throw new AssertionError("the cluster did not get " + nodes + " nodes Ready again");
  }

  /** Instances with a service on the manager or a running container on any node, not owned. */
  private static Set<String> orphans(Set<String> owners) {
    String label = "label=b2c.installation=" + LabTestSupport.installation();
    Set<String> seen = new HashSet<>(docker(MANAGER, "service", "ls", "--filter", label,
        "--format", "{{.Name}}").lines().filter(s -> !s.isBlank())
        .map(s -> s.replaceFirst("^b2c-", "").replaceFirst("-(target|workstation|ports)$", ""))
        .toList());
    for (String node : List.of("b2cs-m", "b2cs-w1", "b2cs-w2")) {
      seen.addAll(docker(node, "ps", "--filter", label, "--format",
          "{{.Label \"b2c.instance\"}}").lines().filter(s -> !s.isBlank()).toList());
    }
    seen.removeAll(owners);
    return seen;
  }

  /** Waits until the cluster holds no service, network, config or container of this run. */
  private static void awaitClean(LabService labs) {
    String label = "label=b2c.installation=" + LabTestSupport.installation();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    String left = "";
    while (System.nanoTime() < deadline) {
      labs.reconcile();
      left = docker(MANAGER, "service", "ls", "-q", "--filter", label)
          + docker(MANAGER, "network", "ls", "-q", "--filter", label)
          + docker(MANAGER, "config", "ls", "-q", "--filter", label);
      for (String node : List.of("b2cs-m", "b2cs-w1", "b2cs-w2")) {
        left += docker(node, "ps", "-q", "--filter", label);
      }
      if (left.isBlank()) {
        return;
      }
      LabTestSupport.sleep(1000);
    }
    throw new AssertionError("left on the cluster: " + left);
  }
}
