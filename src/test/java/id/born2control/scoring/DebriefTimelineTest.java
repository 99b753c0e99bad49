package id.born2control.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import id.born2control.labs.LabDebriefs.CheckFact;
import id.born2control.labs.LabDebriefs.StepFact;
import id.born2control.labs.LabRecordings.RecordingView;
import id.born2control.scoring.DebriefTimeline.CheckLine;
import id.born2control.scoring.DebriefTimeline.Entry;
import id.born2control.scoring.DebriefTimeline.ScoredTick;
import id.born2control.scoring.DebriefTimeline.TickPoints;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A debrief's timeline from stored facts, its order written out by hand. */
class DebriefTimelineTest {

  private static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");

  private static Instant at(int seconds) {
    return T0.plusSeconds(seconds);
  }

  @Test
  void shouldPutAttacksTicksAndTerminalSessionsInTimeOrder() {
    StepFact brute = new StepFact(at(31), 1, "ssh-brute", "T1110.001", "stopped", "no luck");
    StepFact shell = new StepFact(at(60), 2, "web-shell", "T1505.003", "succeeded", "uid=0");
    List<CheckFact> checks = List.of(
        new CheckFact(at(32), 1, "web", "ok", "200"),
        new CheckFact(at(33), 1, "db", "ok", "rows intact"),
        new CheckFact(at(62), 2, "web", "compromised", "shell found"),
        new CheckFact(at(61), 2, "db", "ok", "rows intact"));
    TickPoints first = new TickPoints(20, 5, 0, 0, 25, true);
    TickPoints second = new TickPoints(10, 0, -10, -5, -5, true);
    TickPoints third = new TickPoints(0, 0, 0, 0, 0, false);
    List<ScoredTick> scores = List.of(new ScoredTick(1, at(34), first),
        new ScoredTick(2, at(63), second), new ScoredTick(3, at(95), third));
    RecordingView session = new RecordingView(7, "lab1", "trainee1", null, at(45), at(70), 80,
        24, 1200, false, "/api/labs/lab1/recordings/7");

    List<Entry> entries = DebriefTimeline.entries(List.of(shell, brute), checks, scores,
        List.of(session));

    assertEquals(List.of("attack", "tick", "terminal", "attack", "tick", "tick"),
        entries.stream().map(Entry::kind).toList());
    assertEquals(brute, entries.get(0).attack());
    // A tick is placed at its last check and carries its checks and score.
    assertEquals(at(33), entries.get(1).at());
    assertEquals(List.of(new CheckLine("web", "ok", "200"),
        new CheckLine("db", "ok", "rows intact")), entries.get(1).checks());
    assertEquals(first, entries.get(1).points());
    assertEquals(session, entries.get(2).terminal());
    assertEquals(shell, entries.get(3).attack());
    assertEquals(at(62), entries.get(4).at());
    assertEquals(second, entries.get(4).points());
    // A tick scored without stored checks (none ran) is placed when it was scored.
    assertEquals(at(95), entries.get(5).at());
    assertEquals(List.of(), entries.get(5).checks());
    assertEquals(3L, entries.get(5).tick());
    assertNull(entries.get(2).tick());
  }

  @Test
  void shouldPutAnAttackBeforeTheTickItBelongsToAtTheSameInstant() {
    StepFact step = new StepFact(at(30), 1, "scan", "T1046", "stopped", "");
    List<Entry> entries = DebriefTimeline.entries(List.of(step),
        List.of(new CheckFact(at(30), 1, "web", "ok", "")), List.of(), List.of());
    assertEquals(List.of("attack", "tick"), entries.stream().map(Entry::kind).toList());
    assertNull(entries.get(1).points());
  }
}
