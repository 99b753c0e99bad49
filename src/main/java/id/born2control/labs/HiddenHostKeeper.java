package id.born2control.labs;

import id.born2control.catalog.ChallengeSpec.AdversaryStep;
import id.born2control.catalog.ChallengeSpec.ScenarioSpec;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Keeps a scenario's hidden hosts (its checkers and adversary hosts) alive: after a tick in which
 * a checker answered for none of its checks or an adversary host ran none of its steps, the host
 * is started again if it died. The tick it missed stays recorded as not checked (not run), never
 * the trainee's failure. Costs an engine call only for a host that did not answer.
 */
@ApplicationScoped
class HiddenHostKeeper {

  private static final Logger LOG = Logger.getLogger(HiddenHostKeeper.class);

  private final LabBackend backend;

  HiddenHostKeeper(LabBackend backend) {
    this.backend = backend;
  }

  /** Starts again the hosts of {@code lab} that did not answer in this tick, if they died. */
  void afterTick(LabInstance lab, ScenarioSpec scenario, List<CheckerRun.Outcome> checks,
      List<AdversaryStep> steps, List<AdversaryOutcome> outcomes) {
    for (String host : silent(scenario, checks, steps, outcomes)) {
      String container = LabTopology.containerName(lab.instanceId, host);
      try {
        if (backend.revive(container)) {
          LOG.infof("Labs: hidden host %s of %s had stopped and was started again", host,
              lab.instanceId);
        }
      } catch (LabBackendException | RuntimeException e) {
        LOG.warnf("Labs: hidden host %s of %s cannot be started again: %s", host,
            lab.instanceId, e.getMessage());
      }
    }
  }

  /** The hidden hosts that answered for nothing of theirs in this tick. */
  static Set<String> silent(ScenarioSpec scenario, List<CheckerRun.Outcome> checks,
      List<AdversaryStep> steps, List<AdversaryOutcome> outcomes) {
    Set<String> answered = new LinkedHashSet<>();
    Set<String> asked = new LinkedHashSet<>();
    for (CheckerRun.Outcome outcome : checks) {
      scenario.checks().stream().filter(c -> c.name().equals(outcome.check())).findFirst()
          .ifPresent(c -> {
            asked.add(c.from());
            if (outcome.status() != ServiceCheckStatus.NOT_CHECKED) {
              answered.add(c.from());
            }
          });
    }
    for (int i = 0; i < steps.size() && i < outcomes.size(); i++) {
      asked.add(steps.get(i).from());
      if (outcomes.get(i) != AdversaryOutcome.NOT_RUN) {
        answered.add(steps.get(i).from());
      }
    }
    asked.removeAll(answered);
    return asked;
  }
}
