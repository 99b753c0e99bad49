package id.born2control.scoreboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.born2control.catalog.ChallengeSpec;
import id.born2control.catalog.ChallengeSpec.DecayFunction;
import id.born2control.catalog.ChallengeSpec.DynamicValue;
import id.born2control.identity.TraineeRef;
import id.born2control.scoring.PointsAdjusted;
import id.born2control.scoring.ScoringRules;
import id.born2control.scoring.SolveRecorded;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The pure ranking: ordering, the tie rule, dynamic value recomputation, rebuild equality. */
class RankingEngineTest {

  static final Instant T0 = Instant.parse("2026-11-25T08:00:00Z");

  static ChallengeSpec spec(String slug, int value, DynamicValue dynamic) {
    return new ChallengeSpec(slug, slug, null, null, "misc", "", value,
        dynamic == null ? ChallengeSpec.ScoreType.STANDARD : ChallengeSpec.ScoreType.DYNAMIC,
        dynamic, List.of(), ChallengeSpec.FlagLogic.ANY, List.of(),
        ChallengeSpec.Requirements.NONE, null, List.of(), List.of(), List.of(), null, 0,
        ChallengeSpec.Visibility.VISIBLE, null, null, null, null, null, null, null, null, null);
  }

  final Map<String, ChallengeSpec> specs = new HashMap<>(Map.of(
      "web", spec("web", 100, null),
      "crypto", spec("crypto", 200, null),
      "pwn", spec("pwn", 0, new DynamicValue(400, 15, 100, DecayFunction.LOGARITHMIC)),
      "lin", spec("lin", 0, new DynamicValue(500, 50, 100, DecayFunction.LINEAR))));
  final Map<Long, TraineeRef> trainees = new HashMap<>();

  RankingEngine engine() {
    return new RankingEngine(trainees::get, specs::get);
  }

  void trainee(long id, String cohort) {
    trainees.put(id, new TraineeRef(id, "t" + id, "Trainee " + id, cohort, false, false));
  }

  static SolveRecorded solve(long id, long trainee, String slug, long exercise, int minute) {
    return new SolveRecorded(id, trainee, slug, exercise, T0.plusSeconds(60L * minute), 0);
  }

  static List<Long> order(Standings standings) {
    return standings.rows.stream().map(Standings.Row::traineeId).toList();
  }

  @Test
  void shouldBreakTiesByWhoReachedTheScoreFirst() {
    trainee(1, "a");
    trainee(2, "a");
    trainee(3, "a");
    RankingEngine engine = engine();
    // 2 reaches 100 at minute 1, 1 at minute 2; 3 reaches 200 last but has more points.
    engine.apply(solve(10, 2, "web", 1, 1));
    engine.apply(solve(11, 1, "web", 1, 2));
    engine.apply(solve(12, 3, "crypto", 1, 3));
    assertEquals(List.of(3L, 2L, 1L), order(engine.standings(BoardKey.OVERALL)));
    assertEquals(List.of(1, 2, 3), engine.standings(BoardKey.OVERALL).rows.stream()
        .map(Standings.Row::rank).toList());
    assertEquals(2, engine.rank(BoardKey.OVERALL, 2));
  }

  @Test
  void shouldBreakFullTiesByTraineeId() {
    trainee(7, null);
    trainee(4, null);
    RankingEngine engine = engine();
    engine.apply(solve(1, 7, "web", 1, 5));
    engine.apply(solve(2, 4, "web", 1, 5));
    assertEquals(List.of(4L, 7L), order(engine.standings(BoardKey.OVERALL)));
  }

  @Test
  void shouldNotMoveReachedTimeOnPenalty() {
    trainee(1, null);
    trainee(2, null);
    RankingEngine engine = engine();
    engine.apply(solve(1, 1, "crypto", 1, 1)); // 200 at minute 1
    engine.apply(solve(2, 2, "web", 1, 2));
    engine.apply(new PointsAdjusted(3, 2, 1, 150, T0.plusSeconds(180), "award", "good"));
    // 2 now has 250 reached at minute 3; 1 gets a penalty to 190 at minute 4 and an award back
    engine.apply(new PointsAdjusted(4, 1, 1, -60, T0.plusSeconds(240), "penalty", "late"));
    engine.apply(new PointsAdjusted(5, 2, 1, -60, T0.plusSeconds(250), "hint", "hint"));
    // both at 140 + ... : 1 has 140 reached at minute 1, 2 has 190
    assertEquals(List.of(2L, 1L), order(engine.standings(BoardKey.OVERALL)));
    engine.apply(new PointsAdjusted(6, 1, 1, 50, T0.plusSeconds(300), "award", "fix"));
    // 1 now 190 reached at minute 5, 2 has 190 reached at minute 3: 2 stays first
    Standings board = engine.standings(BoardKey.OVERALL);
    assertEquals(List.of(190L, 190L), board.rows.stream().map(Standings.Row::score).toList());
    assertEquals(List.of(2L, 1L), order(board));
  }

