package id.born2control.labs;

import id.born2control.catalog.CatalogService;
import id.born2control.catalog.ChallengeSpec;
import id.born2control.catalog.ChallengeSpec.ScenarioCheck;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Runs one tick of a running lab's scenario checks and stores what each reported: per checker
 * host one request to its runner ({@link CheckerRun}, {@link HostRunnerSessions}), whatever the
 * number of checks and with no engine call, the scripts read from the challenge folder at check
 * time. A checker host that does not answer leaves its checks not checked, never failed.
 */
@ApplicationScoped
class ScenarioChecks {

  private static final Logger LOG = Logger.getLogger(ScenarioChecks.class);

  private final HostRunnerSessions runners;
  private final LabStates states;
  private final CatalogService catalog;

  ScenarioChecks(HostRunnerSessions runners, LabStates states, CatalogService catalog) {
    this.runners = runners;
    this.states = states;
    this.catalog = catalog;
  }

  /** Runs tick {@code tick} of the lab's checks, stores and returns their outcomes. */
  List<CheckerRun.Outcome> runTick(String instanceId, long tick) {
    LabInstance lab = LabStates.tx(() -> LabInstance.findByInstanceId(instanceId)
        .orElseThrow(() -> LabException.notFound(instanceId)));
    ChallengeSpec spec = states.spec(lab);
    if (spec.scenario() == null) {
      return List.of();
    }
    Map<String, List<ScenarioCheck>> byChecker = new LinkedHashMap<>();
    spec.scenario().checks().forEach(c ->
        byChecker.computeIfAbsent(c.from(), k -> new ArrayList<>()).add(c));
    List<CheckerRun.Outcome> outcomes = new ArrayList<>();
    byChecker.forEach((checker, checks) -> outcomes.addAll(lab.state == LabState.RUNNING
        ? run(lab, spec, checker, checks) : notChecked(checks, "the lab is not running")));
    store(instanceId, tick, outcomes);
    return outcomes;
  }

  /**
   * Records a tick the range did not run (it was not leading, restarting, or overloaded) as
   * not checked for every check: never the trainee's failure.
   */
  void recordMissed(String instanceId, ChallengeSpec spec, long tick, String why) {
    store(instanceId, tick, notChecked(spec.scenario().checks(), why));
  }

  /** The text of a scenario script of the challenge folder, read when it is about to run. */
  String script(ChallengeSpec spec, String run) throws IOException {
    return Files.readString(catalog.root().resolve(spec.slug()).resolve(run),
        StandardCharsets.UTF_8);
  }

  private static void store(String instanceId, long tick, List<CheckerRun.Outcome> outcomes) {
    Instant now = Instant.now();
    LabStates.tx(() -> outcomes.forEach(o -> {
      ScenarioCheckResult row = new ScenarioCheckResult();
      row.instanceId = instanceId;
      row.tick = tick;
      row.checkName = o.check();
      row.status = o.status();
      row.reason = o.reason();
      row.checkedAt = now;
      row.persist();
    }));
  }

  private List<CheckerRun.Outcome> run(LabInstance lab, ChallengeSpec spec, String checker,
      List<ScenarioCheck> checks) {
    Map<String, String> scripts = new LinkedHashMap<>();
    try {
      for (ScenarioCheck check : checks) {
        scripts.put(check.name(), script(spec, check.run()));
      }
    } catch (IOException e) {
      LOG.warnf("Labs: the check scripts of %s cannot be read: %s", spec.slug(), e.getMessage());
      return notChecked(checks, "the check scripts cannot be read");
    }
    Duration timeout = Duration.ofSeconds(
        (long) checks.size() * CheckerRun.CHECK_TIMEOUT_SECONDS + 5);
    try {
      return CheckerRun.outcomes(checks, runners.run(lab.instanceId, checker,
          CheckerRun.items(checks, scripts), timeout));
    } catch (LabBackendException | RuntimeException e) {
      LOG.debugf("Labs: checker %s of %s did not run: %s", checker, lab.instanceId,
          e.getMessage());
      return notChecked(checks, "the checker host did not run the checks");
    }
  }

  private static List<CheckerRun.Outcome> notChecked(List<ScenarioCheck> checks, String why) {
    return checks.stream().map(c -> new CheckerRun.Outcome(c.name(),
        ServiceCheckStatus.NOT_CHECKED, why)).toList();
  }
}
