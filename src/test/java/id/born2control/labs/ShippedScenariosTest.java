package id.born2control.labs;

import static id.born2control.scoring.Api.as;
import static id.born2control.scoring.Api.submit;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.born2control.SolutionRun;
import id.born2control.catalog.CatalogEntry;
import id.born2control.catalog.CatalogService;
import id.born2control.catalog.ChallengeSpec.AdversaryStep;
import id.born2control.catalog.ChallengeSpec.ScenarioCheck;
import id.born2control.catalog.ChallengeSpec.ScenarioSpec;
import id.born2control.identity.IdentityService;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;

/**
 * Every shipped live-fire scenario ({@code scenario:} in {@code challenges/}) runs on its own
 * clock against its real adversary, for two trainees at once: one applies the scenario's
 * {@code solution/solve.sh} right after the lab starts (through exec into the hosts they can
 * access, as their terminals would), the other does nothing. From the stored tick results: the
 * defended lab has every check {@code ok} and every adversary step {@code stopped} in every
 * tick after the solution, and scores points; the neglected lab has every adversary step
 * succeed, loses services and loses points. The solution's last line is the scenario's flag.
 */
@QuarkusTest
@Tag("docker")
class ShippedScenariosTest {

  /** Longest wait for the ticks that prove a scenario: every step run twice, on a loaded host. */
  private static final Duration WAIT = Duration.ofMinutes(8);

  @Inject CatalogService catalog;
  @Inject LabService labs;
  @Inject LabImages images;
  @Inject IdentityService identities;

  @AfterAll
  static void nothingLeftBehind() {
    LabTestSupport.stopAllAndAssertClean(
        io.quarkus.arc.Arc.container().instance(LabService.class).get());
  }

  @TestFactory
  Stream<DynamicTest> everyShippedScenarioIsDefendedByItsSolutionAndLostWithoutIt() {
    List<CatalogEntry> scenarios = catalog.all().stream()
        .filter(e -> e.spec().scenario() != null && !e.slug().startsWith("labt-"))
        .sorted((a, b) -> a.slug().compareTo(b.slug()))
        .toList();
    assertFalse(scenarios.isEmpty(), "no live-fire scenario shipped");
    return scenarios.stream().map(e -> DynamicTest.dynamicTest(e.slug(), () -> play(e)));
  }

  private void play(CatalogEntry entry) throws Exception {
    ScenarioSpec scenario = entry.spec().scenario();
    assertNotNull(entry.spec().solution(), entry.slug() + " ships no solution");
    images.ensure(entry).get(20, TimeUnit.MINUTES);
    String defender = "defender-" + entry.slug();
    String defended = LabTestSupport.startRunning(labs, catalog, identities, defender,
        entry.slug());
    LabInstance row = QuarkusTransaction.requiringNew().call(
        () -> LabInstance.findByInstanceId(defended).orElseThrow());
    String flag = SolutionRun.lastLine(entry, LabTestSupport.solutionExec(entry.spec().lab(),
        row), Duration.ofMinutes(3));
    // Ticks that end after this moment see the defense in place: steps and checks of a tick
    // run at its end.
    long firstDefended = ScenarioSchedule.tickAt(row.startedAt, scenario.tickSeconds(),
        Instant.now()) + 1;
    assertTrue(firstDefended <= firstDue(scenario), entry.slug() + ": the solution took until"
        + " tick " + firstDefended + ", after the adversary's first step: nothing would prove"
        + " it defends");
    submit(as(defender, null), entry.slug(), flag).statusCode(200)
        .body("status", equalTo("correct"));

    String bystander = "bystander-" + entry.slug();
    String neglected = LabTestSupport.startRunning(labs, catalog, identities, bystander,
        entry.slug());

    // Every step has had a real run (not "not run") after the defense, and against the lab
    // nobody defends; a tick's score is stored after its steps and checks.
    long lastDefended = awaitTicks(defended, scenario, firstDefended);
    long lastNeglected = awaitTicks(neglected, scenario, 1);

    List<ScenarioStepRun> steps = QuarkusTransaction.requiringNew()
        .call(() -> ScenarioStepRun.ofLab(defended));
    steps.forEach(r -> assertTrue(
        r.outcome != AdversaryOutcome.SUCCEEDED, entry.slug() + ": " + r.stepName + " got"
        + " through the defense in tick " + r.tick + ": " + r.output));
    for (AdversaryStep step : scenario.adversary()) {
      assertTrue(steps.stream().anyMatch(r ->
          r.stepName.equals(step.name()) && r.outcome == AdversaryOutcome.STOPPED),
          entry.slug() + ": " + step.name() + " was never stopped");
    }
    List<ScenarioCheckResult> served = checks(defended, firstDefended, lastDefended);
    assertEquals(scenario.checks().size() * (lastDefended - firstDefended + 1), served.size());
    served.forEach(c -> assertTrue(c.status == ServiceCheckStatus.OK
        || c.status == ServiceCheckStatus.NOT_CHECKED, entry.slug() + ": " + c.checkName
        + " is " + c.status + " in tick " + c.tick + " after the defense: " + c.reason));
    for (ScenarioCheck check : scenario.checks()) {
      assertTrue(served.stream().anyMatch(c -> c.checkName.equals(check.name())
          && c.status == ServiceCheckStatus.OK),
          entry.slug() + ": " + check.name() + " was never ok after the defense");
    }

    // Nobody defends: every step gets through, a service is lost, and the ticks cost points.
    List<ScenarioStepRun> attacks = QuarkusTransaction.requiringNew()
        .call(() -> ScenarioStepRun.ofLab(neglected));
    for (AdversaryStep step : scenario.adversary()) {
      assertTrue(attacks.stream().anyMatch(r -> r.stepName.equals(step.name())
          && r.outcome == AdversaryOutcome.SUCCEEDED), entry.slug() + ": " + step.name()
          + " never got through an undefended lab: " + attacks.stream()
          .filter(r -> r.stepName.equals(step.name())).map(r -> r.output).toList());
    }
    // The damage shows in the checks of the tick the attacks got through, or (an implant's
    // beacon, on its own minute) a tick later.
    long until = System.nanoTime() + WAIT.toNanos();
    Set<String> lost = lost(neglected);
    while (lost.isEmpty() && System.nanoTime() < until) {
      LabTestSupport.sleep(2000);
      lost = lost(neglected);
    }
    assertFalse(lost.isEmpty(), entry.slug() + ": no service was lost without a defense: "
        + checks(neglected, 1, Long.MAX_VALUE).stream().map(c -> c.tick + " " + c.checkName + " "
        + c.status + " " + c.reason).toList());
    lastNeglected = Math.max(lastNeglected, checks(neglected, 1, Long.MAX_VALUE).stream()
        .mapToLong(c -> c.tick).max().orElse(0));

    int won = scoreUntil(defender, defended, lastDefended);
    int neglectedScore = scoreUntil(bystander, neglected, lastNeglected);
    assertTrue(won > 0, entry.slug() + ": the defended lab scored " + won);
    assertTrue(neglectedScore < 0, entry.slug() + ": the neglected lab scored " + neglectedScore
        + " while losing " + lost);

    labs.stop(defended, LabTestSupport.trainee(identities, defender).id(), false);
    labs.stop(neglected, LabTestSupport.trainee(identities, bystander).id(), false);
  }

