package id.born2control.identity;

import static io.restassured.RestAssured.given;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The Keycloak process the tests run: the distribution unpacked by Maven into target/keycloak,
 * started in dev mode on a free loopback port with the demo realm and a bootstrap admin whose
 * password is random per run. Tests may stop and restart it on the same port.
 */
public final class TestKeycloak {

  public static final String REALM = "born2control";
  public static final String WEB_CLIENT = "range-web";
  /** The demo realm's client secret (labelled demo-only in the realm file). */
  public static final String WEB_SECRET = "demo-range-web-secret-not-for-production";
  public static final String CLI_CLIENT = "range-cli";
  /** The demo realm's secret of the roster's service-account client. */
  public static final String ROSTER_SECRET = "demo-range-roster-secret-not-for-production";
  public static final String ADMIN_USER = "admin";

  private static TestKeycloak instance;

  private final Path home;
  private final int port;
  private final int managementPort;
  private final String adminPassword = "test-" + UUID.randomUUID();
  private final Map<String, String> tokens = new ConcurrentHashMap<>();
  private Process process;

  private TestKeycloak(Path home, int port, int managementPort) {
    this.home = home;
    this.port = port;
    this.managementPort = managementPort;
  }

  /** The suite's Keycloak, started on first use. */
  public static synchronized TestKeycloak get() {
    if (instance == null) {
      // Maven hands the unpacked distribution of its keycloak.version to surefire and failsafe.
      String distribution = System.getProperty("b2c.keycloak.home");
      if (distribution == null) {
        throw new IllegalStateException("b2c.keycloak.home is not set: run the tests through Maven"
            + " (it unpacks the Keycloak of pom.xml's keycloak.version and passes its folder)");
      }
      Path home = Path.of(distribution);
      Path realm = Path.of(System.getProperty("b2c.keycloak.realm-file",
          "infra/keycloak/born2control-realm.json"));
      // The range's login theme, which the realm file selects.
      Path themes = realm.resolveSibling("themes");
      TestKeycloak keycloak = new TestKeycloak(home, freePort(), freePort());
      keycloak.prepare(realm, themes);
      keycloak.start();
      Runtime.getRuntime().addShutdownHook(new Thread(keycloak::stop));
      instance = keycloak;
    }
    return instance;
  }

  public String url() {
    return "http://127.0.0.1:" + port;
  }

  public String realmUrl() {
    return url() + "/realms/" + REALM;
  }

  public String adminPassword() {
    return adminPassword;
  }

  /** A fresh access token of a user, by password grant on the public command-line client. */
  public String token(String username, String password) {
    return given().baseUri(realmUrl())
        .formParam("grant_type", "password")
        .formParam("client_id", CLI_CLIENT)
        .formParam("username", username)
        .formParam("password", password)
        .formParam("scope", "openid")
        .when().post("/protocol/openid-connect/token")
        .then().statusCode(200)
        .extract().path("access_token");
  }

  /** A token of a demo user (password demo-&lt;username&gt;), fetched once per suite. */
  public String demoToken(String username) {
    return tokens.computeIfAbsent(username, u -> token(u, "demo-" + u));
  }

  /** Creates a trainee of the realm (role trainee, group /cohorts/{cohort}) with a password. */
  public void createTrainee(String username, String password, String cohort) {
    ensureCohort(cohort);
    String admin = adminToken();
    String users = url() + "/admin/realms/" + REALM + "/users";
    given().auth().oauth2(admin).contentType("application/json")
        .body(Map.of("username", username, "enabled", true, "emailVerified", true,
            "email", username + "@example.org", "firstName", username, "lastName", "Test",
            "groups", List.of("/cohorts/" + cohort),
            "credentials", List.of(Map.of("type", "password", "value", password,
                "temporary", false))))
        .when().post(users).then().statusCode(201);
    String id = given().auth().oauth2(admin).queryParam("username", username)
        .queryParam("exact", true).when().get(users)
        .then().statusCode(200).extract().path("[0].id");
    Object role = given().auth().oauth2(admin)
        .when().get(url() + "/admin/realms/" + REALM + "/roles/trainee")
        .then().statusCode(200).extract().as(Map.class);
    given().auth().oauth2(admin).contentType("application/json").body(List.of(role))
        .when().post(users + "/" + id + "/role-mappings/realm").then().statusCode(204);
  }

  /**
   * Creates the cohort's group {@code /cohorts/{cohort}} (with the {@code cohort} attribute the
   * token's claim comes from) when the realm has none, so a test can use a cohort of its own.
   */
  public synchronized void ensureCohort(String cohort) {
    String admin = adminToken();
    String realm = url() + "/admin/realms/" + REALM;
    if (given().auth().oauth2(admin).when().get(realm + "/group-by-path/cohorts/" + cohort)
        .then().extract().statusCode() == 200) {
      return;
    }
    String parent = given().auth().oauth2(admin).when().get(realm + "/group-by-path/cohorts")
        .then().statusCode(200).extract().path("id");
    given().auth().oauth2(admin).contentType("application/json")
        .body(Map.of("name", cohort, "attributes", Map.of("cohort", List.of(cohort))))
        .when().post(realm + "/groups/" + parent + "/children").then().statusCode(201);
  }

