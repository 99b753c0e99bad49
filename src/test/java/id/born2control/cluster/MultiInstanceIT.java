package id.born2control.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.born2control.EmbeddedDatabase;
import id.born2control.flags.FlagText;
import id.born2control.identity.TestKeycloak;
import id.born2control.labs.TunnelClient;
import id.born2control.scoring.Api;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Several service instances on one PostgreSQL, as they are deployed: two instances of the
 * packaged service (target/quarkus-app) run as child processes of this test, on one embedded
 * PostgreSQL, signed in through the real test Keycloak (real tokens), with the repository's nginx
 * config in front. Instances are killed and PostgreSQL restarted for real; every test leaves two
 * ready instances behind, so the tests do not depend on their order.
 */
@Tag("docker")
@Tag("keycloak")
class MultiInstanceIT {

  private static final int RATE_LIMIT = 100;
  private static final String COHORT = "cohort-a";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
  private static final String AUDIT_KEY = java.util.Base64.getEncoder().encodeToString(
      "multi-instance-audit-key-32-bytes!".getBytes(java.nio.charset.StandardCharsets.UTF_8));
  private static final String RUN = Long.toHexString(System.nanoTime() & 0xfffff);

  private static Path work;
  private static int dbPort;
  private static EmbeddedDatabase database;
  private static TestKeycloak keycloak;
  private static final List<Instance> instances = new ArrayList<>();
  private static Process nginx;
  private static int lbPort;

  @BeforeAll
  static void startCluster() throws Exception {
    work = Files.createTempDirectory("b2c-multi-");
    dbPort = freePort();
    database = EmbeddedDatabase.start(work.resolve("postgres"), false, dbPort);
    keycloak = TestKeycloak.get();
    writeCatalog();
    String secret = UUID.randomUUID().toString();
    String installation = "it-" + UUID.randomUUID().toString().substring(0, 8);
    instances.add(new Instance("a", freePort(), secret, installation));
    instances.add(new Instance("b", freePort(), secret, installation));
    for (Instance instance : instances) {
      instance.start();
    }
    for (Instance instance : instances) {
      instance.awaitReady();
    }
    startNginx();
  }

