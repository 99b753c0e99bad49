package id.born2control;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The test tier of this run: the JUnit tags Maven leaves out ({@code b2c.test.excluded}, see the
 * {@code quick} profile). Suite-wide test resources start a real component only when some test of
 * the run needs it, so the quick tier runs on a machine without Docker or Keycloak.
 */
public final class TestTiers {

  private TestTiers() {}

  /** Whether tests tagged {@code tag} run in this run. */
  public static boolean runs(String tag) {
    return !excluded().contains(tag);
  }

  private static Set<String> excluded() {
    return Arrays.stream(System.getProperty("b2c.test.excluded", "").split(","))
        .map(String::strip).filter(t -> !t.isEmpty()).collect(Collectors.toSet());
  }
}
