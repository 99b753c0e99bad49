package id.born2control.scoreboard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.born2control.catalog.CatalogService;
import id.born2control.catalog.ChallengeSpec;
import id.born2control.identity.IdentityService;
import id.born2control.identity.TraineeRef;
import id.born2control.scoring.ExerciseRef;
import id.born2control.scoring.PointsAdjusted;
import id.born2control.scoring.SolveRecorded;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.enterprise.inject.Instance;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Keeps the ranking in memory and pushes its changes to live clients.
 *
 * <p>Solves and adjustments arrive as the scoring feature's CDI events after their transaction
 * commits and are applied on one ranking thread (so submissions never wait for the board and the
 * boards have a single writer); readers take consistent immutable copies. Two rankings are kept:
 * the live one with every fact, and the public one without the facts of a frozen exercise at or
 * after its freeze time, which is exactly the board as it stood when it froze. At start-up (and on
 * request) both are rebuilt from {@link ScoreSource} when a bean provides it.
 */
@ApplicationScoped
public class ScoreboardService {

  private static final Logger LOG = Logger.getLogger(ScoreboardService.class);

  /** Whether the board shown is frozen, and since when. */
  record Freeze(boolean frozen, Instant frozenAt) {}

  /** What a rebuild did. */
  public record RebuildReport(String source, int solves, int adjustments, int rankedTrainees,
      long millis) {}

  private final ScoreboardConfig config;
  private final RankingDirectory directory;
  private final Instance<ScoreSource> sources;
  private final ObjectMapper json;
  private final RankingThread worker = new RankingThread("scoreboard-ranking", LOG);
  private final LiveRankings rankings;

  // held by the ranking thread only
  private final Map<Long, SolveRecorded> solves = new LinkedHashMap<>();
  private final Map<Long, PointsAdjusted> adjustments = new LinkedHashMap<>();
  private final Set<Long> traineesWithFacts = new HashSet<>();

  private final Map<Long, ExerciseRef> exercises = new ConcurrentHashMap<>();
  private volatile RebuildReport lastRebuild;

  ScoreboardService(ScoreboardConfig config, IdentityService identity, CatalogService catalog,
      Instance<ScoreSource> sources, ObjectMapper json) {
    this.config = config;
    this.directory = new RankingDirectory(identity, catalog);
    this.sources = sources;
    this.json = json;
    this.rankings = new LiveRankings(config, this::newEngine, this::shownPublicly);
  }

  void onStart(@Observes StartupEvent event) {
    RebuildReport report = worker.await(() -> {
      directory.loadTrainees();
      return rebuildFromSource();
    });
    LOG.infof("Scoreboard: ranking rebuilt from %s (%d solves, %d adjustments, %d ranked"
        + " trainees) in %d ms", report.source(), report.solves(), report.adjustments(),
        report.rankedTrainees(), report.millis());
    long push = Math.max(10, config.pushInterval().toMillis());
    worker.every(push, this::push);
    worker.every(Math.max(1000, config.refreshInterval().toMillis()), this::refresh);
  }

  void onStop(@Observes ShutdownEvent event) {
    worker.stop();
  }

  /** A committed solve: ranked on the ranking thread, pushed with the next batch. */
  void onSolve(@Observes(during = TransactionPhase.AFTER_SUCCESS) SolveRecorded solve) {
    worker.execute(() -> applySolve(solve));
  }

  /** Committed points outside a solve's value (first blood, hints, awards, penalties, defense). */
  void onAdjustment(@Observes(during = TransactionPhase.AFTER_SUCCESS) PointsAdjusted adjustment) {
    worker.execute(() -> applyAdjustment(adjustment));
  }

  /**
   * An exercise was created or changed (the scoring feature fires its {@link ExerciseRef}); a
   * changed freeze time rebuilds the public board.
   */
  void onExercise(@Observes(during = TransactionPhase.AFTER_SUCCESS) ExerciseRef exercise) {
    worker.execute(() -> {
      ExerciseRef old = exercises.put(exercise.id(), exercise);
      if (old == null || !Objects.equals(old.freezeAt(), exercise.freezeAt())) {
        rebuildEngines();
      }
    });
  }

