package id.born2control.labs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.born2control.catalog.CatalogService;
import id.born2control.identity.IdentityService;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A lab cannot reach another, cannot exhaust the host, and only its owner gets a terminal. */
@QuarkusTest
@Tag("docker")
class LabIsolationTest {

  @Inject CatalogService catalog;
  @Inject LabService labs;
  @Inject LabBackend backend;
  @Inject IdentityService identities;

  @TestHTTPResource("/api/labs")
  URI labsUri;

  @BeforeEach
  void install() {
    LabTestSupport.install(catalog);
  }

  @AfterAll
  static void nothingLeftBehind() {
    LabTestSupport.stopAllAndAssertClean(
        io.quarkus.arc.Arc.container().instance(LabService.class).get());
  }

  private LabInstance running(String username, String slug) {
    String id = LabTestSupport.startRunning(labs, catalog, identities, username, slug);
    return QuarkusTransaction.requiringNew().call(
        () -> LabInstance.findByInstanceId(id).orElseThrow());
  }

  private LabBackend.ExecResult sh(LabInstance lab, String script, int seconds) throws Exception {
    return backend.exec(lab.targetContainer, "0", List.of("sh", "-c", script),
        Duration.ofSeconds(seconds));
  }

  @Test
  void shouldNotLetOneLabReachAnother() throws Exception {
    LabInstance a = running("iso-a", "labt-web");
    LabInstance b = running("iso-b", "labt-web");
    assertNotEquals(a.targetIp, b.targetIp);
    // Control: B answers on its own address, so a failure from A is the isolation.
    LabBackend.ExecResult own = sh(b, "timeout 5 wget -q -O - http://" + b.targetIp + ":8080/", 20);
    assertEquals(0, own.exitCode(), own.output());
    LabBackend.ExecResult cross = sh(a, "timeout 5 wget -q -O - http://" + b.targetIp + ":8080/",
        20);
    assertNotEquals(0, cross.exitCode(), "lab A reached lab B: " + cross.output());
    // Each lab network is internal: no route out of the lab at all.
    assertEquals("true", LabTestSupport.docker("network", "inspect", "-f", "{{.Internal}}",
        "b2c-" + a.instanceId));
    labs.stop(a.instanceId, a.traineeId, true);
    labs.stop(b.instanceId, b.traineeId, true);
  }

  @Test
  void shouldStopForkBombAtPidsLimit() throws Exception {
    LabInstance lab = running("iso-forker", "labt-web");
    // 200 background sleepers against a limit of 32 processes.
    LabBackend.ExecResult bomb = sh(lab,
        "i=0; while [ $i -lt 200 ]; do sleep 120 & i=$((i+1)); done 2>&1; echo spawned", 60);
    assertTrue(bomb.output().contains("fork") || bomb.output().contains("Resource temporarily"),
        "the fork bomb was not refused: " + bomb.output());
    int pids = Integer.parseInt(LabTestSupport.docker("stats", "--no-stream", "--format",
        "{{.PIDs}}", lab.targetContainer));
    assertTrue(pids <= 32, pids + " processes in a lab limited to 32");
    // The lab's own service and the range are unaffected.
    assertEquals("lab ok",
        TunnelClient.get(lab.instanceId, lab.traineeId, 8080, "/").strip());
    labs.stop(lab.instanceId, lab.traineeId, true);
  }

  @Test
  void shouldKillMemoryHogWithoutHurtingTheHost() throws Exception {
    LabInstance lab = running("iso-hog", "labt-web");
    // tail buffers an endless line: it grows until the 32 MiB limit (no swap) kills it.
    LabBackend.ExecResult hog = sh(lab, "tail /dev/zero", 120);
    assertEquals(137, hog.exitCode(), "the memory hog was not killed: " + hog.output());
    // Only the hog died: the lab still runs and serves, and the sync keeps it RUNNING.
    assertEquals(0, labs.detectDead());
    assertEquals("RUNNING", labs.get(lab.instanceId, lab.traineeId, true).state());
    assertEquals("lab ok",
        TunnelClient.get(lab.instanceId, lab.traineeId, 8080, "/").strip());
    labs.stop(lab.instanceId, lab.traineeId, true);
  }

  @Test
  @TestSecurity(user = "term-owner", roles = "trainee")
  void shouldOpenTerminalInOwnLabAsLabUserWithResize() throws Exception {
    LabInstance lab = running("term-owner", "labt-web");
    Listener listener = new Listener();
    WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
        .buildAsync(terminalUri(lab.instanceId), listener).get(20, TimeUnit.SECONDS);
    socket.sendText("{\"type\":\"resize\",\"cols\":123,\"rows\":45}", true).get();
    socket.sendText("id -un; stty size; echo marker-$((6*7))\n", true).get();
    String output = listener.awaitOutput("marker-42", Duration.ofSeconds(30));
    assertTrue(output.contains("www-data"), output);
    assertTrue(output.contains("45 123"), output);
    socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(10, TimeUnit.SECONDS);
    labs.stop(lab.instanceId, lab.traineeId, true);
  }

  @Test
  @TestSecurity(user = "term-mallory", roles = "trainee")
  void shouldRefuseTerminalOfSomeoneElsesLab() throws Exception {
    LabTestSupport.trainee(identities, "term-mallory");
    LabInstance victim = running("term-victim", "labt-web");
    Listener listener = new Listener();
    WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
        .buildAsync(terminalUri(victim.instanceId), listener).get(20, TimeUnit.SECONDS);
    socket.sendText("echo should-not-run\n", true);
    int code = listener.closed.get(20, TimeUnit.SECONDS);
    assertEquals(4404, code);
    assertTrue(!listener.output().contains("should-not-run"), listener.output());
    labs.stop(victim.instanceId, victim.traineeId, true);
  }

  private URI terminalUri(String id) {
    return URI.create(labsUri.toString().replaceFirst("^http", "ws") + "/" + id + "/terminal");
  }

  /** Collects terminal output and the close code. */
  static final class Listener implements WebSocket.Listener {
    private final StringBuilder output = new StringBuilder();
    final CompletableFuture<Integer> closed = new CompletableFuture<>();

    @Override
    public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
      byte[] bytes = new byte[data.remaining()];
      data.get(bytes);
      synchronized (output) {
        output.append(new String(bytes, StandardCharsets.UTF_8));
      }
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      synchronized (output) {
        output.append(data);
      }
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
      closed.complete(statusCode);
      return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
      closed.completeExceptionally(error);
    }

    String output() {
      synchronized (output) {
        return output.toString();
      }
    }

    String awaitOutput(String marker, Duration timeout) {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (System.nanoTime() < deadline) {
        if (output().contains(marker)) {
          return output();
        }
        LabTestSupport.sleep(100);
      }
      throw new AssertionError("no '" + marker + "' in the terminal output: " + output());
    }
  }
}
