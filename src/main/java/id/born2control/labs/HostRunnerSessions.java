package id.born2control.labs;

import com.fasterxml.jackson.databind.ObjectMapper;
import id.born2control.labs.RunnerProtocol.Answer;
import id.born2control.labs.RunnerProtocol.Item;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The open runners of the labs' hidden hosts (checkers and adversary hosts): one engine exec per
 * host, opened the first time a tick needs it and kept, so a tick costs no engine call at all.
 * A runner that failed (its host died, its stream ended, it did not answer in time) is
 * forgotten and the next tick opens another. Runners are closed when their lab no longer runs,
 * when this range stops leading, and on shutdown.
 */
@ApplicationScoped
class HostRunnerSessions {

  private record Key(String instanceId, String host) {}

  private final LabBackend backend;
  private final ObjectMapper json;
  private final Map<Key, HostRunner> open = new ConcurrentHashMap<>();

  HostRunnerSessions(LabBackend backend, ObjectMapper json) {
    this.backend = backend;
    this.json = json;
  }

  /**
   * Runs {@code items} in a lab's hidden {@code host} as root and answers in their order
   * (null: none came for it); throws when the host's runner cannot be opened, stopped or did not
   * answer within {@code timeout}.
   */
  List<Answer> run(String instanceId, String host, List<Item> items, Duration timeout)
      throws LabBackendException {
    Key key = new Key(instanceId, host);
    HostRunner runner = open.get(key);
    if (runner == null || runner.isClosed()) {
      runner = openRunner(key, runner);
    }
    try {
      return runner.run(items, timeout);
    } catch (LabBackendException e) {
      open.remove(key, runner);
      throw e;
    }
  }

  /** Closes the runners of labs not in {@code running}. */
  void retainLabs(Set<String> running) {
    open.keySet().stream().filter(k -> !running.contains(k.instanceId())).toList()
        .forEach(this::close);
  }

  /** Closes every runner: this range no longer runs ticks. */
  void closeAll() {
    List.copyOf(open.keySet()).forEach(this::close);
  }

  void onStop(@Observes ShutdownEvent event) {
    closeAll();
  }

  private HostRunner openRunner(Key key, HostRunner failed) throws LabBackendException {
    HostRunner runner = new HostRunner(json);
    runner.attach(backend.openRunner(LabTopology.containerName(key.instanceId(), key.host()),
        "0", RunnerProtocol.command(), runner));
    HostRunner raced = failed != null && open.replace(key, failed, runner) ? null
        : open.putIfAbsent(key, runner);
    if (raced != null && !raced.isClosed()) {
      runner.close(); // another caller opened one meanwhile: one runner per host
      return raced;
    }
    if (raced != null) {
      open.replace(key, raced, runner);
    }
    return runner;
  }

  private void close(Key key) {
    HostRunner runner = open.remove(key);
    if (runner != null) {
      runner.close();
    }
  }
}
