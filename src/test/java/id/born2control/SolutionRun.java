package id.born2control;

import static org.junit.jupiter.api.Assertions.assertTrue;

import id.born2control.catalog.CatalogEntry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a shipped challenge's {@code solution/solve.sh} as the solution contract says (in the
 * challenge folder, {@code B2C_CHALLENGE_DIR} set, plus what the caller adds) and answers the last
 * line it printed: the flag. A failing or hanging script fails the test with its output.
 */
public final class SolutionRun {

  private SolutionRun() {}

  public static String lastLine(CatalogEntry entry, Map<String, String> env, Duration timeout)
      throws Exception {
    ProcessBuilder solver = new ProcessBuilder("bash",
        entry.folder().resolve(entry.spec().solution()).toString())
        .directory(entry.folder().toFile());
    solver.environment().put("B2C_CHALLENGE_DIR", entry.folder().toAbsolutePath().toString());
    solver.environment().putAll(env);
    Path log = Files.createTempFile("b2c-solve-" + entry.slug(), ".log");
    Process process = solver.redirectError(log.toFile()).start();
    String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    boolean done = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    String stderr = Files.readString(log);
    Files.deleteIfExists(log);
    assertTrue(done && process.exitValue() == 0, entry.slug() + ": solve.sh failed\n" + stdout
        + "\n" + stderr);
    List<String> lines = stdout.lines().filter(l -> !l.isBlank()).toList();
    return lines.isEmpty() ? "" : lines.get(lines.size() - 1).strip();
  }
}