  @AfterAll
  static void stopCluster() throws IOException {
    try {
      instances.forEach(Instance::kill);
      // Kept for reading after the run (the work folder is deleted).
      Path logs = Files.createDirectories(Path.of("target/multi-instance-logs"));
      try (Stream<Path> files = Files.list(work)) {
        for (Path log : files.filter(f -> f.toString().endsWith(".log")).toList()) {
          Files.copy(log, logs.resolve(log.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
      }
      if (nginx != null) {
        nginx.destroy();
        waitFor(nginx);
      }
    } finally {
      if (database != null) {
        database.close();
      }
      delete(work);
    }
  }

  @Test
  void shouldDeliverSolveOnOneInstanceToStreamClientsOfAnotherWithinOneSecond() throws Exception {
    Instance a = instances.get(0);
    Instance b = instances.get(1);
    String user = trainee("fan");
    String token = token(user);
    assertEquals(200, get(a.url("/api/me"), token).statusCode());
    try (EventStream stream = new EventStream(b.url("/api/scoreboard/stream"), null)) {
      stream.await(e -> true, Duration.ofSeconds(10)); // the snapshot: connected
      long sent = System.nanoTime();
      HttpResponse<String> answer = submit(a.url(""), token, "it-fanout", "B2C{fanout}");
      // The solve is recorded (committed) when a answers.
      long recorded = System.nanoTime();
      assertEquals(200, answer.statusCode(), answer.body());
      assertEquals("correct", JSON.readTree(answer.body()).get("status").asText());
      EventStream.Event seen = stream.await(e -> e.data().contains("\"" + user + "\""),
          Duration.ofSeconds(5));
      long millis = (seen.receivedNanos() - recorded) / 1_000_000;
      System.out.printf("fan-out: solve recorded on instance a seen by a stream client of b"
          + " %d ms after a answered (%d ms after it was sent; %s event)%n", millis,
          (seen.receivedNanos() - sent) / 1_000_000, seen.name());
      assertTrue(millis < 1000, "the solve reached b's stream " + millis + " ms after a answered");
    }
    // Both serve the same board: a applied the solve locally, b from the live feed.
    awaitTrue(() -> board(a).equals(board(b)), Duration.ofSeconds(2), "the boards differ");
    assertTrue(board(b).toString().contains("\"" + user + "\""));
  }

  @Test
  void shouldHoldSubmissionRateLimitAcrossInstances() throws Exception {
    String token = token(trainee("rate"));
    int answered = 0;
    int limited = 0;
    for (int n = 0; n < RATE_LIMIT + 20; n++) {
      HttpResponse<String> answer = submit(instances.get(n % 2).url(""), token, "it-rate",
          "B2C{guess-" + n + "}");
      if (answer.statusCode() == 200) {
        answered++;
      } else if (answer.statusCode() == 429) {
        limited++;
        assertTrue(answer.headers().firstValue("Retry-After").isPresent());
        assertTrue(answer.body().contains("urn:born2control:problem:"), answer.body());
      } else {
        fail("unexpected answer " + answer.statusCode() + ": " + answer.body());
      }
    }
    // Half went to each instance: only a shared bucket refuses the 21st of 120 on the second.
    assertEquals(RATE_LIMIT, answered);
    assertEquals(20, limited);
  }

  @Test
  void shouldHoldLabQuotaAcrossInstancesAndPushLabChangesToEveryInstance() throws Exception {
    Instance a = instances.get(0);
    Instance b = instances.get(1);
    String token = token(trainee("quota"));
    assertEquals(200, get(a.url("/api/me"), token).statusCode());
    try (EventStream labEvents = new EventStream(b.url("/api/labs/events"), token)) {
      // Two labs at once, one per instance; the per-trainee limit is 1 lab.
      List<HttpResponse<String>> starts = together(
          () -> post(a.url("/api/labs/it-lab-a"), token, ""),
          () -> post(b.url("/api/labs/it-lab-b"), token, ""));
      List<Integer> statuses = starts.stream().map(HttpResponse::statusCode).sorted().toList();
      assertEquals(List.of(202, 429), statuses, starts.stream().map(HttpResponse::body)
          .toList().toString());
      JsonNode lab = JSON.readTree(starts.stream().filter(r -> r.statusCode() == 202)
          .findFirst().orElseThrow().body());
      String id = lab.get("id").asText();
      String slug = lab.get("challenge").asText();
      // The same lab asked for on both instances at once: one lab, the one already active.
      List<HttpResponse<String>> again = together(
          () -> post(a.url("/api/labs/" + slug), token, ""),
          () -> post(b.url("/api/labs/" + slug), token, ""));
      for (HttpResponse<String> r : again) {
        assertEquals(202, r.statusCode(), r.body());
        assertEquals(id, JSON.readTree(r.body()).get("id").asText());
      }
      // Whichever instance admitted it, its changes reach the owner's stream on b.
      labEvents.await(e -> e.data().contains(id), Duration.ofSeconds(5));
      labEvents.await(e -> e.data().contains(id) && e.data().contains("\"RUNNING\""),
          Duration.ofSeconds(120));
      // Its port answers through the owner's tunnel from whichever instance the owner asks.
      for (Instance via : List.of(a, b)) {
        JsonNode port = JSON.readTree(get(via.url("/api/labs/" + id), token).body())
            .get("ports").get(0);
        assertTrue(port.hasNonNull("tunnel"), port.toString());
        HttpResponse<String> ticket = post(via.url(port.get("tunnel").asText() + "/ticket"),
            token, "");
        assertEquals(200, ticket.statusCode(), ticket.body());
        try (TunnelClient tunnel = TunnelClient.start(
                JSON.readTree(ticket.body()).get("url").asText(), Map.of());
            java.net.Socket socket = new java.net.Socket("127.0.0.1", tunnel.port())) {
          socket.setSoTimeout(10_000);
          socket.getOutputStream().write("GET / HTTP/1.0\r\n\r\n".getBytes());
          String answer = new String(socket.getInputStream().readAllBytes());
          assertTrue(answer.endsWith("lab ok\n"), answer);
        }
      }
      assertEquals(200, delete(a.url("/api/labs/" + id), token).statusCode());
      labEvents.await(e -> e.data().contains(id) && e.data().contains("\"STOPPED\""),
          Duration.ofSeconds(60));
    }
  }

  @Test
  void shouldHandReaperOverWhenLeaderDies() throws Exception {
    Instance leader = awaitLeader(null);
    Instance survivor = instances.get(0) == leader ? instances.get(1) : instances.get(0);
    String token = token(trainee("reap"));
    try {
      long killed = System.nanoTime();
      leader.kill();
      assertEquals(survivor, awaitLeader(leader));
      long handover = (System.nanoTime() - killed) / 1_000_000;
      System.out.printf("leader handover after the leader was killed: %d ms%n", handover);
      assertTrue(handover < 5000, "handover took " + handover + " ms");
      // The new leader runs the reaper: a lab whose containers vanish is marked FAILED.
      HttpResponse<String> started = post(survivor.url("/api/labs/it-lab-a"), token, "");
      assertEquals(202, started.statusCode(), started.body());
      String id = JSON.readTree(started.body()).get("id").asText();
      awaitTrue(() -> "RUNNING".equals(labState(survivor, token, id)), Duration.ofSeconds(120),
          "the lab did not start");
      docker("rm", "-f", docker("ps", "-q", "--filter", "label=b2c.instance=" + id,
          "--filter", "label=b2c.role=target").strip());
      awaitTrue(() -> "FAILED".equals(labState(survivor, token, id)), Duration.ofSeconds(20),
          "the new leader's reaper did not notice the dead lab");
    } finally {
      leader.start();
      leader.awaitReady();
    }
  }

  @Test
  void shouldLoseNoSubmissionWhenInstanceDiesAndDatabaseRestartsMidBurst() throws Exception {
    List<String> users = new ArrayList<>();
    Map<String, String> tokens = new ConcurrentHashMap<>();
    for (int i = 0; i < 16; i++) {
      String user = trainee("burst" + i);
      users.add(user);
      tokens.put(user, token(user));
      assertEquals(200, get(lb("/api/me"), tokens.get(user)).statusCode());
    }
    AtomicLong answered = new AtomicLong();
    AtomicLong limited = new AtomicLong();
    AtomicLong retryable = new AtomicLong();
    Set<String> solvedUsers = ConcurrentHashMap.newKeySet();
    List<String> unexpected = new java.util.concurrent.CopyOnWriteArrayList<>();
    AtomicBoolean running = new AtomicBoolean(true);
    ExecutorService clients = Executors.newFixedThreadPool(8);
    Instance victim = instances.get(1);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int c = 0; c < 8; c++) {
        int client = c;
        done.add(clients.submit(() -> {
          for (long n = 0; running.get(); n++) {
            String user = users.get((int) ((client * 2 + n) % users.size()));
            String flag = n % 10 == 3 ? "B2C{burst}" : "B2C{guess-" + n + "}";
            try {
              HttpResponse<String> r = submit(lb(""), tokens.get(user), "it-burst", flag);
              switch (r.statusCode()) {
                case 200 -> {
                  answered.incrementAndGet();
                  if ("correct".equals(JSON.readTree(r.body()).get("status").asText())) {
                    solvedUsers.add(user);
                  }
                }
                case 429 -> limited.incrementAndGet();
                case 503 -> {
                  retryable.incrementAndGet();
                  if (r.headers().firstValue("Retry-After").isEmpty()
                      || !r.body().contains("urn:born2control:problem:")) {
                    unexpected.add("503 without Retry-After or problem: " + r.body());
                  }
                }
                default -> unexpected.add(r.statusCode() + ": " + r.body());
              }
              Thread.sleep(10);
            } catch (IOException e) {
              unexpected.add("no answer: " + e);
            } catch (InterruptedException e) {
              return;
            }
          }
        }));
      }
      Thread.sleep(3000);
      victim.kill();
      Thread.sleep(3000);
      database.close();
      database = EmbeddedDatabase.start(work.resolve("postgres"), false, dbPort);
      Thread.sleep(6000);
      running.set(false);
      for (Future<?> f : done) {
        f.get(90, TimeUnit.SECONDS);
      }
    } finally {
      running.set(false);
      clients.shutdownNow();
      victim.start();
    }
    victim.awaitReady();
    System.out.printf("burst: %d answered, %d rate-limited, %d retryable (503)%n",
        answered.get(), limited.get(), retryable.get());
    assertEquals(List.of(), unexpected, incidents(unexpected));
    assertTrue(answered.get() > 50, "too few answers to prove anything: " + answered.get());
    long rows = count("select count(*) from submission where challenge_slug = 'it-burst'");
    // Every answered submission is a row; a 503 may or may not have been stored.
    assertTrue(rows >= answered.get() && rows <= answered.get() + retryable.get(),
        rows + " rows for " + answered.get() + " answers and " + retryable.get() + " 503s");
    Set<String> solvers = new HashSet<>(strings("select t.username from solve s join trainee t"
        + " on t.id = s.trainee_id where s.challenge_slug = 'it-burst'"));
    assertTrue(solvers.containsAll(solvedUsers), "solves lost: " + solvedUsers + " vs " + solvers);
    // a kept its board across the restart (the feed caught up); b rebuilt it from the database.
    awaitTrue(() -> board(instances.get(0)).equals(board(instances.get(1))),
        Duration.ofSeconds(5), "the boards differ after the faults");
    String official = keycloak.demoToken("official1");
    JsonNode audit = JSON.readTree(get(lb("/api/admin/audit/verify"), official).body());
    assertTrue(audit.get("valid").asBoolean(), audit.toString());
  }

  /**
   * Submissions are stored by group commit and answered only once their batch has committed
   * (issue 17). An instance killed with SIGKILL in the middle of a burst sent straight to it must
   * have stored every submission it answered, exactly once, and every solve it answered correct;
   * a request it never answered may or may not be stored, but never twice. Each request carries
   * its own flag, so answers and rows are compared one by one.
   */
  @Test
  void shouldHaveStoredEveryAnsweredSubmissionOnceWhenKilledMidBurst() throws Exception {
    Instance victim = instances.get(1);
    List<String> users = new ArrayList<>();
    Map<String, String> tokens = new ConcurrentHashMap<>();
    for (int i = 0; i < 8; i++) {
      String user = trainee("crash" + i);
      users.add(user);
      tokens.put(user, token(user));
      assertEquals(200, get(victim.url("/api/me"), tokens.get(user)).statusCode());
    }
    // flag -> answer status, for answered requests; flags of requests left without an answer
    Map<String, String> answered = new ConcurrentHashMap<>();
    Set<String> unanswered = ConcurrentHashMap.newKeySet();
    Set<String> solvedUsers = ConcurrentHashMap.newKeySet();
    List<String> unexpected = new java.util.concurrent.CopyOnWriteArrayList<>();
    AtomicBoolean running = new AtomicBoolean(true);
    ExecutorService clients = Executors.newFixedThreadPool(users.size());
    try {
      List<Future<?>> done = new ArrayList<>();
      for (String user : users) {
        done.add(clients.submit(() -> {
          for (long n = 0; running.get(); n++) {
            // The right flag once per trainee (a new solve), unique wrong flags otherwise.
            String flag = n == 5 ? "B2C{crash}" : "B2C{crash-" + user + "-" + n + "}";
            try {
              HttpResponse<String> r = submit(victim.url(""), tokens.get(user), "it-crash", flag);
              if (r.statusCode() == 200) {
                String status = JSON.readTree(r.body()).get("status").asText();
                answered.put(flag + " " + user, status);
                if ("correct".equals(status)) {
                  solvedUsers.add(user);
                }
              } else if (r.statusCode() == 503) {
                unanswered.add(flag + " " + user);
              } else {
                unexpected.add(r.statusCode() + ": " + r.body());
              }
            } catch (IOException e) {
              // Killed: the request may or may not have been stored.
              unanswered.add(flag + " " + user);
              return;
            }
          }
        }));
      }
      // Killed mid-burst: once enough answers are in to compare (bounded: a busy machine is slow).
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (answered.size() < 100 && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      victim.kill();
      running.set(false);
      for (Future<?> f : done) {
        f.get(90, TimeUnit.SECONDS);
      }
    } finally {
      running.set(false);
      clients.shutdownNow();
      victim.start();
    }
    victim.awaitReady();
    System.out.printf("crash: %d answered, %d without an answer%n", answered.size(),
        unanswered.size());
    assertEquals(List.of(), unexpected);
    assertTrue(answered.size() >= 100, "too few answers to prove anything: " + answered.size());
    Map<String, Long> rows = new java.util.HashMap<>();
    for (String row : strings("select t.username || ' ' || s.flag_hash from submission s join"
        + " trainee t on t.id = s.trainee_id where s.challenge_slug = 'it-crash'")) {
      rows.merge(row, 1L, Long::sum);
    }
    for (String sent : answered.keySet()) {
      assertEquals(1L, rows.getOrDefault(key(sent), 0L), "answered, stored not once: " + sent);
    }
    for (String sent : unanswered) {
      assertTrue(rows.getOrDefault(key(sent), 0L) <= 1, "stored twice: " + sent);
    }
    Set<String> sentKeys = new HashSet<>();
    answered.keySet().forEach(sent -> sentKeys.add(key(sent)));
    unanswered.forEach(sent -> sentKeys.add(key(sent)));
    assertTrue(sentKeys.containsAll(rows.keySet()), "rows of requests never sent");
    Set<String> solvers = new HashSet<>(strings("select t.username from solve s join trainee t"
        + " on t.id = s.trainee_id where s.challenge_slug = 'it-crash'"));
    assertTrue(solvers.containsAll(solvedUsers), "solves lost: " + solvedUsers + " vs " + solvers);
    String official = keycloak.demoToken("official1");
    JsonNode audit = JSON.readTree(get(lb("/api/admin/audit/verify"), official).body());
    assertTrue(audit.get("valid").asBoolean(), audit.toString());
    // Every stored submission is named once in the audit trail (sealed or still pending).
    long audited = count(Api.submissionsAuditedOnce("it-crash"));
    assertEquals(rows.values().stream().mapToLong(Long::longValue).sum(), audited);
  }

  /** "flag user" as sent -> "user hash" as stored. */
  private static String key(String sent) {
    int space = sent.lastIndexOf(' ');
    String flag = FlagText.normalize(sent.substring(0, space));
    try {
      return sent.substring(space + 1) + " " + java.util.HexFormat.of().formatHex(
          java.security.MessageDigest.getInstance("SHA-256")
              .digest(flag.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** What the instances logged about the incidents quoted in unexpected answers. */
  private static String incidents(List<String> answers) {
    StringBuilder out = new StringBuilder();
    for (String answer : answers) {
      int at = answer.indexOf("incident ");
      if (at < 0) {
        continue;
      }
      String id = answer.substring(at + 9, Math.min(answer.length(), at + 45));
      try (Stream<Path> files = Files.list(work)) {
        for (Path file : files.filter(f -> f.toString().endsWith(".log")).toList()) {
          String log = Files.readString(file);
          int found = log.indexOf("unexpected failure " + id);
          if (found >= 0) {
            out.append(log, found, Math.min(log.length(), found + 4000)).append('\n');
          }
        }
      } catch (IOException e) {
        out.append("logs unreadable: ").append(e);
      }
    }
    return out.toString();
  }

  // ---------------------------------------------------------------- the cluster

  /** One service instance: the packaged jar as a child process, its log per start. */
  static final class Instance {
    final String name;
    final int port;
    final String secret;
    final String installation;
    Process process;
    Path log;
    int starts;

    Instance(String name, int port, String secret, String installation) {
      this.name = name;
      this.port = port;
      this.secret = secret;
      this.installation = installation;
    }

    void start() {
      log = work.resolve("instance-" + name + "-" + (++starts) + ".log");
      String java = ProcessHandle.current().info().command().orElse("java");
      ProcessBuilder builder = new ProcessBuilder(java, "-Xmx320m", "-jar",
          Path.of("target/quarkus-app/quarkus-run.jar").toAbsolutePath().toString())
          .redirectErrorStream(true).redirectOutput(log.toFile());
      Map<String, String> env = builder.environment();
      env.put("B2C_DB_URL", database.jdbcUrl());
      env.put("B2C_DB_USER", database.serviceUser());
      env.put("B2C_DB_PASSWORD", database.servicePassword());
      env.put("B2C_DB_OWNER_USER", database.ownerUser());
      env.put("B2C_DB_OWNER_PASSWORD", database.ownerPassword());
      // Every instance seals with the same audit key, whichever leads.
      env.put("B2C_AUDIT_KEY", AUDIT_KEY);
      env.put("B2C_DB_POOL", "16");
      env.put("B2C_HTTP_HOST", "127.0.0.1");
      env.put("B2C_HTTP_PORT", Integer.toString(port));
      // Two instances on one machine: each its own management port (metrics, OpenAPI).
      try {
        env.put("B2C_MANAGEMENT_PORT", Integer.toString(freePort()));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      env.put("B2C_DATA_DIR", work.resolve("data-" + name).toString());
      env.put("B2C_CATALOG_PATH", work.resolve("challenges").toString());
      env.put("B2C_FLAGS_SECRET", secret);
      env.put("B2C_OIDC_ENABLED", "true");
      env.put("B2C_OIDC_URL", keycloak.realmUrl());
      env.put("B2C_OIDC_CLIENT_SECRET", TestKeycloak.WEB_SECRET);
      // The test Keycloak is the demo realm with its demo secrets: run.sh's demo mode.
      env.put("B2C_DEMO", "true");
      env.put("B2C_COOKIE_SECURE", "false");
      env.put("B2C_LOG_JSON", "false");
      env.put("B2C_LABS_BUILD_ON_START", "false");
      env.put("B2C_LABS_INSTALLATION", installation);
      env.put("B2C_LABS_PER_TRAINEE_LIMIT", "1");
      env.put("B2C_LABS_REAPER_EVERY", "1s");
      env.put("B2C_SCORING_RATE_LIMIT_SUBMISSIONS", Integer.toString(RATE_LIMIT));
      env.put("B2C_SCORING_RATE_LIMIT_SECONDS", "3600");
      try {
        process = builder.start();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start the packaged service (run `package`)", e);
      }
    }

    void awaitReady() {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
      while (System.nanoTime() < deadline) {
        if (!process.isAlive()) {
          fail("instance " + name + " exited: " + tail());
        }
        try {
          if (HTTP.send(HttpRequest.newBuilder(URI.create(url("/q/health/ready")))
              .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding())
              .statusCode() == 200) {
            return;
          }
        } catch (IOException e) {
          // not listening yet
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError(e);
        }
        sleep(500);
      }
      fail("instance " + name + " not ready within 180 s: " + tail());
    }

    /** Kills the process at once (SIGKILL): no shutdown hook, sessions simply vanish. */
    void kill() {
      if (process != null && process.isAlive()) {
        process.destroyForcibly();
        waitFor(process);
      }
    }

    String url(String path) {
      return "http://127.0.0.1:" + port + path;
    }

    /** What this start of the instance has logged so far. */
    String log() {
      try {
        return Files.readString(log);
      } catch (IOException e) {
        return "";
      }
    }

    private String tail() {
      String text = log();
      return text.substring(Math.max(0, text.length() - 3000));
    }

    @Override
    public String toString() {
      return "instance " + name;
    }
  }

  /**
   * The instance holding the leadership lock now (its session's application name carries its
   * key, which each instance logs at start), once it is not {@code notThis}.
   */
  private static Instance awaitLeader(Instance notThis) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (System.nanoTime() < deadline) {
      List<String> holders = strings("select a.application_name from pg_locks l join"
          + " pg_stat_activity a on a.pid = l.pid where l.locktype = 'advisory' and"
          + " l.classid = 5 and l.objid = 0 and l.granted");
      for (String holder : holders) {
        String key = holder.substring(holder.lastIndexOf(' ') + 1);
        for (Instance instance : instances) {
          if (instance != notThis && instance.process.isAlive()
              && instance.log().contains("Cluster: instance " + key + " joined")) {
            return instance;
          }
        }
      }
      sleep(100);
    }
    throw new AssertionError("no leader within 15 s");
  }

  private static void startNginx() throws IOException {
    Path dir = work.resolve("nginx");
    Files.createDirectories(dir.resolve("logs"));
    Files.createDirectories(dir.resolve("tmp"));
    lbPort = freePort();
    StringBuilder upstreams = new StringBuilder();
    for (Instance instance : instances) {
      upstreams.append("server 127.0.0.1:").append(instance.port)
          .append(" max_fails=1 fail_timeout=2s;\n");
    }
    Files.writeString(dir.resolve("upstreams.conf"), upstreams);
    Files.writeString(dir.resolve("listen.conf"), "listen 127.0.0.1:" + lbPort + ";\n");
    Files.copy(Path.of("infra/cluster/nginx.conf"), dir.resolve("nginx.conf"),
        StandardCopyOption.REPLACE_EXISTING);
    nginx = new ProcessBuilder("nginx", "-p", dir + "/", "-c", dir.resolve("nginx.conf")
        .toString(), "-g", "daemon off;").redirectErrorStream(true)
        .redirectOutput(dir.resolve("logs/stdout.log").toFile()).start();
    awaitTrue(() -> {
      try {
        return get(lb("/q/health/ready"), null).statusCode() == 200;
      } catch (IOException e) {
        return false;
      }
    }, Duration.ofSeconds(10), "nginx did not answer");
  }

  /** Test challenges: static flags for scoring, two small web labs any trainee may start. */
  private static void writeCatalog() throws IOException {
    Path root = work.resolve("challenges");
    for (String slug : List.of("it-fanout", "it-rate", "it-burst", "it-crash")) {
      String flag = "B2C{" + slug.substring(3) + "}";
      Files.createDirectories(root.resolve(slug));
      Files.writeString(root.resolve(slug).resolve("challenge.yml"), """
          name: "%s"
          category: test
          description: "A multi-instance test challenge."
          value: 100
          flags:
            - "%s"
          """.formatted(slug, flag));
    }
    Path web = Path.of("src/test/resources/lab-challenges/labt-web");
    for (String slug : List.of("it-lab-a", "it-lab-b")) {
      Path folder = Files.createDirectories(root.resolve(slug));
      Files.copy(web.resolve("Dockerfile"), folder.resolve("Dockerfile"));
      Files.writeString(folder.resolve("challenge.yml"), Files.readString(
          web.resolve("challenge.yml")).replace("state: hidden\n", "")
          .replace("Lab test: web", slug));
    }
  }

  // ---------------------------------------------------------------- HTTP

  private static String lb(String path) {
    return "http://127.0.0.1:" + lbPort + path;
  }

  /** A new trainee in Keycloak, unique to this run. */
  private static String trainee(String name) {
    String username = "it" + RUN + "-" + name;
    keycloak.createTrainee(username, "pw-" + username, COHORT);
    return username;
  }

  private static String token(String username) {
    return keycloak.token(username, "pw-" + username);
  }

  private static HttpResponse<String> submit(String base, String token, String slug, String flag)
      throws IOException {
    return post(base + "/api/challenges/" + slug + "/submissions", token,
        "{\"flag\":\"" + flag + "\"}");
  }

  private static HttpResponse<String> post(String url, String token, String body)
      throws IOException {
    return send(request(url, token).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  private static HttpResponse<String> get(String url, String token) throws IOException {
    return send(request(url, token).GET());
  }

  private static HttpResponse<String> delete(String url, String token) throws IOException {
    return send(request(url, token).DELETE());
  }

  private static HttpRequest.Builder request(String url, String token) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url))
        .timeout(Duration.ofSeconds(60));
    return token == null ? builder : builder.header("Authorization", "Bearer " + token);
  }

  private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException {
    try {
      return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  /** The first page of the live overall board as an instance serves it (ranked entries). */
  private static JsonNode board(Instance instance) {
    try {
      return JSON.readTree(get(instance.url("/api/scoreboard?limit=100"), null).body())
          .get("entries");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every instance's board, for failure messages. */
  private static String boards() {
    StringBuilder out = new StringBuilder();
    for (Instance instance : instances) {
      try {
        out.append('\n').append(instance).append(": ").append(board(instance));
      } catch (RuntimeException e) {
        out.append('\n').append(instance).append(": ").append(e);
      }
    }
    return out.toString();
  }

  private static String labState(Instance instance, String token, String id) {
    try {
      return JSON.readTree(get(instance.url("/api/labs/" + id), token).body()).get("state")
          .asText();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  interface Call {
    HttpResponse<String> call() throws IOException;
  }

  /** Runs the calls at the same moment and returns their answers in order. */
  private static List<HttpResponse<String>> together(Call... calls) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(calls.length);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<HttpResponse<String>>> answers = new ArrayList<>();
      for (Call call : calls) {
        answers.add(pool.submit(() -> {
          go.await();
          return call.call();
        }));
      }
      go.countDown();
      List<HttpResponse<String>> out = new ArrayList<>();
      for (Future<HttpResponse<String>> answer : answers) {
        out.add(answer.get(60, TimeUnit.SECONDS));
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }

  /** A Server-Sent Events client that keeps every event with the time it arrived. */
  static final class EventStream implements AutoCloseable {

    record Event(String name, String data, long receivedNanos) {}

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final InputStream body;

    EventStream(String url, String token) throws IOException {
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
          .header("Accept", "text/event-stream");
      if (token != null) {
        request.header("Authorization", "Bearer " + token);
      }
      try {
        HttpResponse<InputStream> response = HTTP.send(request.build(),
            HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, response.statusCode());
        body = response.body();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException(e);
      }
      Thread reader = new Thread(this::read, "sse-" + url);
      reader.setDaemon(true);
      reader.start();
    }

    private void read() {
      try (BufferedReader lines = new BufferedReader(new InputStreamReader(body,
          StandardCharsets.UTF_8))) {
        String name = "message";
        StringBuilder data = new StringBuilder();
        for (String line; (line = lines.readLine()) != null; ) {
          if (line.isEmpty()) {
            if (data.length() > 0) {
              events.add(new Event(name, data.toString(), System.nanoTime()));
            }
            name = "message";
            data.setLength(0);
          } else if (line.startsWith("event:")) {
            name = line.substring(6).strip();
          } else if (line.startsWith("data:")) {
            data.append(line.substring(5).strip());
          }
        }
      } catch (IOException e) {
        // closed
      }
    }

    Event await(Predicate<Event> wanted, Duration within) throws InterruptedException {
      long deadline = System.nanoTime() + within.toNanos();
      for (long left = within.toNanos(); left > 0; left = deadline - System.nanoTime()) {
        Event event = events.poll(left, TimeUnit.NANOSECONDS);
        if (event != null && wanted.test(event)) {
          return event;
        }
      }
      throw new AssertionError("no such event within " + within);
    }

    @Override
    public void close() throws IOException {
      body.close();
    }
  }

  // ---------------------------------------------------------------- plumbing

  private static long count(String sql) {
    return Long.parseLong(strings(sql).get(0));
  }

  private static List<String> strings(String sql) {
    try (Connection c = database.ownerConnection();
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      List<String> out = new ArrayList<>();
      while (r.next()) {
        out.add(r.getString(1));
      }
      return out;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String docker(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("docker"));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), out);
    return out;
  }

  private static void awaitTrue(BooleanSupplier condition, Duration within, String why) {
    long deadline = System.nanoTime() + within.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(why + " (waited " + within + "); boards: " + boards());
      }
      sleep(100);
    }
  }

  private static void waitFor(Process process) {
    try {
      process.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static void delete(Path root) {
    if (root == null || !Files.exists(root)) {
      return;
    }
    try (Stream<Path> files = Files.walk(root)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
