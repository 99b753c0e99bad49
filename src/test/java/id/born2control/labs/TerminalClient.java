package id.born2control.labs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * The terminal as an API client uses it: a one-time ticket from
 * {@code POST /api/labs/{id}/terminal/ticket}, then the WebSocket with that ticket.
 */
final class TerminalClient {

  private TerminalClient() {}

  /** A fresh terminal ticket of {@code caller} for lab {@code labId}. */
  static String ticket(RequestSpecification caller, String labId) {
    Response answer = caller.contentType("application/json")
        .post("/api/labs/" + labId + "/terminal/ticket");
    assertEquals(200, answer.statusCode(), answer.asString());
    return answer.jsonPath().getString("ticket");
  }

  /** The terminal WebSocket address of {@code labId} with {@code ticket}. */
  static URI uri(URI base, String labId, String ticket) {
    return URI.create(base.resolve("/").toString().replaceFirst("^http", "ws").replaceFirst("/$", "")
        + "/api/labs/" + labId + "/terminal" + (ticket == null ? "" : "?ticket=" + ticket));
  }

  /** Opens the terminal of {@code labId} with {@code ticket}; output goes to {@code listener}. */
  static WebSocket open(URI base, String labId, String ticket, Listener listener)
      throws Exception {
    return HttpClient.newHttpClient().newWebSocketBuilder()
        .buildAsync(uri(base, labId, ticket), listener).get(20, TimeUnit.SECONDS);
  }

  /** Collects terminal output and the close code and reason. */
  static class Listener implements WebSocket.Listener {
    private final StringBuilder output = new StringBuilder();
    final CompletableFuture<Integer> closed = new CompletableFuture<>();
    volatile String reason;

    @Override
    public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
      byte[] bytes = new byte[data.remaining()];
      data.get(bytes);
      synchronized (output) {
        output.append(new String(bytes, StandardCharsets.UTF_8));
      }
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      synchronized (output) {
        output.append(data);
      }
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String why) {
      reason = why;
      closed.complete(statusCode);
      return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
      closed.completeExceptionally(error);
    }

    String output() {
      synchronized (output) {
        return output.toString();
      }
    }

    String awaitOutput(String marker, Duration timeout) {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (System.nanoTime() < deadline) {
        if (output().contains(marker)) {
          return output();
        }
        LabTestSupport.sleep(100);
      }
      throw new AssertionError("no '" + marker + "' in the terminal output: " + output());
    }
  }

  /**
   * A client that never reads: it asks for no message at all, so the JDK client stops reading
   * the connection and the range's writes back up.
   */
  static final class NeverReads extends Listener {
    @Override
    public void onOpen(WebSocket ws) {
      // no ws.request(n): nothing is ever read
    }
  }
}
