package id.born2control.cluster;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Properties;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Opens long-lived connections outside the pool, for what must stay on one session: LISTEN and
 * session advisory locks. The pool would hand such a session to other work or recycle it.
 */
@ApplicationScoped
class DedicatedConnection {

  private final String url;
  private final String user;
  private final Optional<String> password;

  DedicatedConnection(@ConfigProperty(name = "quarkus.datasource.jdbc.url") String url,
      @ConfigProperty(name = "quarkus.datasource.username") String user,
      @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
    this.url = url;
    this.user = user;
    this.password = password;
  }

  /** A new autocommit session; keepalive lets a dead peer be noticed on an idle socket. */
  Connection open(String purpose) throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", user);
    password.ifPresent(p -> props.setProperty("password", p));
    props.setProperty("ApplicationName", "born2control " + purpose);
    props.setProperty("tcpKeepAlive", "true");
    props.setProperty("connectTimeout", "5");
    Connection connection = DriverManager.getConnection(url, props);
    connection.setAutoCommit(true);
    return connection;
  }
}
