package id.born2control.scoreboard;

import id.born2control.catalog.ChallengeSpec;
import id.born2control.identity.TraineeRef;
import id.born2control.scoring.PointsAdjusted;
import id.born2control.scoring.ScoringRules;
import id.born2control.scoring.SolveRecorded;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The ranking, pure and in memory: applies solves and point adjustments one at a time and keeps
 * every board (overall, per cohort, per exercise, per exercise and cohort) sorted.
 *
 * <p>A trainee's score on a board is the sum over the challenges solved in its scope of the
 * challenge's current value plus the adjustments in scope. The dynamic value of a challenge
 * follows its number of ranked solvers across exercises, as scoring counts them (one solve per
 * trainee and challenge), and when a new solve lowers it every earlier solver is updated
 * (O(solvers log n)), on the boards of the exercise each solved it in. Order: score
 * descending, then who reached the score first (the latest fact that raised the score, earliest
 * wins), then trainee id. The result does not depend on the order facts are applied in, so a
 * rebuild from stored facts equals the incremental ranking.
 *
 * <p>Hidden and banned trainees (and trainees the lookup does not know) are kept off the boards
 * and out of solve counts. Not thread-safe: one writer, readers under the caller's lock.
 */
final class RankingEngine {

  /** Order of a board: score desc, reached-at asc (never raised last), trainee id asc. */
  static final Comparator<Entry> ORDER = Comparator
      .comparingLong(Entry::score).reversed()
      .thenComparing(Entry::reachedAt, Comparator.nullsLast(Comparator.naturalOrder()))
      .thenComparingLong(Entry::traineeId);

  /** A trainee's place on a board; immutable, replaced on every change. */
  record Entry(long traineeId, long score, Instant reachedAt, int solves, Instant lastSolveAt) {}

  /** What changed for live clients: a trainee's overall rank before its first change. */
  record Change(long traineeId, Integer previousRank) {}

  private static final class ChallengeState {
    final ChallengeSpec spec;
    final List<Long> solvers = new ArrayList<>();
    /** The exercise each solver solved it in, so a decay lowers the right boards. */
    final List<Long> solverExercises = new ArrayList<>();
    final Set<Long> solverSet = new HashSet<>();
    int value;

    ChallengeState(ChallengeSpec spec) {
      this.spec = spec;
    }
  }

  /** Mutable running totals of one trainee in one scope. */
  private static final class Standing {
    long score;
    Instant reachedAt;
    int solves;
    Instant lastSolveAt;

    Entry entry(long traineeId) {
      return new Entry(traineeId, score, reachedAt, solves, lastSolveAt);
    }
  }

  private static final class TraineeState {
    final TraineeRef ref;
    final Standing overall = new Standing();
    final Map<Long, Standing> exercises = new HashMap<>();
    final List<Object> facts = new ArrayList<>();

    TraineeState(TraineeRef ref) {
      this.ref = ref;
    }
  }

  private static final class Board {
    final RankTree<Entry> tree = new RankTree<>(ORDER);
    final Map<Long, Entry> entries = new HashMap<>();
    long generation;
    volatile Standings standings;
  }

  private final Function<Long, TraineeRef> trainees;
  private final Function<String, ChallengeSpec> specs;
  private final Map<BoardKey, Board> boards = new HashMap<>();
  private final Map<String, ChallengeState> challenges = new HashMap<>();
  private final Map<Long, TraineeState> states = new HashMap<>();
  private final Set<Long> solveIds = new HashSet<>();
  private final Set<Long> adjustmentIds = new HashSet<>();
  private final Map<Long, Integer> changed = new LinkedHashMap<>();
  private final List<SolveRecorded> firstBloods = new ArrayList<>();
  private boolean tracking;
  private boolean deferPlacement;

  /**
   * @param trainees finds a trainee by id (null when unknown)
   * @param specs finds a challenge's spec by slug (null when unknown: its solves are worth 0)
   */
  RankingEngine(Function<Long, TraineeRef> trainees, Function<String, ChallengeSpec> specs) {
    this.trainees = trainees;
    this.specs = specs;
  }

  /** Starts recording changes and first bloods for {@link #drainChanges()}. */
  void trackChanges() {
    tracking = true;
  }

