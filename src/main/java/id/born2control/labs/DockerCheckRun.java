package id.born2control.labs;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.WaitContainerResultCallback;
import com.github.dockerjava.api.exception.DockerClientException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import id.born2control.labs.LabBackend.CheckProgram;
import id.born2control.labs.LabBackend.ExecResult;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Runs a defense check with the range's own program on one engine: the range's static busybox
 * and the check's script (from the challenge folder) are uploaded through the archive API into a
 * fresh directory of random name, and that busybox runs that script. Its shell runs its own
 * applets before any file of the lab, so nothing of the lab's filesystem interprets the check.
 * Either inside a lab container (as root, for what only the inside shows) or in a probe: a
 * container of the range's own on the lab network that observes the lab from outside and that
 * the trainee has no way into.
 */
final class DockerCheckRun {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int MAX_OUTPUT = 16 * 1024;

  private DockerCheckRun() {}

  /** Runs {@code program} in {@code container} as root, then removes what it copied in. */
  static ExecResult inContainer(DockerClient docker, String container, CheckProgram program,
      Duration timeout) throws LabBackendException {
    String dir = freshDirectory();
    upload(docker, container, dir, program);
    try {
      return DockerExec.run(docker, container, "0", command(dir, program), timeout);
    } finally {
      try {
        DockerExec.run(docker, container, "0", List.of(dir + "/busybox", "rm", "-rf", dir),
            Duration.ofSeconds(10));
      } catch (LabBackendException e) {
        // the lab went away meanwhile: nothing of it is left to clean
      }
    }
  }

  /**
   * Runs {@code program} in a probe container from {@code image} on {@code network}, as nobody
   * with no capability; {@code labels} mark it as the lab's, so removing the lab removes it.
   */
  static ExecResult inProbe(DockerClient docker, String image, String network,
      Map<String, String> labels, String target, CheckProgram program, Duration timeout)
      throws LabBackendException {
    String dir = freshDirectory();
    String id;
    try {
      id = docker.createContainerCmd(image)
          .withLabels(labels)
          .withEntrypoint(command(dir, program))
          .withCmd(List.of())
          .withUser("65534:65534")
          .withEnv("B2C_TARGET=" + target)
          .withHostConfig(HostConfig.newHostConfig()
              .withNetworkMode(network)
              .withMemory(64L * 1024 * 1024)
              .withMemorySwap(64L * 1024 * 1024)
              .withPidsLimit(64L)
              .withNanoCPUs(500_000_000L)
              .withCapDrop(Capability.ALL)
              .withSecurityOpts(List.of("no-new-privileges"))
              .withReadonlyRootfs(false))
          .exec().getId();
    } catch (DockerException | DockerClientException e) {
      throw new LabBackendException("the check probe could not be created: "
          + DockerEngine.clean(e.getMessage()), e);
    }
    try {
      upload(docker, id, dir, program);
      docker.startContainerCmd(id).exec();
      Integer code;
      try (WaitContainerResultCallback wait = docker.waitContainerCmd(id)
          .exec(new WaitContainerResultCallback())) {
        code = wait.awaitStatusCode(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (DockerClientException timedOut) {
        code = null;
      }
      String output = logs(docker, id);
      return code == null ? new ExecResult(-1, output, true) : new ExecResult(code, output, false);
    } catch (IOException | DockerException | DockerClientException e) {
      throw new LabBackendException("the check probe failed: "
          + DockerEngine.clean(e.getMessage()), e);
    } finally {
      DockerEngine.removeQuietly(() ->
          docker.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec());
    }
  }

  private static String freshDirectory() {
    byte[] bytes = new byte[12];
    RANDOM.nextBytes(bytes);
    return "/.b2c-check-" + HexFormat.of().formatHex(bytes);
  }

  /** The range's busybox running the script (or the inline line) with its arguments. */
  private static List<String> command(String dir, CheckProgram program) {
    List<String> command = new ArrayList<>(List.of(dir + "/busybox", "sh"));
    if (program.script() != null) {
      command.add(dir + "/check.sh");
      command.addAll(program.args());
    } else {
      command.add("-c");
      command.add(program.inline());
    }
    return command;
  }

  /** The busybox and the script as a tar, readable and runnable by anyone, owned by root. */
  private static void upload(DockerClient docker, String container, String dir,
      CheckProgram program) throws LabBackendException {
    ByteArrayOutputStream tar = new ByteArrayOutputStream();
    String base = dir.substring(1);
    try (TarArchiveOutputStream out = new TarArchiveOutputStream(tar)) {
      out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      TarArchiveEntry folder = new TarArchiveEntry(base + "/");
      folder.setMode(040755);
      out.putArchiveEntry(folder);
      out.closeArchiveEntry();
      add(out, base + "/busybox", program.busybox(), 0555);
      if (program.script() != null) {
        add(out, base + "/check.sh", program.script().getBytes(StandardCharsets.UTF_8), 0444);
      }
    } catch (IOException e) {
      throw new LabBackendException("the check could not be packed", e);
    }
    try {
      docker.copyArchiveToContainerCmd(container)
          .withRemotePath("/")
          .withTarInputStream(new ByteArrayInputStream(tar.toByteArray()))
          .exec();
    } catch (DockerException | DockerClientException e) {
      throw new LabBackendException("the check could not be copied into the lab: "
          + DockerEngine.clean(e.getMessage()), e);
    }
  }

  private static void add(TarArchiveOutputStream out, String name, byte[] content, int mode)
      throws IOException {
    TarArchiveEntry entry = new TarArchiveEntry(name);
    entry.setSize(content.length);
    entry.setMode(0100000 | mode);
    entry.setIds(0, 0);
    entry.setModTime(System.currentTimeMillis());
    out.putArchiveEntry(entry);
    out.write(content);
    out.closeArchiveEntry();
  }

  private static String logs(DockerClient docker, String id) {
    StringBuilder output = new StringBuilder();
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
    try {
      docker.logContainerCmd(id).withStdOut(true).withStdErr(true).withFollowStream(false)
          .exec(callback).awaitCompletion(10, TimeUnit.SECONDS);
    } catch (NotFoundException gone) {
      // removed meanwhile: no output
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (output) {
      return output.toString();
    }
  }
}