  // ---- reads (any thread) ----

  /** The ranked copy of a board: the live one, or the public one (frozen boards stay put). */
  Standings standings(BoardKey key, boolean liveBoard) {
    return rankings.standings(key, liveBoard);
  }

  /** Score-over-time series of the given trainees on a board. */
  List<RankingEngine.Point> timeline(long traineeId, Long exerciseId, boolean liveBoard) {
    return rankings.read(liveBoard, engine -> engine.timeline(traineeId, exerciseId));
  }

  /** Whether the public board is frozen now; a live board never is. */
  Freeze freeze(BoardKey key, boolean liveBoard, Instant now) {
    if (liveBoard) {
      return new Freeze(false, null);
    }
    if (key.exerciseId() != null) {
      ExerciseRef exercise = exercises.get(key.exerciseId());
      return exercise != null && exercise.frozenAt(now)
          ? new Freeze(true, exercise.freezeAt()) : new Freeze(false, null);
    }
    Instant earliest = exercises.values().stream().filter(e -> e.frozenAt(now))
        .map(ExerciseRef::freezeAt).min(Comparator.naturalOrder()).orElse(null);
    return new Freeze(earliest != null, earliest);
  }

  /** Whether the exercise is known, from the exercise list or from facts recorded in it. */
  boolean knowsExercise(long exerciseId) {
    return exercises.containsKey(exerciseId)
        || standings(new BoardKey(exerciseId, null), true).total() > 0;
  }

  /** A trainee's rank on a public board ({@code null} when not ranked) and the board's size. */
  public record Placing(Integer rank, long score, int total) {}

  /** Where a trainee stands overall and in their cohort ({@code inCohort} null without one). */
  public record Placings(Placing overall, String cohort, Placing inCohort) {}

  /** The trainee's places on the public overall board and their cohort's board, from memory. */
  public Placings placings(String username) {
    TraineeRef me = trainee(username).orElse(null);
    String cohort = me == null ? null : me.cohort();
    return new Placings(placing(new BoardKey(null, null), me), cohort,
        cohort == null ? null : placing(new BoardKey(null, cohort), me));
  }

  private Placing placing(BoardKey key, TraineeRef me) {
    Standings standings = standings(key, false);
    int index = me == null ? -1 : standings.indexOf(me.id());
    return index < 0 ? new Placing(null, 0, standings.total())
        : new Placing(standings.rows.get(index).rank(), standings.rows.get(index).score(),
            standings.total());
  }

  /** A trainee from the in-memory directory, by user name. */
  Optional<TraineeRef> trainee(String username) {
    return directory.trainee(username);
  }

  /** The live stream of a client, resumed after {@code lastEventId} when possible. */
  Multi<LiveHub.LiveEvent> stream(String lastEventId) {
    return rankings.stream(lastEventId, this::snapshotJson);
  }