  /** The first tick in which any adversary step is due. */
  private static long firstDue(ScenarioSpec scenario) {
    for (long tick = 1; ; tick++) {
      if (!ScenarioSchedule.due(scenario.adversary(), scenario.tickSeconds(), tick).isEmpty()) {
        return tick;
      }
    }
  }

  /**
   * Waits until every adversary step has an outcome (stopped or succeeded) in a tick from
   * {@code from} on and the last such tick's checks are stored (after its steps); answers it.
   */
  private static long awaitTicks(String id, ScenarioSpec scenario, long from) {
    long until = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < until) {
      List<ScenarioStepRun> runs = QuarkusTransaction.requiringNew()
          .call(() -> ScenarioStepRun.ofLab(id));
      long ran = scenario.adversary().stream().mapToLong(step -> runs.stream()
          .filter(r -> r.stepName.equals(step.name()) && r.tick >= from
              && r.outcome != AdversaryOutcome.NOT_RUN)
          .mapToLong(r -> r.tick).min().orElse(Long.MAX_VALUE)).max().orElse(from);
      if (ran != Long.MAX_VALUE && QuarkusTransaction.requiringNew().call(() ->
          ScenarioCheckResult.ofTick(id, ran)).size() == scenario.checks().size()) {
        return ran;
      }
      LabTestSupport.sleep(2000);
    }
    throw new AssertionError("the adversary of " + id + " did not run every step within "
        + WAIT + ": " + QuarkusTransaction.requiringNew().call(() -> ScenarioStepRun.ofLab(id))
        .stream().map(r -> r.tick + " " + r.stepName + " " + r.outcome).toList());
  }

  /** The sum of the stored tick scores up to {@code last}, once that tick is scored. */
  private static int scoreUntil(String trainee, String id, long last) {
    long until = System.nanoTime() + Duration.ofMinutes(1).toNanos();
    JsonPath panel = null;
    while (System.nanoTime() < until) {
      panel = as(trainee, null).get("/api/labs/" + id + "/scenario").then().statusCode(200)
          .extract().jsonPath();
      List<Integer> ticks = panel.getList("ticks.tick", Integer.class);
      if (ticks.contains((int) last)) {
        return panel.getList("ticks.findAll { it.tick <= " + last + " }.total", Integer.class)
            .stream().mapToInt(Integer::intValue).sum();
      }
      LabTestSupport.sleep(1000);
    }
    throw new AssertionError("tick " + last + " of " + id + " was not scored: "
        + (panel == null ? "" : panel.prettify()));
  }

  /** The check results stored for ticks {@code from} to {@code to} of a lab. */
  private static List<ScenarioCheckResult> checks(String id, long from, long to) {
    return QuarkusTransaction.requiringNew().call(() -> {
      long last = Math.min(to, ScenarioCheckResult.lastTick(id));
      List<ScenarioCheckResult> all = new ArrayList<>();
      for (long tick = from; tick <= last; tick++) {
        all.addAll(ScenarioCheckResult.ofTick(id, tick));
      }
      return all;
    });
  }

  /** The checks a lab has lost so far: down, faulty or compromised in some tick. */
  private static Set<String> lost(String id) {
    return checks(id, 1, Long.MAX_VALUE).stream().filter(c -> c.status == ServiceCheckStatus.DOWN
        || c.status == ServiceCheckStatus.FAULTY || c.status == ServiceCheckStatus.COMPROMISED)
        .map(c -> c.checkName + " " + c.status).collect(Collectors.toSet());
  }
}
