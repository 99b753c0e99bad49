package id.born2control.scoring;

import id.born2control.catalog.CatalogService;
import id.born2control.catalog.SyncReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.microprofile.config.ConfigProvider;

/** Writes challenge folders into the test copy of the catalog and loads them. */
public final class TestChallenges {

  private TestChallenges() {}

  /** A static-flag challenge with the given extra YAML lines. */
  public static String staticChallenge(String slug, String flag, String extra) {
    return """
        name: "%s"
        category: test
        description: "A test challenge."
        value: 100
        flags:
          - "%s"
        %s
        """.formatted(slug, flag, extra == null ? "" : extra.replace("\n", "\n        "));
  }

  /** Writes (or overwrites) {@code slug/challenge.yml} and syncs the catalog. */
  public static void write(CatalogService catalog, String slug, String yaml) {
    Path root = Path.of(ConfigProvider.getConfig().getValue("b2c.catalog.path", String.class));
    try {
      Path folder = root.resolve(slug);
      Files.createDirectories(folder);
      Files.writeString(folder.resolve("challenge.yml"), yaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    SyncReport report = catalog.sync();
    if (report.failed().contains(slug)) {
      throw new IllegalStateException("test challenge " + slug + " did not load: "
          + catalog.currentProblems());
    }
  }
}
