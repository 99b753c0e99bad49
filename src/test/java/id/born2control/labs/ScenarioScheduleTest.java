package id.born2control.labs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.born2control.catalog.ChallengeSpec.AdversaryStep;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * The scenario clock against tables worked out by hand: tick k of a 5 s scenario spans
 * (5(k-1), 5k] seconds after the start and runs its participant's phase after its end.
 */
class ScenarioScheduleTest {

  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void shouldCountTicksThatHaveEnded() {
    assertEquals(0, ScenarioSchedule.tickAt(START, 5, START.minusSeconds(3)));
    assertEquals(0, ScenarioSchedule.tickAt(START, 5, START.plusMillis(4_999)));
    assertEquals(1, ScenarioSchedule.tickAt(START, 5, START.plusSeconds(5)));
    assertEquals(2, ScenarioSchedule.tickAt(START, 5, START.plusSeconds(12)));
    assertEquals(START.plusSeconds(15), ScenarioSchedule.tickEnd(START, 5, 3));
  }

  @Test
  void shouldRunAnOffsetStepOnceInTheTickHoldingIt() {
    // at: 0 and 5 fall in tick 1, 6 and 10 in tick 2, 11 in tick 3.
    assertEquals(List.of(1L), ticks(at(0)));
    assertEquals(List.of(1L), ticks(at(5)));
    assertEquals(List.of(2L), ticks(at(6)));
    assertEquals(List.of(2L), ticks(at(10)));
    assertEquals(List.of(3L), ticks(at(11)));
  }

  @Test
  void shouldRunAnIntervalStepInEachTickHoldingAMultipleOfIt() {
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L), ticks(every(5)));
    // multiples of 10: 10, 20, 30, 40 end ticks 2, 4, 6, 8.
    assertEquals(List.of(2L, 4L, 6L, 8L), ticks(every(10)));
    // multiples of 7: 7 (tick 2), 14 (3), 21 (5), 28 (6), 35 (7); none in (15, 20] nor (35, 40].
    assertEquals(List.of(2L, 3L, 5L, 6L, 7L), ticks(every(7)));
  }

  @Test
  void shouldRunEachParticipantsTicksAFixedPhaseAfterTheyEnd() {
    // frac(k × 0.6180339887) of a third of the tick, at most 10 s, worked out by hand:
    // 0.618034 → 6,180 ms; 1.236068 → 2,360; 1.854102 → 8,541; with 6 s ticks (2 s at most)
    // 6.180340 → 360 ms; with 90 s ticks still 10 s at most.
    assertEquals(Duration.ofMillis(6_180), ScenarioSchedule.phase(1, 30));
    assertEquals(Duration.ofMillis(2_360), ScenarioSchedule.phase(2, 30));
    assertEquals(Duration.ofMillis(8_541), ScenarioSchedule.phase(3, 30));
    assertEquals(Duration.ofMillis(360), ScenarioSchedule.phase(10, 6));
    assertEquals(Duration.ofMillis(6_180), ScenarioSchedule.phase(1, 90));
    assertEquals(Duration.ZERO, ScenarioSchedule.phase(0, 30));
  }

  @Test
  void shouldSpreadACohortsTicksEvenlyOverTheSpread() {
    // 1,000 participants with consecutive ids (a cohort seated together) over 10 s: every
    // second of it runs about a tenth of their ticks, none bunched at one instant.
    int[] perSecond = new int[10];
    LongStream.rangeClosed(5_001, 6_000).forEach(id ->
        perSecond[(int) (ScenarioSchedule.phase(id, 30).toMillis() / 1_000)]++);
    for (int count : perSecond) {
      assertTrue(count >= 95 && count <= 105, java.util.Arrays.toString(perSecond));
    }
  }

  private static List<Long> ticks(AdversaryStep step) {
    return LongStream.rangeClosed(1, 8)
        .filter(t -> ScenarioSchedule.due(List.of(step), 5, t).size() == 1).boxed().toList();
  }

  private static AdversaryStep at(long seconds) {
    return new AdversaryStep("s", "T1110", seconds, null, "attacker", "a.sh");
  }

  private static AdversaryStep every(long seconds) {
    return new AdversaryStep("s", "T1110", null, seconds, "attacker", "a.sh");
  }
}
