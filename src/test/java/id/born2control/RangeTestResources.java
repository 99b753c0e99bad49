package id.born2control;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The real components every test runs against, started once for the whole suite: a real
 * PostgreSQL (embedded, fresh data folder) and a copy of the shipped catalog that tests may add
 * broken or changed challenges to without touching the repository. Without {@code docker} tests in
 * the run (the quick tier), the lab engine address points at nothing.
 */
@QuarkusTestResource(value = RangeTestResources.class, restrictToAnnotatedClass = false)
public class RangeTestResources implements QuarkusTestResourceLifecycleManager {

  private static volatile EmbeddedDatabase database;
  private Path work;

  @Override
  public Map<String, String> start() {
    try {
      work = Files.createTempDirectory("b2c-test-");
      database = EmbeddedDatabase.start(work.resolve("postgres"), true);
      Path catalog = work.resolve("challenges");
      copy(Path.of("challenges"), catalog);
      Map<String, String> config = new HashMap<>(Map.of(
          "quarkus.datasource.jdbc.url", database.jdbcUrl(),
          "quarkus.datasource.username", database.serviceUser(),
          "quarkus.datasource.password", database.servicePassword(),
          "quarkus.flyway.username", database.ownerUser(),
          "quarkus.flyway.password", database.ownerPassword(),
          "b2c.catalog.path", catalog.toString(),
          "b2c.data-dir", work.resolve("data").toString()));
      if (!TestTiers.runs("docker")) {
        // No test of this run may need the engine: one that does fails instead of passing on a
        // machine that happens to have Docker.
        config.put("b2c.labs.docker-host", "unix://" + work.resolve("no-docker.sock"));
      }
      return config;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A connection as the database's owner, for tests that play someone with full database
   * access (the range itself connects as the unprivileged service role).
   */
  public static Connection ownerConnection() throws SQLException {
    return database.ownerConnection();
  }

  @Override
  public void stop() {
    if (database != null) {
      database.close();
    }
    delete(work);
  }

  private static void copy(Path from, Path to) throws IOException {
    Files.createDirectories(to);
    if (!Files.isDirectory(from)) {
      return;
    }
    try (Stream<Path> files = Files.walk(from)) {
      for (Path source : files.toList()) {
        Path target = to.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING,
              StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
  }

  private static void delete(Path root) {
    if (root == null) {
      return;
    }
    try (Stream<Path> files = Files.walk(root)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temp folder left behind is harmless; the test outcome does not depend on it
    }
  }
}
