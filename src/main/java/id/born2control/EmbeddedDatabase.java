package id.born2control;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A real PostgreSQL started from the binaries on Maven Central, so a newcomer needs no database
 * server. Used by the launcher when no database URL is configured, and by the tests.
 */
public final class EmbeddedDatabase implements AutoCloseable {

  private final EmbeddedPostgres postgres;

  private EmbeddedDatabase(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  /**
   * Starts PostgreSQL on a free loopback port with its data in {@code dataDirectory}. A range's
   * own database keeps what a previous run stored and commits durably; a test database
   * ({@code disposable}) starts empty and trades durability for speed.
   */
  public static EmbeddedDatabase start(Path dataDirectory, boolean disposable) {
    return start(dataDirectory, disposable, 0);
  }

  /** As {@link #start(Path, boolean)}, on the given port (0: a free one). */
  public static EmbeddedDatabase start(Path dataDirectory, boolean disposable, int port) {
    try {
      Files.createDirectories(dataDirectory);
      return new EmbeddedDatabase(
          EmbeddedPostgres.builder()
              .setDataDirectory(dataDirectory)
              .setCleanDataDirectory(disposable)
              .setPort(port)
              .setServerConfig("synchronous_commit", disposable ? "off" : "on")
              .setServerConfig("max_connections", "300")
              .setServerConfig("listen_addresses", "127.0.0.1")
              .start());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the embedded PostgreSQL in " + dataDirectory, e);
    }
  }

  public String jdbcUrl() {
    return postgres.getJdbcUrl("postgres", "postgres");
  }

  public int port() {
    return postgres.getPort();
  }

  public String user() {
    return "postgres";
  }

  @Override
  public void close() {
    try {
      postgres.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot stop the embedded PostgreSQL", e);
    }
  }
}