  /**
   * Applies many facts to a fresh engine at once (a rebuild): totals first, then each trainee
   * placed once per board, instead of moving trainees on the boards after every fact. Gives the
   * same boards as applying the facts one by one.
   */
  void applyAll(List<?> facts) {
    deferPlacement = true;
    try {
      for (Object fact : facts) {
        if (fact instanceof SolveRecorded s) {
          apply(s);
        } else if (fact instanceof PointsAdjusted a) {
          apply(a);
        }
      }
    } finally {
      deferPlacement = false;
    }
    for (Map.Entry<Long, TraineeState> e : states.entrySet()) {
      TraineeState trainee = e.getValue();
      if (trainee.exercises.isEmpty()) {
        continue;
      }
      String cohort = trainee.ref.cohort();
      place(BoardKey.OVERALL, trainee.overall.entry(e.getKey()));
      if (cohort != null) {
        place(new BoardKey(null, cohort), trainee.overall.entry(e.getKey()));
      }
      trainee.exercises.forEach((exerciseId, standing) -> {
        place(new BoardKey(exerciseId, null), standing.entry(e.getKey()));
        if (cohort != null) {
          place(new BoardKey(exerciseId, cohort), standing.entry(e.getKey()));
        }
      });
    }
  }

  /** Applies a solve; returns false when it was already applied or does not count. */
  boolean apply(SolveRecorded solve) {
    if (!solveIds.add(solve.solveId())) {
      return false;
    }
    TraineeState trainee = state(solve.traineeId());
    if (trainee == null) {
      return false;
    }
    ChallengeState challenge = challenges.computeIfAbsent(solve.slug(),
        slug -> new ChallengeState(specs.apply(slug)));
    if (!challenge.solverSet.add(solve.traineeId())) {
      return false; // a second solve of the same challenge never scores twice
    }
    trainee.facts.add(solve);
    int before = challenge.value;
    challenge.solvers.add(solve.traineeId());
    challenge.solverExercises.add(solve.exerciseId());
    int now = challenge.spec == null ? 0
        : ScoringRules.value(challenge.spec, challenge.solvers.size());
    challenge.value = now;
    if (now != before && challenge.solvers.size() > 1) {
      long delta = (long) now - before;
      for (int i = 0; i < challenge.solvers.size() - 1; i++) {
        change(challenge.solvers.get(i), challenge.solverExercises.get(i), s -> s.score += delta);
      }
    }
    change(solve.traineeId(), solve.exerciseId(), s -> {
      s.score += now;
      s.solves++;
      s.reachedAt = latest(s.reachedAt, solve.at());
      s.lastSolveAt = latest(s.lastSolveAt, solve.at());
    });
    if (tracking && solve.position() == 1) {
      firstBloods.add(solve);
    }
    return true;
  }

  /** Applies an award, penalty, hint cost, first-blood bonus or defense points. */
  boolean apply(PointsAdjusted adjustment) {
    if (!adjustmentIds.add(adjustment.id())) {
      return false;
    }
    TraineeState trainee = state(adjustment.traineeId());
    if (trainee == null) {
      return false;
    }
    trainee.facts.add(adjustment);
    change(adjustment.traineeId(), adjustment.exerciseId(), s -> {
      s.score += adjustment.points();
      if (adjustment.points() > 0) {
        s.reachedAt = latest(s.reachedAt, adjustment.at());
      }
    });
    return true;
  }

  /** The ranked copy of a board (empty when nobody scored in it). */
  Standings standings(BoardKey key) {
    Board board = boards.get(key);
    if (board == null) {
      return Standings.empty();
    }
    Standings current = board.standings;
    if (current != null && current.generation == board.generation) {
      return current;
    }
    List<Entry> ordered = board.tree.toList();
    List<Standings.Row> rows = new ArrayList<>(ordered.size());
    for (int i = 0; i < ordered.size(); i++) {
      Entry e = ordered.get(i);
      TraineeRef ref = states.get(e.traineeId()).ref;
      rows.add(new Standings.Row(i + 1, e.traineeId(), ref.username(), ref.displayName(),
          ref.cohort(), e.score(), e.solves(), e.lastSolveAt(), e.reachedAt()));
    }
    Standings made = new Standings(board.generation, Instant.now(), rows);
    board.standings = made;
    return made;
  }

  /** The 1-based rank of the trainee on a board, or null when not on it. O(log n). */
  Integer rank(BoardKey key, long traineeId) {
    Board board = boards.get(key);
    Entry entry = board == null ? null : board.entries.get(traineeId);
    return entry == null ? null : board.tree.indexOf(entry) + 1;
  }

  /** The entry of the trainee on a board, or null. */
  Entry entry(BoardKey key, long traineeId) {
    Board board = boards.get(key);
    return board == null ? null : board.entries.get(traineeId);
  }