  @Test
  void shouldLowerEveryEarlierSolverWhenALaterSolveDecaysTheValue() {
    trainee(1, "a");
    trainee(2, "b");
    trainee(3, "a");
    RankingEngine engine = engine();
    engine.apply(solve(1, 1, "pwn", 1, 1));
    assertEquals(400, engine.standings(BoardKey.OVERALL).rows.get(0).score());
    engine.apply(solve(2, 2, "pwn", 1, 2));
    engine.apply(solve(3, 3, "pwn", 1, 3));
    // CTFd logarithmic: ceil((100-400)/15^2 * 2^2 + 400) = ceil(394.67) = 395 for all three
    for (Standings.Row row : engine.standings(BoardKey.OVERALL).rows) {
      assertEquals(395, row.score(), "trainee " + row.traineeId());
    }
    assertEquals(395, engine.value(1, "pwn"));
    // each cohort and exercise board followed the decay too
    assertEquals(List.of(395L, 395L), engine.standings(new BoardKey(null, "a")).rows.stream()
        .map(Standings.Row::score).toList());
    assertEquals(List.of(395L), engine.standings(new BoardKey(1L, "b")).rows.stream()
        .map(Standings.Row::score).toList());
    // decay never lowers the reached time: the first solver stays first
    assertEquals(List.of(1L, 2L, 3L), order(engine.standings(BoardKey.OVERALL)));
  }

  @Test
  void shouldKeepHiddenAndBannedTraineesOffBoardsAndOutOfSolveCounts() {
    trainee(1, "a");
    trainees.put(2L, new TraineeRef(2, "hid", "Hidden", "a", true, false));
    trainees.put(3L, new TraineeRef(3, "ban", "Banned", "a", false, true));
    RankingEngine engine = engine();
    engine.apply(solve(1, 2, "lin", 1, 1));
    engine.apply(solve(2, 3, "lin", 1, 2));
    engine.apply(solve(3, 1, "lin", 1, 3));
    Standings board = engine.standings(BoardKey.OVERALL);
    assertEquals(List.of(1L), order(board));
    assertEquals(500, board.rows.get(0).score(), "hidden and banned solves do not decay the value");
    assertEquals(1, engine.solveCount(1, "lin"));
  }

  @Test
  void shouldKeepSeparateBoardsPerCohortAndPerExercise() {
    trainee(1, "a");
    trainee(2, "b");
    RankingEngine engine = engine();
    engine.apply(solve(1, 1, "web", 10, 1));
    engine.apply(solve(2, 2, "crypto", 20, 2));
    engine.apply(solve(3, 1, "crypto", 10, 3));
    assertEquals(List.of(1L, 2L), order(engine.standings(BoardKey.OVERALL)));
    assertEquals(300, engine.standings(BoardKey.OVERALL).rows.get(0).score());
    assertEquals(List.of(2L), order(engine.standings(new BoardKey(null, "b"))));
    assertEquals(List.of(1L), order(engine.standings(new BoardKey(10L, null))));
    assertEquals(List.of(2L), order(engine.standings(new BoardKey(20L, null))));
    assertEquals(List.of(), order(engine.standings(new BoardKey(20L, "a"))));
    assertEquals(2, engine.standings(new BoardKey(10L, "a")).rows.get(0).solves());
  }

  @Test
  void shouldIgnoreARepeatedEventAndASecondSolveOfTheSameChallenge() {
    trainee(1, "a");
    RankingEngine engine = engine();
    assertTrue(engine.apply(solve(1, 1, "web", 1, 1)));
    assertFalse(engine.apply(solve(1, 1, "web", 1, 1)));
    assertFalse(engine.apply(solve(2, 1, "web", 1, 2)));
    assertEquals(100, engine.standings(BoardKey.OVERALL).rows.get(0).score());
    assertNull(engine.rank(BoardKey.OVERALL, 99));
  }

  @Test
  void shouldReportChangesWithPreviousRankAndFirstBloods() {
    trainee(1, "a");
    trainee(2, "a");
    RankingEngine engine = engine();
    engine.trackChanges();
    engine.apply(new SolveRecorded(1, 1, "web", 1, T0, 1));
    engine.drainChanges();
    engine.apply(new SolveRecorded(2, 2, "crypto", 1, T0.plusSeconds(1), 1));
    RankingEngine.Drained drained = engine.drainChanges();
    assertEquals(List.of(new RankingEngine.Change(2, null)), drained.changes());
    assertEquals(1, drained.firstBloods().size());
    engine.apply(new SolveRecorded(3, 1, "pwn", 1, T0.plusSeconds(2), 1));
    drained = engine.drainChanges();
    assertEquals(List.of(new RankingEngine.Change(1, 2)), drained.changes());
    assertEquals(1, engine.rank(BoardKey.OVERALL, 1));
  }

