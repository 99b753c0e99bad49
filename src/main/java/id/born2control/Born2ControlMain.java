package id.born2control;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.nio.file.Path;
import org.jboss.logging.Logger;

/**
 * Starts the range. Without a configured database URL it first starts the embedded PostgreSQL in
 * the data folder, so {@code java -jar} alone brings up a working range.
 */
@QuarkusMain
public class Born2ControlMain {

  private static final Logger LOG = Logger.getLogger(Born2ControlMain.class);

  public static void main(String... args) {
    if (databaseConfigured()) {
      Quarkus.run(args);
      return;
    }
    Path dataDir = Path.of(setting("B2C_DATA_DIR", "b2c.data-dir", "data"));
    EmbeddedDatabase database = EmbeddedDatabase.start(dataDir.resolve("postgres"), false);
    LOG.infof("Embedded PostgreSQL on 127.0.0.1:%d, data in %s", database.port(),
        dataDir.resolve("postgres").toAbsolutePath());
    System.setProperty("quarkus.datasource.jdbc.url", database.jdbcUrl());
    // The range connects as the service role; only the migrations run as the owner.
    System.setProperty("quarkus.datasource.username", database.serviceUser());
    System.setProperty("quarkus.datasource.password", database.servicePassword());
    System.setProperty("quarkus.flyway.username", database.ownerUser());
    System.setProperty("quarkus.flyway.password", database.ownerPassword());
    try {
      Quarkus.run(args);
    } finally {
      database.close();
    }
  }

  private static boolean databaseConfigured() {
    return !setting("B2C_DB_URL", "b2c.db-url", "").isBlank()
        || !setting("QUARKUS_DATASOURCE_JDBC_URL", "quarkus.datasource.jdbc.url", "").isBlank();
  }

  private static String setting(String env, String property, String fallback) {
    String value = System.getProperty(property);
    if (value == null) {
      value = System.getenv(env);
    }
    return value == null ? fallback : value;
  }
}
