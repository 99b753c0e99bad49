package id.born2control.catalog;

import static id.born2control.scoring.Api.as;
import static id.born2control.scoring.Api.submit;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import id.born2control.SolutionRun;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every shipped challenge without a lab is solved by its own {@code solution/solve.sh}, run on
 * the host as the solution contract says (only {@code B2C_CHALLENGE_DIR}, reading the challenge's
 * files), and the last line it prints, submitted by a trainee through the API, is answered
 * correct. The shipped labs are solved by {@code labs.ShippedLabsSolvableTest}.
 */
@QuarkusTest
class ShippedSolutionsTest {

  /** The repository's catalog; the test copy the service loaded holds the same folders. */
  private static final Path SHIPPED = Path.of("challenges");

  @Inject CatalogService catalog;

  @TestFactory
  Stream<DynamicTest> everyShippedChallengeWithoutLabIsSolvedThroughTheApi() throws IOException {
    List<CatalogEntry> labless;
    try (Stream<Path> folders = Files.list(SHIPPED)) {
      labless = folders.filter(f -> Files.isRegularFile(f.resolve("challenge.yml")))
          .map(f -> catalog.find(f.getFileName().toString()).orElseThrow(
              () -> new AssertionError("shipped challenge " + f + " is not in the catalog")))
          .filter(e -> !e.spec().hasLab())
          .sorted((a, b) -> a.slug().compareTo(b.slug()))
          .toList();
    }
    assertFalse(labless.isEmpty(), "no lab-less challenge shipped in " + SHIPPED);
    return labless.stream().map(e -> DynamicTest.dynamicTest(e.slug(), () -> solve(e)));
  }

  private static void solve(CatalogEntry entry) throws Exception {
    assertNotNull(entry.spec().solution(), entry.slug() + " ships no solution");
    String flag = SolutionRun.lastLine(entry, Map.of(), Duration.ofMinutes(2));
    assertFalse(flag.isEmpty(), entry.slug() + ": solve.sh printed no flag");

    submit(as("solver-" + entry.slug(), null), entry.slug(), flag)
        .statusCode(200).body("status", equalTo("correct"));
  }
}
