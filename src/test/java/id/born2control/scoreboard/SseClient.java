package id.born2control.scoreboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A live-board client read over HTTP as a browser's EventSource would, on its own thread: the
 * individual boards' stream and the team boards' stream alike.
 */
public final class SseClient implements AutoCloseable {

  /** One received server-sent event. */
  public record Received(String id, String name, String data, long receivedNanos) {}

  /** Generous, to stay reliable on a loaded machine; delivery times are measured by benchmarks. */
  private static final Duration WAIT = Duration.ofSeconds(10);

  final LinkedBlockingQueue<Received> queue = new LinkedBlockingQueue<>();
  final List<Received> seen = new ArrayList<>();
  final InputStream body;

  public SseClient(URI stream, String lastEventId) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(stream)
        .header("Accept", "text/event-stream");
    if (lastEventId != null) {
      request.header("Last-Event-ID", lastEventId);
    }
    HttpResponse<InputStream> response = HttpClient.newHttpClient()
        .send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    assertEquals(200, response.statusCode());
    assertTrue(response.headers().firstValue("Content-Type").orElse("")
        .startsWith("text/event-stream"));
    body = response.body();
    Thread reader = new Thread(this::read, "sse-test-client");
    reader.setDaemon(true);
    reader.start();
  }

  private void read() {
    try (BufferedReader lines = new BufferedReader(
        new InputStreamReader(body, StandardCharsets.UTF_8))) {
      String id = null;
      String name = "message";
      StringBuilder data = new StringBuilder();
      for (String line; (line = lines.readLine()) != null; ) {
        if (line.isEmpty()) {
          if (data.length() > 0) {
            queue.add(new Received(id, name, data.toString(), System.nanoTime()));
          }
          id = null;
          name = "message";
          data.setLength(0);
        } else if (line.startsWith("id:")) {
          id = line.substring(3).trim();
        } else if (line.startsWith("event:")) {
          name = line.substring(6).trim();
        } else if (line.startsWith("data:")) {
          data.append(data.length() > 0 ? "\n" : "").append(line.substring(5).stripLeading());
        }
      }
    } catch (IOException e) {
      // the test closed the connection
    }
  }

  /** The next event matching, or fails after the wait. */
  public Received await(Predicate<Received> wanted) throws InterruptedException {
    return await(wanted, WAIT);
  }

  /** The next event matching, or fails after {@code wait}. */
  public Received await(Predicate<Received> wanted, Duration wait) throws InterruptedException {
    long deadline = System.nanoTime() + wait.toNanos();
    for (Received r : seen) {
      if (wanted.test(r)) {
        return r;
      }
    }
    while (true) {
      long left = deadline - System.nanoTime();
      Received next = left <= 0 ? null : queue.poll(left, TimeUnit.NANOSECONDS);
      assertNotNull(next, "no matching event within " + wait + "; seen " + seen);
      seen.add(next);
      if (wanted.test(next)) {
        return next;
      }
    }
  }

  @Override
  public void close() throws IOException {
    body.close();
  }

  /** An event of this name whose data names this user (or team). */
  public static Predicate<Received> event(String name, String username) {
    return r -> r.name().equals(name) && r.data().contains("\"" + username + "\"");
  }
}
