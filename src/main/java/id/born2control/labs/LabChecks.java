package id.born2control.labs;

import id.born2control.catalog.ChallengeSpec.CheckSpec;
import id.born2control.catalog.ChallengeSpec.LabSpec;
import id.born2control.labs.LabBackend.CheckProgram;
import id.born2control.labs.LabBackend.ExecResult;
import id.born2control.labs.LabBackend.ProbeSite;
import id.born2control.labs.LabViews.CheckReport;
import id.born2control.labs.LabViews.CheckView;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Defense checks: each check of a running lab runs the range's own program (its static busybox
 * and the script of the challenge folder, copied in at check time) from a probe container on the
 * lab's network or as root inside a lab container, within {@code b2c.labs.check-timeout-seconds};
 * nothing of the lab's filesystem interprets a check, and only the exit status the engine
 * reports counts. Runs go through the {@link CheckGate}; every result is stored and each pass
 * fires {@link DefenseCheckPassed} (scoring listens and decides whether it pays).
 */
@ApplicationScoped
class LabChecks {

  private final LabBackend backend;
  private final LabStates states;
  private final LabsConfig config;
  private final Event<DefenseCheckPassed> checkPassed;
  private final StaffVisits staffVisits;
  private final CheckGate gate;
  private volatile byte[] busybox;

  LabChecks(LabBackend backend, LabStates states, LabsConfig config,
      Event<DefenseCheckPassed> checkPassed, StaffVisits staffVisits, CheckGate gate) {
    this.backend = backend;
    this.states = states;
    this.config = config;
    this.checkPassed = checkPassed;
    this.staffVisits = staffVisits;
    this.gate = gate;
  }

  /**
   * Runs every defense check of a running lab on a check worker, records each result and fires
   * passes; refused at once when its checks already run or ran too often.
   */
  CompletionStage<CheckReport> check(String instanceId, long traineeId, boolean anyOwner) {
    LabInstance i = states.ownedOrThrow(instanceId, traineeId, anyOwner);
    if (i.state != LabState.RUNNING) {
      throw LabException.notRunning(instanceId, i.state);
    }
    LabSpec lab = states.spec(i).lab();
    CompletionStage<CheckReport> report = gate.run(instanceId, () -> runAll(i, lab));
    staffVisits.entered(traineeId, i, "check");
    return report;
  }

  private CheckReport runAll(LabInstance i, LabSpec lab) {
    String instanceId = i.instanceId;
    List<CheckView> results = new ArrayList<>();
    for (CheckSpec check : lab.checks()) {
      Duration timeout = Duration.ofSeconds(config.checkTimeoutSeconds());
      ExecResult result;
      try {
        CheckProgram program = new CheckProgram(busybox(), check.scriptContent(),
            check.args() == null ? List.of() : check.args(), check.run());
        result = switch (check.site()) {
          case PROBE -> backend.checkFromProbe(new ProbeSite(instanceId, i.networkId,
              i.targetContainer, i.targetIp), program, timeout);
          case WORKSTATION -> backend.checkInside(i.workstationContainer != null
              ? i.workstationContainer : i.targetContainer, program, timeout);
          case TARGET -> backend.checkInside(i.targetContainer, program, timeout);
        };
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
          checkPassed.fire(new DefenseCheckPassed(i.traineeId, i.teamId, i.challengeSlug, r.name(),
              r.points(), instanceId, at));
        }
      }
    });
    int passed = (int) results.stream().filter(CheckView::passed).count();
    return new CheckReport(instanceId, i.challengeSlug, passed, results.size(), results, at);
  }

  /** The range's static busybox, read once from {@code b2c.labs.check-busybox}. */
  private byte[] busybox() throws LabBackendException {
    byte[] loaded = busybox;
    if (loaded == null) {
      try {
        loaded = Files.readAllBytes(Path.of(config.checkBusybox()));
      } catch (IOException e) {
        throw new LabBackendException("the range's busybox for checks (b2c.labs.check-busybox = "
            + config.checkBusybox() + ") cannot be read: " + e.getMessage(), e);
      }
      busybox = loaded;
    }
    return loaded;
  }

  private static String tail(String s, int max) {
    if (s == null) {
      return "";
    }
    return s.length() <= max ? s : s.substring(s.length() - max);
  }
}
