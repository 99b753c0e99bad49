package id.born2control.labs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.born2control.catalog.CatalogService;
import id.born2control.identity.IdentityService;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Root in a lab is not root on the host when the engine remaps user namespaces, which
 * {@code infra/run.sh} and {@code .ci/run} turn on for every engine they start (they export
 * {@code B2C_EXPECT_USERNS=true} then). An engine that was already running is kept as it is.
 */
@QuarkusTest
@Tag("docker")
class LabUserNamespaceTest {

  @Inject CatalogService catalog;
  @Inject LabService labs;
  @Inject LabBackend backend;
  @Inject IdentityService identities;

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
  void shouldRunALabsRootAsAnUnprivilegedHostUser() throws Exception {
    boolean remapped = LabTestSupport.docker("info", "--format", "{{json .SecurityOptions}}")
        .contains("name=userns");
    if (!remapped) {
      assertNotEquals("true", System.getenv("B2C_EXPECT_USERNS"),
          "the engine infra/lib.sh started should remap user namespaces (userns-remap in"
              + " /etc/docker/daemon.json)");
      Assumptions.abort("this engine was already running without user-namespace remapping (not"
          + " started by .ci/run or infra/run.sh): root in a lab is root on the host");
    }
    String id = LabTestSupport.startRunning(labs, catalog, identities, "userns-root", "labt-web");
    LabInstance lab = QuarkusTransaction.requiringNew().call(
        () -> LabInstance.findByInstanceId(id).orElseThrow());
    // Inside, the trainee's shell is root...
    LabBackend.ExecResult inside = backend.exec(lab.targetContainer, "0", List.of("id", "-u"),
        Duration.ofSeconds(15));
    assertEquals("0", inside.output().strip(), inside.output());
    // ...and the lab's main process (root in its image) runs as an unprivileged uid on the host.
    String pid = LabTestSupport.docker("inspect", "-f", "{{.State.Pid}}", lab.targetContainer);
    List<String> uidMap = List.of(
        Files.readString(Path.of("/proc", pid, "uid_map")).strip().split("\\s+"));
    assertEquals("0", uidMap.get(0), "uid_map: " + uidMap);
    assertTrue(Long.parseLong(uidMap.get(1)) >= 1000, "root in the lab is host uid " + uidMap.get(1));
    String hostUid = Files.readAllLines(Path.of("/proc", pid, "status")).stream()
        .filter(line -> line.startsWith("Uid:")).findFirst().orElseThrow().split("\\s+")[1];
    assertEquals(uidMap.get(1), hostUid, "the lab's root process as the host sees it");
    labs.stop(lab.instanceId, lab.traineeId, true);
  }
}
