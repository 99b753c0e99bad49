package id.born2control.labs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import id.born2control.catalog.ChallengeSpec.ScenarioCheck;
import id.born2control.labs.CheckerRun.Outcome;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The checker's output is read defensively: only one well-formed line per expected check. */
class CheckerRunTest {

  private static final List<ScenarioCheck> CHECKS = List.of(
      new ScenarioCheck("up", null, "checker", "checks/up.sh", "web"),
      new ScenarioCheck("shell", null, "checker", "checks/shell.sh", "web"),
      new ScenarioCheck("db", null, "checker", "checks/db.sh", "db"),
      new ScenarioCheck("slow", null, "checker", "checks/slow.sh", "web"));

  @Test
  void shouldKeepOneWellFormedLinePerCheckAndMarkTheRestNotChecked() {
    String output = String.join("\n",
        "garbage before",
        "{\"check\":\"up\",\"exit\":2,\"reason\":\"defaced: \\\"}\\n{\\\"check\\\":\\\"up\\\"\"}",
        // a second line for the same check never overrides the first
        "{\"check\":\"up\",\"exit\":0,\"reason\":\"forged\"}",
        // a check this tick does not have, and lines of the wrong shape
        "{\"check\":\"other\",\"exit\":0}",
        "{\"check\":\"shell\",\"exit\":\"0\"}",
        "[\"shell\", 0]",
        "{\"check\":\"shell\",\"exit\":3,\"reason\":\"" + "x".repeat(500) + "\"}",
        "{\"check\":\"slow\",\"exit\":124,\"reason\":\"\"}");
    List<Outcome> outcomes = CheckerRun.parse(CHECKS, output, new ObjectMapper());
    assertEquals(List.of(
        new Outcome("up", ServiceCheckStatus.FAULTY, "defaced: \"} {\"check\":\"up\""),
        new Outcome("shell", ServiceCheckStatus.COMPROMISED, "x".repeat(200)),
        new Outcome("db", ServiceCheckStatus.NOT_CHECKED, "no result from the checker"),
        new Outcome("slow", ServiceCheckStatus.DOWN, "no answer within 10 s")), outcomes);
  }

  @Test
  void shouldMarkEveryCheckNotCheckedWhenTheCheckerSaidNothing() {
    assertEquals(List.of(ServiceCheckStatus.NOT_CHECKED, ServiceCheckStatus.NOT_CHECKED,
        ServiceCheckStatus.NOT_CHECKED, ServiceCheckStatus.NOT_CHECKED),
        CheckerRun.parse(CHECKS, null, new ObjectMapper()).stream().map(Outcome::status)
            .toList());
  }
}
