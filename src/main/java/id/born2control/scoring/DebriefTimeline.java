package id.born2control.scoring;

import id.born2control.labs.LabDebriefs.CheckFact;
import id.born2control.labs.LabDebriefs.StepFact;
import id.born2control.labs.LabRecordings.RecordingView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A participant's debrief in time order, a pure function of what was stored: each adversary
 * step run ({@code attack}), each tick with its check results and score ({@code tick}, at the
 * time of its last check, else when it was scored), and each recorded terminal session
 * ({@code terminal}, at its start). At the same instant: attacks, then ticks, then terminals.
 */
public final class DebriefTimeline {

  /** A check result within a tick. */
  public record CheckLine(String check, String status, String reason) {}

  /** The score of a tick (see {@link TickScoring}); {@code paid} false while not open. */
  public record TickPoints(int service, int defended, int attacked, int compromised, int total,
      boolean paid) {}

  /** One entry of the timeline; the fields of other kinds are null. */
  public record Entry(Instant at, String kind, Long tick, StepFact attack,
      List<CheckLine> checks, TickPoints points, RecordingView terminal) {}

  /** A tick's stored score, as the timeline takes it. */
  record ScoredTick(long tick, Instant at, TickPoints points) {}

  private static final List<String> ORDER = List.of("attack", "tick", "terminal");

  private DebriefTimeline() {}

  static List<Entry> entries(List<StepFact> steps, List<CheckFact> checks,
      List<ScoredTick> scores, List<RecordingView> recordings) {
    List<Entry> entries = new ArrayList<>();
    steps.forEach(s -> entries.add(new Entry(s.at(), "attack", s.tick(), s, null, null, null)));
    Map<Long, List<CheckFact>> byTick = new TreeMap<>();
    checks.forEach(c -> byTick.computeIfAbsent(c.tick(), t -> new ArrayList<>()).add(c));
    Map<Long, ScoredTick> scored = new TreeMap<>();
    scores.forEach(s -> scored.put(s.tick(), s));
    Set<Long> ticks = new TreeSet<>(byTick.keySet());
    ticks.addAll(scored.keySet());
    for (long tick : ticks) {
      List<CheckFact> results = byTick.getOrDefault(tick, List.of());
      ScoredTick score = scored.get(tick);
      Instant at = results.stream().map(CheckFact::at).max(Comparator.naturalOrder())
          .orElse(score == null ? null : score.at());
      entries.add(new Entry(at, "tick", tick, null, results.stream()
          .map(c -> new CheckLine(c.check(), c.status(), c.reason())).toList(),
          score == null ? null : score.points(), null));
    }
    recordings.forEach(r -> entries.add(new Entry(r.startedAt(), "terminal", null, null, null,
        null, r)));
    entries.sort(Comparator.comparing(Entry::at, Comparator.nullsLast(Comparator.naturalOrder()))
        .thenComparing(e -> ORDER.indexOf(e.kind()))
        .thenComparing(e -> e.tick() == null ? 0 : e.tick()));
    return entries;
  }
}
