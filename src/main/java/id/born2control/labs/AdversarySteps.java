package id.born2control.labs;

import id.born2control.catalog.ChallengeSpec;
import id.born2control.catalog.ChallengeSpec.AdversaryStep;
import id.born2control.labs.RunnerProtocol.Answer;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Runs the adversary steps due in one tick of a lab's scenario and stores each run: one request
 * per step to the runner of its hidden {@code from} host ({@link AdversaryRun},
 * {@link HostRunnerSessions}), the script read from the challenge folder at run time. A step its
 * host does not run is not run, never a failure.
 */
@ApplicationScoped
class AdversarySteps {

  private static final Logger LOG = Logger.getLogger(AdversarySteps.class);

  private final HostRunnerSessions runners;
  private final ScenarioChecks checks;

  AdversarySteps(HostRunnerSessions runners, ScenarioChecks checks) {
    this.runners = runners;
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
      Answer answer = runners.run(lab.instanceId, step.from(),
          List.of(AdversaryRun.item(script)),
          Duration.ofSeconds(AdversaryRun.STEP_TIMEOUT_SECONDS + 5)).get(0);
      if (answer == null) {
        return row(lab.instanceId, tick, step, AdversaryOutcome.NOT_RUN,
            "the adversary host did not answer in time");
      }
      return row(lab.instanceId, tick, step, AdversaryRun.outcome(answer.exit()),
          AdversaryRun.output(answer.output()));
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
