package id.born2control.labs;

import com.fasterxml.jackson.databind.ObjectMapper;
import id.born2control.labs.LabBackend.RunnerSession;
import id.born2control.labs.LabBackend.RunnerSink;
import id.born2control.labs.RunnerProtocol.Answer;
import id.born2control.labs.RunnerProtocol.Item;
import id.born2control.labs.RunnerProtocol.Reply;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * One hidden host's long-lived runner ({@link RunnerProtocol}) as the range sees it: requests
 * are written to its stdin one at a time and its output stream is followed. The output is not
 * trusted and bounded: a line longer than {@link #LINE_MAX} is dropped, more than
 * {@link #budget} bytes after a request closes the runner (a flood never piles up in the range),
 * and only the first answer per script of the current request's random id counts. A runner that
 * closed, or did not end its answer in time, is closed for good: its caller opens another.
 */
final class HostRunner implements RunnerSink {

  /** Longest line kept: an answer carries at most 4 KiB of output in base64. */
  static final int LINE_MAX = 8 * 1024;
  private static final SecureRandom IDS = new SecureRandom();

  private final ObjectMapper json;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream();
  private RunnerSession session;
  private boolean closed;
  private boolean overlong;
  private long read;
  private long allowed = LINE_MAX;
  private String request;
  private Answer[] answers;
  private boolean ended;

  HostRunner(ObjectMapper json) {
    this.json = json;
  }

  /** Takes the engine's session once it is open (its output may already have come). */
  synchronized void attach(RunnerSession session) {
    this.session = session;
    if (closed) {
      session.close();
    }
  }

  synchronized boolean isClosed() {
    return closed;
  }

  /**
   * Runs {@code items} and answers in their order (null: the runner answered nothing for it),
   * or throws when the runner closed or did not end its answer within {@code timeout}: it is
   * closed then.
   */
  List<Answer> run(List<Item> items, Duration timeout) throws LabBackendException {
    synchronized (this) {
      // one request at a time: a second caller waits for the first's answer or its timeout
      long deadline = System.nanoTime() + timeout.toNanos();
      while (request != null && !closed) {
        if (System.nanoTime() >= deadline) {
          throw new LabBackendException("the host's runner is busy with another request");
        }
        waitUntil(deadline);
      }
      if (closed) {
        throw new LabBackendException("the host's runner is closed");
      }
      String id = HexFormat.of().formatHex(random());
      request = id;
      answers = new Answer[items.size()];
      ended = false;
      read = 0;
      allowed = budget(items.size());
      session.send(RunnerProtocol.request(id, items));
      try {
        while (!ended && !closed && System.nanoTime() < deadline) {
          waitUntil(deadline);
        }
        if (!ended) {
          close();
          throw new LabBackendException(closed && System.nanoTime() < deadline
              ? "the host's runner stopped" : "the host's runner did not answer in time");
        }
        return Arrays.asList(answers.clone());
      } finally {
        request = null;
        answers = null;
        notifyAll();
      }
    }
  }

  /** Bytes a request's answer may take: every line at its longest, and some. */
  static long budget(int items) {
    return (long) (items + 4) * LINE_MAX;
  }

  @Override
  public synchronized void output(byte[] data) {
    if (closed) {
      return;
    }
    read += data.length;
    if (read > allowed) {
      close();
      return;
    }
    for (byte b : data) {
      if (b == '\n') {
        if (!overlong) {
          take(line.toString(StandardCharsets.UTF_8));
        }
        line.reset();
        overlong = false;
      } else if (!overlong) {
        if (line.size() >= LINE_MAX) {
          line.reset();
          overlong = true;
        } else {
          line.write(b);
        }
      }
    }
  }

  @Override
  public synchronized void closed() {
    closed = true;
    notifyAll();
  }

  /** Closes the session: the runner's stdin ends, so does the loop. */
  synchronized void close() {
    closed = true;
    line.reset();
    if (session != null) {
      session.close();
    }
    notifyAll();
  }

  private void take(String text) {
    Reply reply = RunnerProtocol.parse(text, json);
    if (reply == null || request == null || !request.equals(reply.request())) {
      return;
    }
    if (reply.end()) {
      ended = true;
      notifyAll();
    } else if (reply.index() >= 0 && reply.index() < answers.length
        && answers[reply.index()] == null) {
      answers[reply.index()] = reply.answer();
    }
  }

  private void waitUntil(long deadline) throws LabBackendException {
    long left = deadline - System.nanoTime();
    if (left <= 0) {
      return;
    }
    try {
      wait(Math.max(1, left / 1_000_000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LabBackendException("interrupted while waiting for the host's runner", e);
    }
  }

  private static byte[] random() {
    byte[] id = new byte[12];
    IDS.nextBytes(id);
    return id;
  }
}
