package id.born2control;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import java.util.Properties;

/**
 * A real PostgreSQL started from the binaries on Maven Central, so a newcomer needs no database
 * server. Used by the launcher when no database URL is configured, and by the tests.
 *
 * <p>Every connection authenticates with scram-sha-256 (never {@code trust}): the owner
 * ({@code postgres}, runs the migrations) and the service role ({@code b2c_service}, what the
 * range connects as: no superuser, so it cannot switch the audit trail's protections off) get
 * generated passwords, kept in files readable only by this user next to the data folder.
 */
public final class EmbeddedDatabase implements AutoCloseable {

  /** The role that owns the schema and runs the migrations. */
  public static final String OWNER = "postgres";
  /** The role the range connects as (see V60__service_role.sql for what it may do). */
  public static final String SERVICE = "b2c_service";

  private static final String HBA = """
      # Written by Born2Control at every start: every connection proves a password.
      local all all scram-sha-256
      host  all all 127.0.0.1/32 scram-sha-256
      host  all all ::1/128 scram-sha-256
      """;

  private final EmbeddedPostgres postgres;
  private final String ownerPassword;
  private final String servicePassword;

  private EmbeddedDatabase(EmbeddedPostgres postgres, String ownerPassword,
      String servicePassword) {
    this.postgres = postgres;
    this.ownerPassword = ownerPassword;
    this.servicePassword = servicePassword;
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
      Path parent = dataDirectory.toAbsolutePath().getParent();
      String ownerPassword = secret(parent.resolve("postgres-owner.password"));
      String servicePassword = secret(parent.resolve("postgres-service.password"));
      EmbeddedPostgres postgres = EmbeddedPostgres.builder()
          .setDataDirectory(dataDirectory)
          .setCleanDataDirectory(disposable)
          .setPort(port)
          // A fresh cluster still trusts loopback until secure() ran; a secured one asks for this.
          .setConnectConfig("password", ownerPassword)
          .setServerConfig("synchronous_commit", disposable ? "off" : "on")
          .setServerConfig("max_connections", "300")
          .setServerConfig("listen_addresses", "127.0.0.1")
          .setServerConfig("password_encryption", "scram-sha-256")
          .start();
      EmbeddedDatabase database = new EmbeddedDatabase(postgres, ownerPassword, servicePassword);
      database.secure(dataDirectory);
      return database;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the embedded PostgreSQL in " + dataDirectory, e);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot set the embedded PostgreSQL's passwords in "
          + dataDirectory + " (was postgres-owner.password removed?)", e);
    }
  }

  /**
   * Sets both roles' passwords (idempotent), then replaces {@code trust} with scram-sha-256 for
   * every connection and reloads the server's configuration.
   */
  private void secure(Path dataDirectory) throws SQLException, IOException {
    try (Connection c = DriverManager.getConnection(jdbcUrl(), credentials(OWNER, ownerPassword));
        Statement s = c.createStatement()) {
      s.execute("set password_encryption = 'scram-sha-256'");
      s.execute("alter role " + OWNER + " password " + literal(ownerPassword));
      s.execute("do $$ begin if not exists (select 1 from pg_roles where rolname = '" + SERVICE
          + "') then create role " + SERVICE + "; end if; end $$");
      s.execute("alter role " + SERVICE + " login nosuperuser nocreatedb nocreaterole"
          + " noreplication nobypassrls password " + literal(servicePassword));
      Path hba = dataDirectory.resolve("pg_hba.conf");
      if (!Files.exists(hba) || !Files.readString(hba).equals(HBA)) {
        Files.writeString(hba, HBA);
        s.execute("select pg_reload_conf()");
      }
    }
  }

  /** The generated password in {@code file}, created (readable by this user only) if missing. */
  private static String secret(Path file) throws IOException {
    if (Files.exists(file)) {
      return Files.readString(file).trim();
    }
    byte[] bytes = new byte[24];
    new SecureRandom().nextBytes(bytes);
    String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    Files.createFile(file, PosixFilePermissions.asFileAttribute(
        PosixFilePermissions.fromString("rw-------")));
    Files.writeString(file, secret);
    return secret;
  }

  private static String literal(String value) {
    return "'" + value.replace("'", "''") + "'";
  }

  private static Properties credentials(String user, String password) {
    Properties props = new Properties();
    props.setProperty("user", user);
    props.setProperty("password", password);
    return props;
  }

  /** The JDBC URL without credentials. */
  public String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres";
  }

  /** A connection as the owner (migrations, operators' tools, tests playing an intruder). */
  public Connection ownerConnection() throws SQLException {
    return DriverManager.getConnection(jdbcUrl(), credentials(OWNER, ownerPassword));
  }

  public int port() {
    return postgres.getPort();
  }

  public String ownerUser() {
    return OWNER;
  }

  public String ownerPassword() {
    return ownerPassword;
  }

  public String serviceUser() {
    return SERVICE;
  }

  public String servicePassword() {
    return servicePassword;
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
