package id.born2control.labs;

import id.born2control.catalog.ChallengeSpec.CheckSpec;
import id.born2control.catalog.ChallengeSpec.LabSpec;
import id.born2control.catalog.ChallengeSpec.TerminalTarget;
import id.born2control.labs.LabBackend.ExecResult;
import id.born2control.labs.LabViews.CheckReport;
import id.born2control.labs.LabViews.CheckView;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Defense checks: each check of a running lab runs as root in its container within
 * {@code b2c.labs.check-timeout-seconds}; every result is stored and each pass fires
 * {@link DefenseCheckPassed} (scoring listens).
 */
@ApplicationScoped
class LabChecks {

  private final LabBackend backend;
  private final LabStates states;
  private final LabsConfig config;
  private final Event<DefenseCheckPassed> checkPassed;
  private final StaffVisits staffVisits;

  LabChecks(LabBackend backend, LabStates states, LabsConfig config,
      Event<DefenseCheckPassed> checkPassed, StaffVisits staffVisits) {
    this.backend = backend;
    this.states = states;
    this.config = config;
    this.checkPassed = checkPassed;
    this.staffVisits = staffVisits;
  }

  /** Runs every defense check of a running lab, records each result and fires passes. */
  CheckReport check(String instanceId, long traineeId, boolean anyOwner) {
    LabInstance i = LabStates.ownedOrThrow(instanceId, traineeId, anyOwner);
    if (i.state != LabState.RUNNING) {
      throw LabException.notRunning(instanceId, i.state);
    }
    staffVisits.entered(traineeId, i, "check");
    LabSpec lab = states.spec(i).lab();
    List<CheckView> results = new ArrayList<>();
    for (CheckSpec check : lab.checks()) {
      String container = check.in() == TerminalTarget.WORKSTATION && i.workstationContainer != null
          ? i.workstationContainer : i.targetContainer;
      ExecResult result;
      try {
        result = backend.exec(container, "0", List.of("/bin/sh", "-c", check.run()),
            Duration.ofSeconds(config.checkTimeoutSeconds()));
      } catch (LabBackendException e) {
        result = new ExecResult(-1, e.getMessage(), false);
      }
      String output = result.timedOut()
          ? "the check did not finish within " + config.checkTimeoutSeconds() + " seconds"
          : tail(result.output(), 2000);
      results.add(new CheckView(check.name(), check.description(), result.exitCode() == 0
          && !result.timedOut(), check.points(), result.exitCode(), output));
    }
    Instant at = Instant.now();
    QuarkusTransaction.requiringNew().run(() -> {
      for (CheckView r : results) {
        LabCheckResult row = new LabCheckResult();
        row.instanceId = instanceId;
        row.traineeId = i.traineeId;
        row.challengeSlug = i.challengeSlug;
        row.checkName = r.name();
        row.passed = r.passed();
        row.exitCode = r.exitCode();
        row.output = tail(r.output(), 4000);
        row.checkedAt = at;
        row.persist();
        if (r.passed()) {
          checkPassed.fire(new DefenseCheckPassed(i.traineeId, i.challengeSlug, r.name(),
              r.points(), instanceId, at));
        }
      }
    });
    int passed = (int) results.stream().filter(CheckView::passed).count();
    return new CheckReport(instanceId, i.challengeSlug, passed, results.size(), results, at);
  }

  private static String tail(String s, int max) {
    if (s == null) {
      return "";
    }
    return s.length() <= max ? s : s.substring(s.length() - max);
  }
}
