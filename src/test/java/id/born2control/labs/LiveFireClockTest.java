package id.born2control.labs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import id.born2control.catalog.ChallengeSpec.AdversaryStep;
import id.born2control.catalog.ChallengeSpec.ScenarioCheck;
import id.born2control.catalog.ChallengeSpec.ScenarioPoints;
import id.born2control.catalog.ChallengeSpec.ScenarioSpec;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The live-fire clock worked out by hand: an exercise from 10:00:00 to 10:01:00 with 5 s ticks
 * has ticks 1..12; a lab that started at 10:00:23 (late) and one at 09:59:58 are on the same
 * tick at the same moment, and neither counts a tick past 10:01:00. And which hidden hosts a
 * tick shows silent (so they are started again).
 */
class LiveFireClockTest {

  private static final Instant START = Instant.parse("2026-03-01T10:00:00Z");
  private static final Instant END = START.plusSeconds(60);

  @Test
  void shouldPutEveryLabOfAnExerciseOnTheSameTicks() {
    LabInstance early = lab(START.minusSeconds(2));
    LabInstance late = lab(START.plusSeconds(23));
    Instant now = START.plusSeconds(31);
    assertEquals(6, tick(early, now));
    assertEquals(6, tick(late, now));
    assertEquals(START, late.clockOrigin());
  }

  @Test
  void shouldCountNoTickAfterTheExerciseEnds() {
    LabInstance lab = lab(START.plusSeconds(1));
    assertEquals(11, tick(lab, END.minusMillis(1)));
    assertEquals(12, tick(lab, END));
    assertEquals(12, tick(lab, END.plusSeconds(600)));
  }

  @Test
  void shouldKeepTheLabsUntilEveryLastTickRanWhateverTheDebrief() {
    // The last tick is run up to 10 s (the longest phase) after the end, then given 10 s.
    LiveFire fire = new LiveFire();
    fire.endsAt = END;
    fire.debriefSeconds = 0;
    assertEquals(END.plusSeconds(20), fire.removeAt());
    fire.debriefSeconds = 1800;
    assertEquals(END.plusSeconds(1800), fire.removeAt());
  }

  @Test
  void shouldCountALabOutsideAnExerciseFromItsOwnStart() {
    LabInstance lab = new LabInstance();
    lab.startedAt = START.plusSeconds(23);
    assertEquals(1, ScenarioSchedule.tickAt(lab.clockOrigin(), 5,
        lab.clockLimit(START.plusSeconds(30))));
  }

  @Test
  void shouldTellTheHiddenHostsThatAnsweredNothingInATick() {
    ScenarioSpec scenario = new ScenarioSpec(5, List.of(
        new ScenarioCheck("web-up", null, "checker", "checks/up.sh", "web"),
        new ScenarioCheck("db-up", null, "checker", "checks/db.sh", "db"),
        new ScenarioCheck("mail-up", null, "probe", "checks/mail.sh", "mail")),
        List.of(), ScenarioPoints.DEFAULT);
    AdversaryStep brute = new AdversaryStep("brute", "T1110.001", null, 5L, "attacker", "a.sh");
    AdversaryStep scan = new AdversaryStep("scan", "T1046", 0L, null, "scanner", "s.sh");
    List<CheckerRun.Outcome> checks = List.of(
        new CheckerRun.Outcome("web-up", ServiceCheckStatus.NOT_CHECKED, "no answer"),
        new CheckerRun.Outcome("db-up", ServiceCheckStatus.NOT_CHECKED, "no answer"),
        new CheckerRun.Outcome("mail-up", ServiceCheckStatus.DOWN, "refused"));
    // The checker answered for neither check, the probe did (a service down is an answer);
    // the attacker ran its step (stopped), the scanner did not.
    assertEquals(Set.of("checker", "scanner"), HiddenHostKeeper.silent(scenario, checks,
        List.of(brute, scan), List.of(AdversaryOutcome.STOPPED, AdversaryOutcome.NOT_RUN)));
    assertEquals(Set.of(), HiddenHostKeeper.silent(scenario, List.of(), List.of(), List.of()));
  }

  private static LabInstance lab(Instant startedAt) {
    LabInstance lab = new LabInstance();
    lab.startedAt = startedAt;
    lab.clockStart = START;
    lab.clockEnd = END;
    return lab;
  }

  private static long tick(LabInstance lab, Instant now) {
    return ScenarioSchedule.tickAt(lab.clockOrigin(), 5, lab.clockLimit(now));
  }
}
