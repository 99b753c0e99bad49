package id.born2control.labs;

import static org.junit.jupiter.api.Assertions.fail;

import io.quarkus.arc.Arc;
import io.restassured.RestAssured;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The range's shipped tunnel client ({@code /tunnel/B2cTunnel.java}, the one file the range
 * serves) run as a trainee runs it: the JDK's source launcher in a subprocess, giving a local
 * port that reaches one tcp port of a lab through the authenticated tunnel. Lab ports are
 * published nowhere else, so every test that talks to a lab's tcp service goes through this.
 */
public final class TunnelClient implements AutoCloseable {

  static final Path SOURCE = Path.of("src/main/resources/META-INF/resources"
      + LabTunnels.CLIENT);
  private static final Pattern LISTENING = Pattern.compile("Listening on 127\\.0\\.0\\.1:(\\d+)");

  private final Process process;
  private final int port;

  private TunnelClient(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /**
   * A client for the lab's owner (or an instructor) on tcp port {@code labPort}, from a fresh
   * one-time ticket, as the lab panel hands it out.
   */
  static TunnelClient forLab(String instanceId, long traineeId, boolean instructor, int labPort) {
    LabTunnels tunnels = Arc.container().instance(LabTunnels.class).get();
    return start(tunnels.ticket(instanceId, traineeId, instructor, labPort, "http",
        "127.0.0.1:" + RestAssured.port).url(), Map.of());
  }

  /**
   * GETs {@code path} from http port {@code labPort} of a lab through a fresh tunnel of its
   * owner; the body (the answer must be 200).
   */
  static String get(String instanceId, long traineeId, int labPort, String path)
      throws Exception {
    try (TunnelClient tunnel = forLab(instanceId, traineeId, false, labPort)) {
      return LabLifecycleTest.http("http://127.0.0.1:" + tunnel.port() + path);
    }
  }

  /** Starts the client on {@code url} (local port chosen freely); waits until it listens. */
  public static TunnelClient start(String url, Map<String, String> environment) {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        // C1 only: the client compiles and starts sooner on a loaded machine
        "-XX:TieredStopAtLevel=1", SOURCE.toString(), url, "0"));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(environment);
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    BufferedReader out = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    CompletableFuture<String> listening = CompletableFuture.supplyAsync(() -> {
      StringBuilder seen = new StringBuilder();
      try {
        for (String line; (line = out.readLine()) != null; ) {
          seen.append(line).append('\n');
          if (LISTENING.matcher(line).find()) {
            return line;
          }
        }
      } catch (IOException e) {
        seen.append(e);
      }
      return seen.toString();
    });
    String line;
    try {
      // the source launcher compiles the client first: seconds on a loaded machine
      line = listening.get(120, TimeUnit.SECONDS);
    } catch (Exception e) {
      process.destroyForcibly();
      throw new AssertionError("the tunnel client did not start in 120 s", e);
    }
    Matcher m = LISTENING.matcher(line);
    if (!m.find()) {
      process.destroyForcibly();
      fail("the tunnel client stopped: " + line);
    }
    // keep draining its output so it never blocks on a full pipe
    CompletableFuture.runAsync(() -> {
      try {
        while (out.readLine() != null) {
          // discarded
        }
      } catch (IOException ignored) {
        // the client ended
      }
    });
    return new TunnelClient(process, Integer.parseInt(m.group(1)));
  }

  /** The local port that reaches the lab. */
  public int port() {
    return port;
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
