package id.born2control.labs;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.exception.DockerClientException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import id.born2control.labs.LabBackend.ExecResult;
import id.born2control.labs.LabBackend.RunnerSession;
import id.born2control.labs.LabBackend.RunnerSink;
import id.born2control.labs.LabBackend.TerminalSession;
import id.born2control.labs.LabBackend.TerminalSink;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Commands in a lab container through the engine's exec API: one run to completion with its
 * output (defense checks, solutions), an interactive TTY (the browser terminal), or a
 * long-lived runner fed through its stdin (a hidden host's scenario scripts).
 */
final class DockerExec {

  private static final Logger LOG = Logger.getLogger(DockerExec.class);
  private static final int MAX_OUTPUT = 16 * 1024;
  /** Keystrokes a terminal queues for the lab before its sender must wait. */
  static final int INPUT_QUEUE = 64 * 1024;

  private DockerExec() {}

  /** Runs {@code command} as {@code user} within {@code timeout}; output is truncated. */
  static ExecResult run(DockerClient docker, String container, String user, List<String> command,
      Duration timeout) throws LabBackendException {
    StringBuilder output = new StringBuilder();
    String execId;
    try {
      execId = docker.execCreateCmd(container)
          .withUser(user)
          .withCmd(command.toArray(String[]::new))
          .withAttachStdout(true)
          .withAttachStderr(true)
          .exec().getId();
      ResultCallback.Adapter<Frame> callback = new ResultCallback.Adapter<>() {
        @Override
        public void onNext(Frame frame) {
          synchronized (output) {
            if (output.length() < MAX_OUTPUT) {
              output.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
            }
          }
        }
      };
      docker.execStartCmd(execId).exec(callback);
      boolean done = callback.awaitCompletion(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (!done) {
        callback.close();
        return new ExecResult(-1, text(output), true);
      }
      Long code = docker.inspectExecCmd(execId).exec().getExitCodeLong();
      return new ExecResult(code == null ? -1 : code.intValue(), text(output), false);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LabBackendException("interrupted while running a command in the lab", e);
    } catch (IOException | DockerException | DockerClientException e) {
      throw new LabBackendException("the command could not run in the lab: "
          + DockerEngine.clean(e.getMessage()), e);
    }
  }

  private static String text(StringBuilder output) {
    synchronized (output) {
      return output.length() > MAX_OUTPUT ? output.substring(0, MAX_OUTPUT) : output.toString();
    }
  }

  /** Opens an interactive TTY running {@code command} as {@code user}; output goes to sink. */
  static TerminalSession terminal(DockerClient docker, String container, String user,
      List<String> command, TerminalSink sink) throws LabBackendException {
    try {
      String execId = docker.execCreateCmd(container)
          .withUser(user)
          .withTty(true)
          .withAttachStdin(true)
          .withAttachStdout(true)
          .withAttachStderr(true)
          .withEnv(List.of("TERM=xterm-256color"))
          .withCmd(command.toArray(String[]::new))
          .exec().getId();
      QueueInputStream stdin = new QueueInputStream(sink::inputRoom);
      Forward callback = new Forward(frame -> sink.output(frame.getPayload()), sink::closed);
      docker.execStartCmd(execId).withTty(true).withStdIn(stdin).exec(callback);
      return new TerminalSession() {
        @Override
        public boolean input(byte[] data) {
          return stdin.offer(data);
        }

        @Override
        public void resize(int cols, int rows) {
          try {
            docker.resizeExecCmd(execId).withSize(rows, cols).exec();
          } catch (DockerException | DockerClientException e) {
            LOG.debugf("Labs: terminal resize failed: %s", e.getMessage());
          }
        }

        @Override
        public void close() {
          callback.close(stdin);
        }
      };
    } catch (DockerException | DockerClientException e) {
      throw new LabBackendException("the terminal could not be opened: "
          + DockerEngine.clean(e.getMessage()), e);
    }
  }

  /**
   * Opens {@code command} as {@code user} with stdin attached and no TTY; its stdout goes to
   * sink (stderr is not attached). Two threads of the client serve it (the stream's reader and
   * the stdin writer) until it is closed or the command exits.
   */
  static RunnerSession runner(DockerClient docker, String container, String user,
      List<String> command, RunnerSink sink) throws LabBackendException {
    try {
      String execId = docker.execCreateCmd(container)
          .withUser(user)
          .withAttachStdin(true)
          .withAttachStdout(true)
          .withAttachStderr(false)
          .withCmd(command.toArray(String[]::new))
          .exec().getId();
      QueueInputStream stdin = new QueueInputStream(() -> { });
      Forward callback = new Forward(frame -> {
        if (frame.getStreamType() != StreamType.STDERR) {
          sink.output(frame.getPayload());
        }
      }, sink::closed);
      docker.execStartCmd(execId).withStdIn(stdin).exec(callback);
      return new RunnerSession() {
        @Override
        public void send(byte[] data) {
          stdin.offer(data);
        }

        @Override
        public void close() {
          callback.close(stdin);
        }
      };
    } catch (DockerException | DockerClientException e) {
      throw new LabBackendException("the runner could not be opened: "
          + DockerEngine.clean(e.getMessage()), e);
    }
  }

  /**
   * Follows an open exec's stream: hands each frame on and tells its sink once that the stream
   * ended, whether the engine ended it or the range closed it.
   */
  private static final class Forward extends ResultCallback.Adapter<Frame> {

    private final Consumer<Frame> frames;
    private final Runnable ended;
    private final AtomicBoolean done = new AtomicBoolean();

    Forward(Consumer<Frame> frames, Runnable ended) {
      this.frames = frames;
      this.ended = ended;
    }

    @Override
    public void onNext(Frame frame) {
      frames.accept(frame);
    }

    @Override
    public void onComplete() {
      super.onComplete();
      end();
    }

    @Override
    public void onError(Throwable throwable) {
      super.onError(throwable);
      end();
    }

    /** Ends the exec's stdin and stream from the range's side. */
    void close(QueueInputStream stdin) {
      stdin.close();
      try {
        close();
      } catch (IOException e) {
        // closing a finished stream
      }
      end();
    }

    private void end() {
      if (done.compareAndSet(false, true)) {
        ended.run();
      }
    }
  }

  /**
   * A blocking input stream fed with chunks; the terminal's stdin. It holds about
   * {@value #INPUT_QUEUE} bytes: past that, {@link #offer} answers false and {@code room} runs
   * once the lab has read it down to half.
   */
  private static final class QueueInputStream extends InputStream {
    private static final byte[] EOF = new byte[0];
    private final java.util.concurrent.LinkedBlockingQueue<byte[]> queue =
        new java.util.concurrent.LinkedBlockingQueue<>();
    private final java.util.concurrent.atomic.AtomicLong queued =
        new java.util.concurrent.atomic.AtomicLong();
    private final AtomicBoolean full = new AtomicBoolean();
    private final Runnable room;
    private byte[] current;
    private int pos;

    QueueInputStream(Runnable room) {
      this.room = room;
    }

    boolean offer(byte[] data) {
      if (data.length > 0) {
        queue.offer(data.clone());
        if (queued.addAndGet(data.length) >= INPUT_QUEUE) {
          full.set(true);
          return false;
        }
      }
      return true;
    }

    @Override
    public void close() {
      queue.offer(EOF);
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (current == null || pos >= current.length) {
        try {
          current = queue.take();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return -1;
        }
        pos = 0;
        if (current == EOF) {
          queue.offer(EOF);
          return -1;
        }
      }
      int n = Math.min(len, current.length - pos);
      System.arraycopy(current, pos, b, off, n);
      pos += n;
      if (queued.addAndGet(-n) <= INPUT_QUEUE / 2 && full.compareAndSet(true, false)) {
        room.run();
      }
      return n;
    }
  }
}
