package id.born2control.labs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import id.born2control.catalog.ChallengeSpec.ScenarioCheck;
import id.born2control.labs.CheckerRun.Outcome;
import id.born2control.labs.RunnerProtocol.Answer;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A check's outcome comes from its runner's answer alone; without one it is not checked. */
class CheckerRunTest {

  private static final List<ScenarioCheck> CHECKS = List.of(
      new ScenarioCheck("up", null, "checker", "checks/up.sh", "web"),
      new ScenarioCheck("shell", null, "checker", "checks/shell.sh", "web"),
      new ScenarioCheck("db", null, "checker", "checks/db.sh", "db"),
      new ScenarioCheck("slow", null, "checker", "checks/slow.sh", "web"),
      new ScenarioCheck("broken", null, "checker", "checks/broken.sh", "web"));

  @Test
  void shouldTakeEachChecksLastLineBoundedAndMarkTheUnansweredNotChecked() {
    List<Outcome> outcomes = CheckerRun.outcomes(CHECKS, Arrays.asList(
        new Answer(2, "{\"check\":\"shell\",\"exit\":3}\ndefaced: \"}\u0007 x\n\n"),
        new Answer(3, "x".repeat(500) + "\n"),
        null,
        new Answer(124, "late"),
        new Answer(9, "oops")));
    assertEquals(List.of(
        new Outcome("up", ServiceCheckStatus.FAULTY, "defaced: \"} x"),
        new Outcome("shell", ServiceCheckStatus.COMPROMISED, "x".repeat(200)),
        new Outcome("db", ServiceCheckStatus.NOT_CHECKED, "no result from the checker"),
        new Outcome("slow", ServiceCheckStatus.DOWN, "no answer within 10 s"),
        new Outcome("broken", ServiceCheckStatus.NOT_CHECKED,
            "the check failed to run (exit 9)")), outcomes);
  }

  @Test
  void shouldMarkEveryCheckNotCheckedWhenTheRunnerAnsweredNothing() {
    assertEquals(List.of(ServiceCheckStatus.NOT_CHECKED, ServiceCheckStatus.NOT_CHECKED,
        ServiceCheckStatus.NOT_CHECKED, ServiceCheckStatus.NOT_CHECKED,
        ServiceCheckStatus.NOT_CHECKED),
        CheckerRun.outcomes(CHECKS, List.of()).stream().map(Outcome::status).toList());
  }
}
