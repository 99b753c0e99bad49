package id.born2control.labs;

import id.born2control.catalog.ChallengeSpec;
import id.born2control.catalog.ChallengeSpec.AdversaryStep;
import id.born2control.labs.LabBackend.ExecResult;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Runs the adversary steps due in one tick of a lab's scenario and stores each run: one command
 * per step in its hidden {@code from} host ({@link AdversaryRun}), the script read from the
 * challenge folder at run time. A step its host does not run is not run, never a failure.
 */
@ApplicationScoped
class AdversarySteps {

  private static final Logger LOG = Logger.getLogger(AdversarySteps.class);

  private final LabBackend backend;
  private final ScenarioChecks checks;

  AdversarySteps(LabBackend backend, ScenarioChecks checks) {
    this.backend = backend;
    this.checks = checks;
  }

  /** Runs {@code steps} in a running lab at tick {@code tick}; stores and returns outcomes. */
  List<AdversaryOutcome> run(LabInstance lab, ChallengeSpec spec, long tick,
      List<AdversaryStep> steps) {
    List<ScenarioStepRun> runs = new ArrayList<>();
    for (AdversaryStep step : steps) {
      runs.add(lab.state == LabState.RUNNING ? runOne(lab, spec, tick, step)
          : row(lab.instanceId, tick, step, AdversaryOutcome.NOT_RUN, "the lab is not running"));
    }
    store(runs);
    return runs.stream().map(r -> r.outcome).toList();
  }

  /** Records steps due in a tick the range did not run as not run. */
  void recordMissed(String instanceId, long tick, List<AdversaryStep> steps, String why) {
    store(steps.stream().map(s -> row(instanceId, tick, s, AdversaryOutcome.NOT_RUN, why))
        .toList());
  }

  private ScenarioStepRun runOne(LabInstance lab, ChallengeSpec spec, long tick,
      AdversaryStep step) {
    String script;
    try {
      script = checks.script(spec, step.run());
    } catch (IOException e) {
      LOG.warnf("Labs: adversary script %s of %s cannot be read: %s", step.run(), spec.slug(),
          e.getMessage());
      return row(lab.instanceId, tick, step, AdversaryOutcome.NOT_RUN,
          "the step's script cannot be read");
    }
    try {
      ExecResult result = backend.exec(LabTopology.containerName(lab.instanceId, step.from()),
          "0", AdversaryRun.command(script),
          Duration.ofSeconds(AdversaryRun.STEP_TIMEOUT_SECONDS + 5));
      if (result.timedOut()) {
        return row(lab.instanceId, tick, step, AdversaryOutcome.NOT_RUN,
            "the adversary host did not answer in time");
      }
      return row(lab.instanceId, tick, step, AdversaryRun.outcome(result.exitCode()),
          AdversaryRun.output(result.output()));
    } catch (LabBackendException | RuntimeException e) {
      LOG.debugf("Labs: adversary step %s of %s did not run: %s", step.name(), lab.instanceId,
          e.getMessage());
      return row(lab.instanceId, tick, step, AdversaryOutcome.NOT_RUN,
          "the adversary host did not run the step");
    }
  }

  private static ScenarioStepRun row(String instanceId, long tick, AdversaryStep step,
      AdversaryOutcome outcome, String output) {
    ScenarioStepRun row = new ScenarioStepRun();
    row.instanceId = instanceId;
    row.tick = tick;
    row.stepName = step.name();
    row.technique = step.technique();
    row.outcome = outcome;
    row.output = output;
    row.ranAt = Instant.now();
    return row;
  }

  private static void store(List<ScenarioStepRun> runs) {
    if (!runs.isEmpty()) {
      LabStates.tx(() -> runs.forEach(r -> r.persist()));
    }
  }
}
