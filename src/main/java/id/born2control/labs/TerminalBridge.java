package id.born2control.labs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * One open terminal of {@link LabTerminalSocket}: the WebSocket, the exec behind it, its lease and
 * its recording. Both directions hold bounded buffers: output waits (and with it the reading of
 * the exec stream) while more than {@value LabTerminalSocket#OUTPUT_BUFFER} bytes are not yet
 * written to the browser, and the WebSocket stops being read while the lab has not read its
 * queued input.
 */
final class TerminalBridge implements LabBackend.TerminalSink {

  private static final Logger LOG = Logger.getLogger(TerminalBridge.class);

  /**
   * What every terminal of an instance works with, held once by {@link LabTerminalSocket}:
   * {@code open} is the instance's open terminals, which a terminal joins when it starts.
   */
  record Parts(LabTerminals terminals, TerminalRecorder recorder, LabBackend backend,
      LabsConfig config, ObjectMapper json, Vertx vertx, Set<TerminalBridge> open) {}

  private final LabTerminals terminals;
  private final TerminalRecorder recorder;
  private final LabBackend backend;
  private final LabsConfig config;
  private final ObjectMapper json;
  private final Vertx vertx;
  private final Set<TerminalBridge> open;
  private final ServerWebSocket socket;
  private final LabTerminals.Slot slot;
  private final Context context;
  private final Object lock = new Object();
  private long unwritten;
  private boolean ended;
  private final TerminalCast cast;
  private volatile LabBackend.TerminalSession session;
  volatile long leaseUntil;
  volatile long storedAt;

  TerminalBridge(ServerWebSocket socket, LabTerminals.Slot slot, Parts parts) {
    this.terminals = parts.terminals();
    this.recorder = parts.recorder();
    this.backend = parts.backend();
    this.config = parts.config();
    this.json = parts.json();
    this.vertx = parts.vertx();
    this.open = parts.open();
    this.socket = socket;
    this.slot = slot;
    this.context = vertx.getOrCreateContext();
    this.leaseUntil = System.currentTimeMillis() + config.terminalLease().toMillis();
    this.storedAt = System.currentTimeMillis();
    this.cast = new TerminalCast(config.terminalRecordingMax().asLongValue(), System.nanoTime(),
        TerminalRecorder.WIDTH, TerminalRecorder.HEIGHT);
  }

  /** Stores a chunk of recorded events on a worker (null: nothing to store yet). */
  private void store(TerminalCast.Chunk chunk) {
    if (chunk == null) {
      return;
    }
    storedAt = System.currentTimeMillis();
    vertx.executeBlocking(() -> {
      recorder.append(slot.recordingId(), chunk);
      return null;
    }, false).onFailure(e -> LOG.warnf("Labs: a recording chunk of %s was not stored: %s",
        slot.grant().instanceId(), e.toString()));
  }

  void storePending() {
    store(cast.rest());
  }

  void start() {
    open.add(this);
    socket.pause();
    socket.closeHandler(v -> end(1000, null));
    socket.exceptionHandler(e -> end(1011, null));
    socket.textMessageHandler(this::text);
    socket.binaryMessageHandler(data -> input(data.getBytes()));
    vertx.executeBlocking(() -> backend.openTerminal(slot.attach().container(),
        slot.attach().user(), LabTerminalSocket.SHELL, this), false).onComplete(opened -> {
          if (opened.failed()) {
            LOG.warnf("Labs: terminal of %s failed: %s", slot.grant().instanceId(),
                opened.cause().getMessage());
            end(1011, "the terminal could not be opened");
            return;
          }
          session = opened.result();
          synchronized (lock) {
            if (ended) {
              session.close();
              return;
            }
          }
          socket.resume();
        });
  }

  private void text(String message) {
    if (message.startsWith("{\"type\"")) {
      try {
        JsonNode node = json.readTree(message);
        String type = node.path("type").asText();
        if ("resize".equals(type)) {
          int cols = node.path("cols").asInt(0);
          int rows = node.path("rows").asInt(0);
          if (cols > 0 && rows > 0 && cols <= 1000 && rows <= 1000 && session != null) {
            session.resize(cols, rows);
            store(cast.resize(cols, rows, System.nanoTime()));
          }
          return;
        }
        if ("renew".equals(type)) {
          String ticket = node.path("ticket").asText();
          vertx.executeBlocking(() -> terminals.renews(slot, ticket), false)
              .onSuccess(renewed -> {
                if (renewed) {
                  leaseUntil = System.currentTimeMillis() + config.terminalLease().toMillis();
                }
              });
          return;
        }
      } catch (Exception notJson) {
        // typed text that merely looks like JSON: pass it on
      }
    }
    input(message.getBytes(StandardCharsets.UTF_8));
  }

  /** Keystrokes to the lab; the socket is not read while the lab's input queue is full. */
  private void input(byte[] data) {
    LabBackend.TerminalSession current = session;
    if (current == null) {
      return;
    }
    store(cast.input(data, System.nanoTime()));
    if (!current.input(data)) {
      socket.pause();
    }
  }

  @Override
  public void inputRoom() {
    context.runOnContext(v -> socket.resume());
  }

  /** On the exec stream's reader: waits while the browser has not taken earlier output. */
  @Override
  public void output(byte[] data) {
    synchronized (lock) {
      try {
        while (unwritten > LabTerminalSocket.OUTPUT_BUFFER && !ended) {
          lock.wait(1000);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt(); // the stream is being closed
        return;
      }
      if (ended) {
        return;
      }
      unwritten += data.length;
    }
    store(cast.output(data, System.nanoTime()));
    socket.writeBinaryMessage(Buffer.buffer(data)).onComplete(written -> {
      synchronized (lock) {
        unwritten -= data.length;
        lock.notifyAll();
      }
    });
  }

  @Override
  public void closed() {
    end(1000, "the terminal ended");
  }

  /** Ends the terminal once: closes the exec and the socket, gives the slot back. */
  void end(int code, String reason) {
    synchronized (lock) {
      if (ended) {
        return;
      }
      ended = true;
      lock.notifyAll();
    }
    open.remove(this);
    terminals.release(slot);
    TerminalCast.Chunk rest = cast.rest();
    vertx.executeBlocking(() -> {
      if (rest != null) {
        recorder.append(slot.recordingId(), rest);
      }
      recorder.finish(slot.recordingId(), cast);
      return null;
    }, false).onFailure(e -> LOG.warnf("Labs: the recording of a terminal of %s was not"
        + " finished: %s", slot.grant().instanceId(), e.toString()));
    LabBackend.TerminalSession current = session;
    if (current != null) {
      vertx.executeBlocking(() -> {
        current.close();
        return null;
      }, false);
    }
    if (!socket.isClosed()) {
      socket.close((short) code, reason);
    }
  }
}
