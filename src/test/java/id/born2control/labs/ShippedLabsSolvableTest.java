package id.born2control.labs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.re2j.Pattern;
import id.born2control.SolutionRun;
import id.born2control.catalog.CatalogEntry;
import id.born2control.catalog.CatalogService;
import id.born2control.catalog.ChallengeSpec;
import id.born2control.catalog.ChallengeSpec.FlagKind;
import id.born2control.catalog.ChallengeSpec.LabSpec;
import id.born2control.flags.FlagService;
import id.born2control.flags.IssuedFlagRef;
import id.born2control.identity.IdentityService;
import id.born2control.identity.TraineeRef;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;

/**
 * Every shipped challenge with a lab starts on the real engine and is solved by its own
 * {@code solution/solve.sh} through the published ports and exec, as a trainee would: the last
 * line printed is the flag issued to that lab (or a static flag), and every defense check fails
 * before and passes after. The challenges come from the repository's {@code challenges/} (the
 * test catalog copy), or from the folder named by {@code -DsolvableFrom=...}. Live-fire
 * scenarios are proven on their clock by {@link ShippedScenariosTest}.
 */
@QuarkusTest
@Tag("docker")
class ShippedLabsSolvableTest {

  @Inject CatalogService catalog;
  @Inject LabService labs;
  @Inject LabImages images;
  @Inject IdentityService identities;
  @Inject FlagService flags;

  @AfterAll
  static void nothingLeftBehind() {
    LabTestSupport.stopAllAndAssertClean(
        io.quarkus.arc.Arc.container().instance(LabService.class).get());
  }

  @TestFactory
  Stream<DynamicTest> everyShippedLabIsSolvable() throws IOException {
    String from = System.getProperty("solvableFrom");
    if (from != null) {
      copyChallenges(Path.of(from), catalog.root());
      catalog.sync();
    }
    // Scenarios are solved on their clock, against their adversary: ShippedScenariosTest.
    List<CatalogEntry> shipped = catalog.all().stream()
        .filter(e -> e.spec().hasLab() && e.spec().scenario() == null
            && !e.slug().startsWith("labt-"))
        .toList();
    return shipped.stream().map(e -> DynamicTest.dynamicTest(e.slug(), () -> solve(e)));
  }

  private void solve(CatalogEntry entry) throws Exception {
    ChallengeSpec spec = entry.spec();
    LabSpec lab = spec.lab();
    assertTrue(spec.solution() != null, entry.slug() + " ships no solution");
    images.ensure(entry).get(20, TimeUnit.MINUTES);
    TraineeRef trainee = LabTestSupport.trainee(identities, "solver-" + entry.slug());
    LabTestSupport.solvePrerequisites(catalog, trainee, entry);
    String id = labs.start(trainee, entry).lab().id();
    LabViews.LabView view = LabTestSupport.await(labs, id, trainee.id(), LabState.RUNNING,
        Duration.ofMinutes(3));
    LabInstance row = QuarkusTransaction.requiringNew().call(
        () -> LabInstance.findByInstanceId(id).orElseThrow());

    if (!lab.checks().isEmpty()) {
      LabViews.CheckReport before = LabTestSupport.check(labs, id, trainee.id());
      assertEquals(0, before.passed(), entry.slug() + ": a check holds before the defense: "
          + before.checks());
    }

    Map<String, String> env = LabTestSupport.solutionExec(lab, row);
    env.put("B2C_LAB_HOST", "127.0.0.1");
    // Each tcp port through the owner's tunnel, as a trainee's own tools reach it.
    List<TunnelClient> tunnels = new ArrayList<>();
    String last;
    try {
      for (LabViews.PortView port : view.ports()) {
        if (port.tunnel() != null) {
          TunnelClient tunnel = TunnelClient.forLab(id, trainee.id(), false, port.port());
          tunnels.add(tunnel);
          env.put("B2C_LAB_PORT_" + port.port(), Integer.toString(tunnel.port()));
        }
      }
      last = SolutionRun.lastLine(entry, env, Duration.ofMinutes(5));
    } finally {
      tunnels.forEach(TunnelClient::close);
    }

    if (lab.flag() != null) {
      Optional<IssuedFlagRef> issued = flags.findIssued(last);
      assertTrue(issued.isPresent(), entry.slug() + ": '" + last + "' is not the issued flag");
      assertEquals(id, issued.get().instanceId());
      assertEquals(trainee.id(), issued.get().traineeId());
    } else if (!spec.flags().isEmpty()) {
      assertTrue(matchesStatic(spec, last), entry.slug() + ": '" + last
          + "' matches none of the flags");
    }
    if (!lab.checks().isEmpty()) {
      LabViews.CheckReport after = LabTestSupport.check(labs, id, trainee.id());
      assertEquals(after.total(), after.passed(), entry.slug() + ": checks after the defense: "
          + after.checks());
    }
    labs.stop(id, trainee.id(), false);
    assertEquals("", LabTestSupport.docker("ps", "-aq", "--filter", "label=b2c.instance=" + id));
    assertEquals("", LabTestSupport.docker("network", "ls", "-q", "--filter",
        "label=b2c.instance=" + id));
  }

  private static boolean matchesStatic(ChallengeSpec spec, String value) {
    for (ChallengeSpec.FlagSpec flag : spec.flags()) {
      if (flag.kind() == FlagKind.STATIC && (flag.caseInsensitive()
          ? flag.content().equalsIgnoreCase(value) : flag.content().equals(value))) {
        return true;
      }
      if (flag.kind() == FlagKind.REGEX && Pattern.compile(
          flag.caseInsensitive() ? "(?i)" + flag.content() : flag.content()).matches(value)) {
        return true;
      }
    }
    return false;
  }

  private static void copyChallenges(Path from, Path to) throws IOException {
    List<Path> all;
    try (Stream<Path> files = Files.walk(from)) {
      all = new ArrayList<>(files.toList());
    }
    for (Path source : all) {
      Path target = to.resolve(from.relativize(source).toString());
      if (Files.isDirectory(source)) {
        Files.createDirectories(target);
      } else {
        Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
      }
    }
    assertFalse(all.isEmpty(), "no challenges in " + from);
  }
}
