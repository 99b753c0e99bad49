package id.born2control.labs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.born2control.problem.Problem;
import id.born2control.problem.RangeException;
import io.quarkus.runtime.ShutdownEvent;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The in-browser terminal: bridges a WebSocket at {@code /api/labs/{id}/terminal?ticket=...} to an
 * interactive {@code docker exec} TTY in a running lab, as the lab's user. Text frames are
 * keystrokes, except JSON {@code {"type":"resize","cols":..,"rows":..}} and
 * {@code {"type":"renew","ticket":..}}; binary frames are keystrokes too; output comes back as
 * binary frames.
 *
 * <p>A plain Vert.x route, not a websockets-next endpoint: websockets-next closes a connection
 * when the identity of its handshake expires, which for a browser session is one access-token
 * lifetime. The ticket ({@link LabTerminals}) is the credential instead; the page renews it while
 * its session lasts, and a terminal not renewed within {@code b2c.labs.terminal-lease} (the
 * session ended, the person was banned, the page is gone) is closed with 4401. The Origin of the
 * upgrade is checked before this route (web.RequestGuard). Refusals after a valid ticket close
 * with 4000 + the HTTP status and the reason (4404 not yours, 4409 not running, 4429 too many).
 *
 * <p>Each open terminal is a {@link TerminalBridge}, with bounded buffers both ways.
 *
 * <p>Every session is recorded as asciicast v2 ({@link TerminalCast}: output, input, resizes),
 * up to {@code b2c.labs.terminal-recording-max} bytes; its events are stored in chunks by a
 * worker ({@link TerminalRecorder}), never on the path of a keystroke or of the output, and
 * what is pending is stored when the terminal ends and every half minute while it is open.
 */
@ApplicationScoped
class LabTerminalSocket {

  private static final Logger LOG = Logger.getLogger(LabTerminalSocket.class);
  static final List<String> SHELL = List.of("/bin/sh", "-c",
      "if [ -x /bin/bash ]; then exec /bin/bash -l; else exec /bin/sh -l; fi");
  /** Output bytes handed to the WebSocket and not yet written out, per terminal. */
  static final int OUTPUT_BUFFER = 256 * 1024;
  /** How often pending recorded events of an open terminal are stored at the latest. */
  static final long RECORDING_FLUSH_MILLIS = 30_000;
  /** After the range's guard (-100, Origin), before the REST routes. */
  private static final int ORDER = -50;

  private final LabTerminals terminals;
  private final LabsConfig config;
  private final Vertx vertx;
  private final Set<TerminalBridge> open = ConcurrentHashMap.newKeySet();
  /** What each terminal opened here works with. */
  private final TerminalBridge.Parts parts;
  private long leaseTimer = -1;

  LabTerminalSocket(LabTerminals terminals, TerminalRecorder recorder, LabBackend backend,
      LabsConfig config, ObjectMapper json, Vertx vertx) {
    this.terminals = terminals;
    this.config = config;
    this.vertx = vertx;
    this.parts = new TerminalBridge.Parts(terminals, recorder, backend, config, json, vertx,
        open);
  }

  void routes(@Observes Router router) {
    router.get("/api/labs/:id/terminal").order(ORDER).handler(this::upgrade);
    long every = Math.max(1000, Math.min(10_000, config.terminalLease().toMillis() / 6));
    leaseTimer = vertx.setPeriodic(every, t -> {
      long now = System.currentTimeMillis();
      open.stream().filter(terminal -> terminal.leaseUntil < now)
          .forEach(terminal -> terminal.end(4401, "the session ended: this terminal was not"
              + " renewed; reload the page to open it again"));
      open.stream().filter(terminal -> terminal.storedAt + RECORDING_FLUSH_MILLIS < now)
          .forEach(TerminalBridge::storePending);
    });
  }

  void onStop(@Observes ShutdownEvent event) {
    vertx.cancelTimer(leaseTimer);
    open.forEach(terminal -> terminal.end(1001, "the range is shutting down"));
  }

  /** Number of terminals open on this instance. */
  int openCount() {
    return open.size();
  }

  private void upgrade(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    if (!"websocket".equalsIgnoreCase(request.getHeader(HttpHeaders.UPGRADE))) {
      ctx.next();
      return;
    }
    request.pause();
    String id = ctx.pathParam("id");
    String ticket = request.getParam("ticket");
    // In a lab of several hosts, ?host= names a trainee host (null: the default one).
    String host = request.getParam("host");
    vertx.executeBlocking(() -> terminals.admit(id, ticket, host), false).onComplete(admitted -> {
      if (admitted.failed() && admitted.cause() instanceof RangeException e
          && e.status() == 401) {
        refuse(request, e);
        return;
      }
      request.toWebSocket().onComplete(upgraded -> {
        if (upgraded.failed()) {
          if (admitted.succeeded()) {
            terminals.release(admitted.result());
          }
          return;
        }
        ServerWebSocket socket = upgraded.result();
        if (admitted.failed()) {
          Throwable cause = admitted.cause();
          if (cause instanceof RangeException e) {
            socket.close((short) (4000 + e.status()), reason(e.getMessage()));
          } else {
            LOG.warnf("Labs: terminal of %s refused: %s", id, cause.toString());
            socket.close((short) 1011, "the terminal could not be opened");
          }
          return;
        }
        new TerminalBridge(socket, admitted.result(), parts).start();
      });
    });
  }

  /** A close reason as the protocol allows it: at most 123 bytes of UTF-8. */
  static String reason(String text) {
    if (text.getBytes(StandardCharsets.UTF_8).length <= 123) {
      return text;
    }
    String cut = text;
    while (cut.getBytes(StandardCharsets.UTF_8).length > 120) {
      cut = cut.substring(0, cut.length() - 1);
    }
    return cut + "…";
  }

  /** Answers the upgrade with the problem, no WebSocket: no valid ticket, no terminal. */
  private void refuse(HttpServerRequest request, RangeException e) {
    String body;
    try {
      body = parts.json().writeValueAsString(new Problem(Problem.type(e.problem()), e.title(),
          e.status(), e.getMessage(), request.path(), null));
    } catch (JsonProcessingException impossible) {
      body = "";
    }
    request.response().setStatusCode(e.status())
        .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE).end(body);
  }
}
