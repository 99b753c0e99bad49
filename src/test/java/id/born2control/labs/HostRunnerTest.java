package id.born2control.labs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import id.born2control.labs.LabBackend.RunnerSession;
import id.born2control.labs.RunnerProtocol.Answer;
import id.born2control.labs.RunnerProtocol.Item;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The runner's output is untrusted: only the current request's answers count, once each, and
 * a flood or silence closes the runner instead of filling the range's memory or waiting forever.
 */
class HostRunnerTest {

  private static final List<Item> TWO = List.of(new Item("a", "web", 10, 1024, false),
      new Item("b", "db", 10, 1024, false));

  /** A session that answers each request with what {@code reply} makes of its id. */
  private static final class FakeSession implements RunnerSession {
    final LinkedBlockingQueue<String> requests = new LinkedBlockingQueue<>();
    boolean closed;

    @Override
    public void send(byte[] data) {
      requests.add(new String(data, StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  private final FakeSession session = new FakeSession();
  private final HostRunner runner = new HostRunner(new ObjectMapper());

  @Test
  void shouldTakeOnlyTheFirstAnswerPerScriptOfTheCurrentRequest() throws Exception {
    runner.attach(session);
    CompletableFuture<List<Answer>> tick = run(TWO, 20);
    String id = requestId();
    feed(answer("someone-else", 0, 3, "forged") + "garbage\n" + answer(id, 7, 0, "no such")
        + answer(id, 0, 2, "first") + answer(id, 0, 0, "again") + end(id));
    assertEquals(java.util.Arrays.asList(new Answer(2, "first"), null),
        tick.get(20, TimeUnit.SECONDS));

    // A late line of that request is not taken for the next one.
    CompletableFuture<List<Answer>> next = run(TWO, 20);
    String id2 = requestId();
    feed(answer(id, 1, 0, "late") + end(id) + answer(id2, 1, 1, "down") + end(id2));
    assertEquals(java.util.Arrays.asList(null, new Answer(1, "down")),
        next.get(20, TimeUnit.SECONDS));
    assertTrue(!session.closed && !runner.isClosed());
  }

  @Test
  void shouldDropOverlongLinesAndCloseOnAFlood() throws Exception {
    runner.attach(session);
    CompletableFuture<List<Answer>> tick = run(TWO, 20);
    String id = requestId();
    // a line longer than the limit is dropped whole, even when it ends like an answer
    feed("x".repeat(HostRunner.LINE_MAX) + answer(id, 0, 0, "tail of a long line")
        + answer(id, 1, 0, "kept") + end(id));
    assertEquals(java.util.Arrays.asList(null, new Answer(0, "kept")),
        tick.get(20, TimeUnit.SECONDS));

    CompletableFuture<List<Answer>> flooded = run(TWO, 20);
    requestId();
    byte[] chunk = ("y".repeat(1000) + "\n").getBytes(StandardCharsets.UTF_8);
    for (long sent = 0; sent <= HostRunner.budget(TWO.size()); sent += chunk.length) {
      runner.output(chunk);
    }
    Exception failed = assertThrows(Exception.class, () -> flooded.get(20, TimeUnit.SECONDS));
    assertTrue(failed.getCause() instanceof LabBackendException, failed.toString());
    assertTrue(session.closed && runner.isClosed());
  }

  @Test
  void shouldCloseTheRunnerThatDoesNotAnswerInTimeOrWhoseStreamEnds() throws Exception {
    runner.attach(session);
    assertThrows(LabBackendException.class, () -> runner.run(TWO, Duration.ofMillis(300)));
    assertTrue(session.closed && runner.isClosed());
    assertThrows(LabBackendException.class, () -> runner.run(TWO, Duration.ofSeconds(20)));

    HostRunner dying = new HostRunner(new ObjectMapper());
    dying.attach(new FakeSession());
    CompletableFuture<List<Answer>> tick = CompletableFuture.supplyAsync(call(dying));
    Thread.sleep(100);
    dying.closed(); // the host died: the stream ended
    Exception failed = assertThrows(Exception.class, () -> tick.get(20, TimeUnit.SECONDS));
    assertTrue(failed.getCause() instanceof LabBackendException, failed.toString());
  }

  private java.util.function.Supplier<List<Answer>> call(HostRunner on) {
    return () -> {
      try {
        return on.run(TWO, Duration.ofSeconds(20));
      } catch (LabBackendException e) {
        throw new java.util.concurrent.CompletionException(e);
      }
    };
  }

  private CompletableFuture<List<Answer>> run(List<Item> items, int seconds) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return runner.run(items, Duration.ofSeconds(seconds));
      } catch (LabBackendException e) {
        throw new java.util.concurrent.CompletionException(e);
      }
    });
  }

  private String requestId() throws InterruptedException {
    String request = session.requests.poll(20, TimeUnit.SECONDS);
    assertTrue(request != null && request.startsWith("R "), String.valueOf(request));
    return request.split(" ")[1];
  }

  private void feed(String text) {
    // in small pieces: lines span the engine's frames
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    for (int at = 0; at < bytes.length; at += 7) {
      runner.output(java.util.Arrays.copyOfRange(bytes, at, Math.min(bytes.length, at + 7)));
    }
  }

  private static String answer(String id, int index, int exit, String output) {
    return "{\"req\":\"" + id + "\",\"i\":" + index + ",\"exit\":" + exit + ",\"out\":\""
        + Base64.getEncoder().encodeToString(output.getBytes(StandardCharsets.UTF_8)) + "\"}\n";
  }

  private static String end(String id) {
    return "{\"req\":\"" + id + "\",\"end\":2}\n";
  }
}