  /** The exercises the ranking knows, practice first, then by start. */
  List<ExerciseRef> exercises() {
    return exercises.values().stream()
        .sorted(Comparator.comparing((ExerciseRef e) -> !e.practice())
            .thenComparing(ExerciseRef::startsAt, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparingLong(ExerciseRef::id))
        .toList();
  }

  /**
   * Solves of ranked trainees per cohort and challenge category, on the live ranking (all
   * exercises when {@code exerciseId} is null). Read on the ranking thread, which owns the facts.
   */
  Map<String, Map<String, Integer>> solvesByCohortAndCategory(Long exerciseId) {
    return worker.await(() -> {
      Map<String, Map<String, Integer>> counts = new java.util.TreeMap<>();
      for (SolveRecorded solve : solves.values()) {
        if (exerciseId != null && solve.exerciseId() != exerciseId) {
          continue;
        }
        TraineeRef trainee = directory.trainee(solve.traineeId());
        if (trainee == null || !trainee.ranked()) {
          continue;
        }
        ChallengeSpec spec = directory.spec(solve.slug());
        String category = spec == null ? solve.slug() : spec.category();
        counts.computeIfAbsent(trainee.cohort() == null ? "" : trainee.cohort(),
                c -> new java.util.TreeMap<>())
            .merge(category, 1, Integer::sum);
      }
      return counts;
    });
  }

  int liveClients() {
    return rankings.clients();
  }

  RebuildReport lastRebuild() {
    return lastRebuild;
  }

  /** Rebuilds both rankings from the score source (or the facts in memory without one). */
  public RebuildReport rebuild() {
    return worker.await(() -> {
      directory.loadTrainees();
      return rebuildFromSource();
    });
  }

  // ---- the ranking thread ----

  private void applySolve(SolveRecorded solve) {
    if (solves.putIfAbsent(solve.solveId(), solve) != null) {
      return;
    }
    traineesWithFacts.add(solve.traineeId());
    directory.know(solve.traineeId());
    rankings.apply(solve);
  }

  private void applyAdjustment(PointsAdjusted adjustment) {
    if (adjustments.putIfAbsent(adjustment.id(), adjustment) != null) {
      return;
    }
    traineesWithFacts.add(adjustment.traineeId());
    directory.know(adjustment.traineeId());
    rankings.apply(adjustment);
  }

  /** Sends the public changes since the last push: first bloods, then one rank event. */
  private void push() {
    rankings.push("overall", directory::challengeName, this::write);
  }

  /**
   * Re-reads the trainees changed since the last read, exercises and challenge values; rebuilds
   * when one that counts changed.
   */
  private void refresh() {
    boolean changed = directory.refreshTrainees(traineesWithFacts::contains);
    if (sources.isResolvable()) {
      for (ExerciseRef exercise : sources.get().exercises()) {
        ExerciseRef old = exercises.put(exercise.id(), exercise);
        changed |= old == null || !Objects.equals(old.freezeAt(), exercise.freezeAt());
      }
    }
    changed |= directory.refreshSpecs();
    if (changed) {
      rebuildEngines();
      LOG.info("Scoreboard: trainees, exercises or challenge values changed; ranking rebuilt");
    }
  }

  private RebuildReport rebuildFromSource() {
    long started = System.nanoTime();
    String from = "events held in memory";
    if (sources.isResolvable()) {
      ScoreSource source = sources.get();
      source.exercises().forEach(e -> exercises.put(e.id(), e));
      ScoreFacts facts = source.facts();
      facts.solves().forEach(s -> {
        solves.putIfAbsent(s.solveId(), s);
        traineesWithFacts.add(s.traineeId());
      });
      facts.adjustments().forEach(a -> {
        adjustments.putIfAbsent(a.id(), a);
        traineesWithFacts.add(a.traineeId());
      });
      from = "the score source";
    }
    rebuildEngines();
    int ranked = rankings.standings(BoardKey.OVERALL, true).total();
    RebuildReport report = new RebuildReport(from, solves.size(), adjustments.size(), ranked,
        (System.nanoTime() - started) / 1_000_000);
    lastRebuild = report;
    return report;
  }

  /** New rankings from every fact held, swapped in at once; live clients get a snapshot. */
  private void rebuildEngines() {
    traineesWithFacts.forEach(directory::know);
    List<Object> facts = new ArrayList<>(solves.size() + adjustments.size());
    facts.addAll(solves.values());
    facts.addAll(adjustments.values());
    rankings.rebuild(facts, this::snapshotJson);
  }

  private RankingEngine newEngine() {
    return new RankingEngine(directory::trainee, directory::spec);
  }

  private boolean shownPublicly(long exerciseId, Instant at) {
    ExerciseRef exercise = exercises.get(exerciseId);
    return exercise == null || !exercise.frozenAt(at);
  }

  /** The top of the public overall board, as a snapshot event carries it. */
  private String snapshotJson() {
    Standings standings = standings(BoardKey.OVERALL, false);
    Freeze freeze = freeze(BoardKey.OVERALL, false, Instant.now());
    return write(ScoreboardViews.page(standings, 0, config.snapshotSize(), freeze));
  }

  String write(Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a scoreboard event", e);
    }
  }
}