  /** The trainee as this engine knows it (only trainees with counted facts). */
  TraineeRef trainee(long traineeId) {
    TraineeState state = states.get(traineeId);
    return state == null ? null : state.ref;
  }

  /** The current value of a challenge (its value with no solve if unsolved). */
  int value(long exerciseId, String slug) {
    ChallengeState state = challenges.get(slug);
    if (state != null) {
      return state.value;
    }
    ChallengeSpec spec = specs.apply(slug);
    return spec == null ? 0 : ScoringRules.value(spec, 1);
  }

  /** Ranked solvers of a challenge, across exercises. */
  int solveCount(long exerciseId, String slug) {
    ChallengeState state = challenges.get(slug);
    return state == null ? 0 : state.solvers.size();
  }

  /**
   * The trainee's score after each fact in scope, in time order, every solve at its challenge's
   * current value (as CTFd draws its graph): the last point is the current score.
   */
  List<Point> timeline(long traineeId, Long exerciseId) {
    TraineeState state = states.get(traineeId);
    if (state == null) {
      return List.of();
    }
    List<Object> facts = new ArrayList<>(state.facts);
    facts.sort(Comparator.comparing(RankingEngine::at).thenComparingLong(RankingEngine::id));
    List<Point> points = new ArrayList<>();
    long score = 0;
    for (Object fact : facts) {
      if (fact instanceof SolveRecorded s) {
        if (exerciseId != null && s.exerciseId() != exerciseId) {
          continue;
        }
        score += challenges.get(s.slug()).value;
        points.add(new Point(s.at(), score));
      } else if (fact instanceof PointsAdjusted a) {
        if (exerciseId != null && a.exerciseId() != exerciseId) {
          continue;
        }
        score += a.points();
        points.add(new Point(a.at(), score));
      }
    }
    return points;
  }

  /** A point of a score-over-time series. */
  record Point(Instant at, long score) {}

  /** The changes recorded since the last drain, and the first bloods, then forgets them. */
  Drained drainChanges() {
    Drained drained = new Drained(
        changed.entrySet().stream().map(e -> new Change(e.getKey(), e.getValue())).toList(),
        List.copyOf(firstBloods));
    changed.clear();
    firstBloods.clear();
    return drained;
  }

  /** What {@link #drainChanges()} returns. */
  record Drained(List<Change> changes, List<SolveRecorded> firstBloods) {
    boolean isEmpty() {
      return changes.isEmpty() && firstBloods.isEmpty();
    }
  }

  private TraineeState state(long traineeId) {
    TraineeState state = states.get(traineeId);
    if (state != null) {
      return state;
    }
    TraineeRef ref = trainees.apply(traineeId);
    if (ref == null || !ref.ranked()) {
      return null;
    }
    state = new TraineeState(ref);
    states.put(traineeId, state);
    return state;
  }

  /** Moves the trainee on its four boards while its totals change. */
  private void change(long traineeId, long exerciseId, Consumer<Standing> mutation) {
    TraineeState trainee = states.get(traineeId);
    if (tracking && !deferPlacement && !changed.containsKey(traineeId)) {
      changed.put(traineeId, rank(BoardKey.OVERALL, traineeId));
    }
    String cohort = trainee.ref.cohort();
    Standing inExercise = trainee.exercises.computeIfAbsent(exerciseId, e -> new Standing());
    mutation.accept(trainee.overall);
    mutation.accept(inExercise);
    if (deferPlacement) {
      return;
    }
    place(BoardKey.OVERALL, trainee.overall.entry(traineeId));
    place(new BoardKey(exerciseId, null), inExercise.entry(traineeId));
    if (cohort != null) {
      place(new BoardKey(null, cohort), trainee.overall.entry(traineeId));
      place(new BoardKey(exerciseId, cohort), inExercise.entry(traineeId));
    }
  }

  private void place(BoardKey key, Entry entry) {
    Board board = boards.computeIfAbsent(key, k -> new Board());
    Entry old = board.entries.put(entry.traineeId(), entry);
    if (old != null) {
      board.tree.remove(old);
    }
    board.tree.add(entry);
    board.generation++;
  }

  private static Instant latest(Instant a, Instant b) {
    return a == null || b.isAfter(a) ? b : a;
  }

  static Instant at(Object fact) {
    return fact instanceof SolveRecorded s ? s.at() : ((PointsAdjusted) fact).at();
  }

  static long id(Object fact) {
    return fact instanceof SolveRecorded s ? s.solveId() : ((PointsAdjusted) fact).id();
  }
}