  @Test
  void shouldDrawTheTimelineAtCurrentValues() {
    trainee(1, "a");
    trainee(2, "a");
    RankingEngine engine = engine();
    engine.apply(solve(1, 1, "web", 1, 1));
    engine.apply(solve(2, 1, "pwn", 1, 2));
    engine.apply(solve(3, 2, "pwn", 1, 3));
    List<RankingEngine.Point> points = engine.timeline(1, null);
    assertEquals(List.of(100L, 499L), points.stream().map(RankingEngine.Point::score).toList());
    assertEquals(engine.standings(BoardKey.OVERALL).rows.get(0).score(), 499);
  }

  /**
   * The ranking after a restart equals the ranking before it: a random history applied as it
   * happened (events arriving slightly out of order) and rebuilt from the stored facts in time
   * order gives the same boards, and both equal a brute-force recomputation.
   */
  @Test
  void shouldRebuildTheSameRankingAsIncrementalUpdates() {
    Random random = new Random(42);
    String[] cohorts = {"a", "b", "c"};
    for (long t = 1; t <= 300; t++) {
      trainees.put(t, new TraineeRef(t, "t" + t, "T" + t, cohorts[(int) (t % 3)],
          t % 37 == 0, t % 41 == 0));
    }
    List<String> slugs = List.of("web", "crypto", "pwn", "lin");
    List<Object> facts = new ArrayList<>();
    Set<String> solved = new HashSet<>();
    long id = 1;
    for (int i = 0; i < 3000; i++) {
      long t = 1 + random.nextInt(300);
      long exercise = 1 + random.nextInt(3);
      Instant at = T0.plusSeconds(random.nextInt(36_000));
      if (random.nextInt(10) == 0) {
        facts.add(new PointsAdjusted(id++, t, exercise, random.nextInt(201) - 100, at, "award",
            "r"));
      } else {
        String slug = slugs.get(random.nextInt(slugs.size()));
        if (solved.add(t + "/" + slug)) { // one solve per trainee and challenge, as scoring stores
          facts.add(new SolveRecorded(id++, t, slug, exercise, at, 0));
        }
      }
    }
    List<Object> byTime = new ArrayList<>(facts);
    byTime.sort(Comparator.comparing(RankingEngine::at).thenComparingLong(RankingEngine::id));
    List<Object> arrival = new ArrayList<>(byTime);
    for (int i = 0; i + 1 < arrival.size(); i += 3) {
      Collections.swap(arrival, i, i + 1); // commits seldom arrive exactly in time order
    }
    RankingEngine incremental = engine();
    arrival.forEach(f -> applyFact(incremental, f));
    RankingEngine rebuilt = engine();
    rebuilt.applyAll(byTime);
    RankingEngine replayed = engine();
    byTime.forEach(f -> applyFact(replayed, f));

    List<BoardKey> keys = new ArrayList<>(List.of(BoardKey.OVERALL));
    for (String c : cohorts) {
      keys.add(new BoardKey(null, c));
      for (long e = 1; e <= 3; e++) {
        keys.add(new BoardKey(e, c));
      }
    }
    for (long e = 1; e <= 3; e++) {
      keys.add(new BoardKey(e, null));
    }
    for (BoardKey key : keys) {
      assertEquals(rows(rebuilt.standings(key)), rows(incremental.standings(key)), key.toString());
      assertEquals(rows(replayed.standings(key)), rows(incremental.standings(key)), key.toString());
    }
    // brute force: each ranked trainee's overall score from final solve counts
    Map<String, Integer> counts = new HashMap<>();
    for (Object f : facts) {
      if (f instanceof SolveRecorded s && trainees.get(s.traineeId()).ranked()) {
        counts.merge(s.slug(), 1, Integer::sum);
      }
    }
    Map<Long, Long> expected = new HashMap<>();
    for (Object f : facts) {
      if (f instanceof SolveRecorded s && trainees.get(s.traineeId()).ranked()) {
        expected.merge(s.traineeId(), (long) ScoringRules.value(specs.get(s.slug()),
            counts.get(s.slug())), Long::sum);
      } else if (f instanceof PointsAdjusted a && trainees.get(a.traineeId()).ranked()) {
        expected.merge(a.traineeId(), (long) a.points(), Long::sum);
      }
    }
    Standings overall = rebuilt.standings(BoardKey.OVERALL);
    assertEquals(expected.size(), overall.total());
    for (Standings.Row row : overall.rows) {
      assertEquals(expected.get(row.traineeId()), row.score(), "trainee " + row.traineeId());
    }
    for (int i = 1; i < overall.rows.size(); i++) {
      assertTrue(overall.rows.get(i - 1).score() >= overall.rows.get(i).score());
    }
  }

  private static void applyFact(RankingEngine engine, Object fact) {
    if (fact instanceof SolveRecorded s) {
      engine.apply(s);
    } else {
      engine.apply((PointsAdjusted) fact);
    }
  }

  private static List<String> rows(Standings standings) {
    return standings.rows.stream().map(r -> r.rank() + ":" + r.traineeId() + ":" + r.score()
        + ":" + r.solves() + ":" + r.reachedAt() + ":" + r.lastSolveAt()).toList();
  }
}
