package id.born2control.labs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.born2control.identity.IdentityService;
import id.born2control.identity.Roles;
import id.born2control.identity.TraineeRef;
import id.born2control.problem.RangeException;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.OnBinaryMessage;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.core.buffer.Buffer;
import jakarta.annotation.security.RolesAllowed;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The in-browser terminal: bridges a WebSocket to an interactive {@code docker exec} TTY in the
 * caller's own running lab, as the lab's user. Text frames are keystrokes, except a JSON
 * {@code {"type":"resize","cols":..,"rows":..}}; binary frames are keystrokes too. Output comes
 * back as binary frames. Someone else's lab is refused with close code 4404, and so is a
 * {@code ?host=} that is not a trainee host of the lab.
 */
@WebSocket(path = "/api/labs/{id}/terminal")
@RolesAllowed({Roles.TRAINEE, Roles.INSTRUCTOR})
public class LabTerminalSocket {

  private static final Logger LOG = Logger.getLogger(LabTerminalSocket.class);
  static final List<String> SHELL = List.of("/bin/sh", "-c",
      "if [ -x /bin/bash ]; then exec /bin/bash -l; else exec /bin/sh -l; fi");

  private final LabService labs;
  private final LabBackend backend;
  private final IdentityService identities;
  private final SecurityIdentity identity;
  private final ObjectMapper json;
  private final Map<String, LabBackend.TerminalSession> sessions = new ConcurrentHashMap<>();

  LabTerminalSocket(LabService labs, LabBackend backend, IdentityService identities,
      SecurityIdentity identity, ObjectMapper json) {
    this.labs = labs;
    this.backend = backend;
    this.identities = identities;
    this.identity = identity;
    this.json = json;
  }

  @OnOpen
  void open(WebSocketConnection connection) {
    String id = connection.pathParam("id");
    LabService.Attach attach;
    try {
      TraineeRef me = identities.acting(identity);
      attach = labs.attach(id, me.id(), identity.hasRole(Roles.INSTRUCTOR),
          LabTerminalHost.of(connection));
    } catch (RangeException e) {
      connection.closeAndAwait(new CloseReason(4000 + e.status(), e.getMessage()));
      return;
    }
    try {
      LabBackend.TerminalSession session = backend.openTerminal(attach.container(), attach.user(),
          SHELL, new LabBackend.TerminalSink() {
            @Override
            public void output(byte[] data) {
              connection.sendBinary(Buffer.buffer(data)).subscribe().with(v -> { }, t -> { });
            }

            @Override
            public void closed() {
              sessions.remove(connection.id());
              if (connection.isOpen()) {
                connection.close(new CloseReason(1000, "the terminal ended"))
                    .subscribe().with(v -> { }, t -> { });
              }
            }
          });
      sessions.put(connection.id(), session);
    } catch (LabBackendException e) {
      LOG.warnf("Labs: terminal of %s failed: %s", id, e.getMessage());
      connection.closeAndAwait(new CloseReason(1011, "the terminal could not be opened"));
    }
  }

  @OnTextMessage
  void text(String message, WebSocketConnection connection) {
    LabBackend.TerminalSession session = sessions.get(connection.id());
    if (session == null) {
      return;
    }
    if (message.startsWith("{\"type\"")) {
      try {
        JsonNode node = json.readTree(message);
        if ("resize".equals(node.path("type").asText())) {
          int cols = node.path("cols").asInt(0);
          int rows = node.path("rows").asInt(0);
          if (cols > 0 && rows > 0 && cols <= 1000 && rows <= 1000) {
            session.resize(cols, rows);
          }
          return;
        }
      } catch (Exception notJson) {
        // typed text that merely looks like JSON: pass it on
      }
    }
    session.input(message.getBytes(StandardCharsets.UTF_8));
  }

  @OnBinaryMessage
  void binary(Buffer data, WebSocketConnection connection) {
    LabBackend.TerminalSession session = sessions.get(connection.id());
    if (session != null) {
      session.input(data.getBytes());
    }
  }

  @OnClose
  void close(WebSocketConnection connection) {
    LabBackend.TerminalSession session = sessions.remove(connection.id());
    if (session != null) {
      session.close();
    }
  }
}