  /**
   * Sets how long access (and ID) tokens issued to a client live, through the admin API; a null
   * lifespan goes back to the realm's setting.
   */
  @SuppressWarnings("unchecked")
  public void setClientTokenLifespan(String clientId, Duration lifespan) {
    String admin = adminToken();
    String clients = url() + "/admin/realms/" + REALM + "/clients";
    String id = given().auth().oauth2(admin).queryParam("clientId", clientId)
        .when().get(clients).then().statusCode(200).extract().path("[0].id");
    Map<String, Object> client = given().auth().oauth2(admin)
        .when().get(clients + "/" + id).then().statusCode(200).extract().as(Map.class);
    Map<String, Object> attributes = new HashMap<>(
        (Map<String, Object>) client.getOrDefault("attributes", Map.of()));
    attributes.put("access.token.lifespan",
        lifespan == null ? "" : String.valueOf(lifespan.toSeconds()));
    client.put("attributes", attributes);
    given().auth().oauth2(admin).contentType("application/json").body(client)
        .when().put(clients + "/" + id).then().statusCode(204);
  }

  /**
   * Sets the realm's SSO session idle timeout (how long a refresh token stays usable without
   * use); the realm file's value is 2 hours.
   */
  public void setSessionIdle(Duration idle) {
    given().auth().oauth2(adminToken()).contentType("application/json")
        .body(Map.of("ssoSessionIdleTimeout", (int) idle.toSeconds()))
        .when().put(url() + "/admin/realms/" + REALM).then().statusCode(204);
  }

  /** A token of Keycloak's master admin, for arranging test data through the admin API. */
  public String adminToken() {
    return given().baseUri(url() + "/realms/master")
        .formParam("grant_type", "password")
        .formParam("client_id", "admin-cli")
        .formParam("username", ADMIN_USER)
        .formParam("password", adminPassword)
        .when().post("/protocol/openid-connect/token")
        .then().statusCode(200)
        .extract().path("access_token");
  }

  /** Whether the realm's discovery document answers. */
  public boolean answers() {
    try {
      HttpResponse<Void> response = HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(2)).build()
          .send(HttpRequest.newBuilder(URI.create(realmUrl() + "/.well-known/openid-configuration"))
              .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding());
      return response.statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Starts Keycloak (again) on the same port and database, and waits until it answers. */
  public synchronized void start() {
    if (process != null && process.isAlive()) {
      return;
    }
    List<String> command = List.of(home.resolve("bin/kc.sh").toString(), "start-dev",
        "--http-host=127.0.0.1", "--http-port=" + port,
        "--http-management-port=" + managementPort, "--import-realm",
        "--health-enabled=false", "--metrics-enabled=false");
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("test-run.log").toFile()));
    Map<String, String> env = builder.environment();
    env.put("KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN_USER);
    env.put("KC_BOOTSTRAP_ADMIN_PASSWORD", adminPassword);
    env.put("JAVA_OPTS_APPEND", "-XX:TieredStopAtLevel=1");
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start Keycloak from " + home
          + " (run the build through Maven so the distribution is unpacked)", e);
    }
    // A shared, busy test machine can take minutes (-Db2c.keycloak.start-wait=seconds).
    long wait = Long.getLong("b2c.keycloak.start-wait", 600);
    long deadline = System.currentTimeMillis() + wait * 1000;
    while (!answers()) {
      if (!process.isAlive()) {
        throw new IllegalStateException("Keycloak exited with " + process.exitValue()
            + "; see " + home.resolve("test-run.log"));
      }
      if (System.currentTimeMillis() > deadline) {
        throw new IllegalStateException("Keycloak did not answer within " + wait + " s; see "
            + home.resolve("test-run.log"));
      }
      sleep(500);
    }
  }

  /** Stops Keycloak and waits until its port is free. */
  public synchronized void stop() {
    if (process == null) {
      return;
    }
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly().waitFor();
      }
      long deadline = System.currentTimeMillis() + 60_000;
      while (process.descendants().anyMatch(ProcessHandle::isAlive)
          && System.currentTimeMillis() < deadline) {
        sleep(200);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    process = null;
  }

  private void prepare(Path realm, Path themes) {
    if (!Files.isExecutable(home.resolve("bin/kc.sh"))) {
      throw new IllegalStateException("no Keycloak distribution in " + home
          + "; run the tests through Maven (it unpacks org.keycloak:keycloak-quarkus-dist)");
    }
    try {
      // A fresh database per suite: the realm is imported again from the repository's file.
      Path data = home.resolve("data");
      if (Files.isDirectory(data)) {
        try (Stream<Path> files = Files.walk(data)) {
          files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      }
      Files.createDirectories(data.resolve("import"));
      Files.copy(realm, data.resolve("import").resolve(REALM + "-realm.json"),
          StandardCopyOption.REPLACE_EXISTING);
      try (Stream<Path> files = Files.walk(themes)) {
        for (Path source : files.toList()) {
          Path target = home.resolve("themes").resolve(themes.relativize(source).toString());
          if (Files.isDirectory(source)) {
            Files.createDirectories(target);
          } else {
            Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static Map<String, String> demoUsers() {
    Map<String, String> users = new HashMap<>();
    for (String u : List.of("trainee1", "trainee2", "instructor1", "official1")) {
      users.put(u, "demo-" + u);
    }
    return users;
  }
}
