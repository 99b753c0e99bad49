package id.born2control.scoring;

import id.born2control.audit.AuditService;
import id.born2control.catalog.CatalogEntry;
import id.born2control.catalog.CatalogService;
import id.born2control.catalog.ChallengeSpec;
import id.born2control.identity.IdentityService;
import id.born2control.identity.TraineeRef;
import id.born2control.labs.DefenseCheckPassed;
import id.born2control.scoring.ScoreViews.AdjustmentLine;
import id.born2control.scoring.ScoreViews.Score;
import id.born2control.scoring.ScoreViews.SolveLine;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Scores: what a trainee holds (computed, never stored), defense-check points, awards and
 * penalties, a trainee's board status, and every scoring fact in order for boards to rebuild
 * from. Hints are {@link Hints}'; what officials read about misbehaviour is
 * {@link IncidentQueries}'.
 */
@ApplicationScoped
public class ScoringService {

  private final CatalogService catalog;
  private final ExerciseService exercises;
  private final SolveCounters counters;
  private final IdentityService identity;
  private final AuditService audit;
  private final SharedFacts facts;
  private final ChallengeAccess access;
  private final TeamScoring teamScoring;

  ScoringService(CatalogService catalog, ExerciseService exercises, SolveCounters counters,
      IdentityService identity, AuditService audit, SharedFacts facts, ChallengeAccess access,
      TeamScoring teamScoring) {
    this.teamScoring = teamScoring;
    this.access = access;
    this.catalog = catalog;
    this.exercises = exercises;
    this.counters = counters;
    this.identity = identity;
    this.audit = audit;
    this.facts = facts;
  }

  /**
   * Every {@link SolveRecorded} and {@link PointsAdjusted} ever, ordered by time (then id), so
   * that a board can be rebuilt at start-up. Positions count ranked trainees as they are now.
   */
  @Transactional
  public List<Record> facts() {
    Set<Long> unranked = counters.unranked();
    Map<String, Integer> positions = new HashMap<>();
    List<Record> facts = new ArrayList<>();
    for (Solve s : Solve.listInOrder()) {
      int position = unranked.contains(s.traineeId) ? 0
          : positions.merge(s.challengeSlug, 1, Integer::sum);
      facts.add(new SolveRecorded(s.id, s.traineeId, s.challengeSlug, s.exerciseId, s.createdAt,
          position));
    }
    for (PointsAdjustment a : PointsAdjustment.listInOrder()) {
      facts.add(a.event());
    }
    facts.sort(Comparator.comparing(ScoringService::at));
    return facts;
  }

  private static Instant at(Record fact) {
    return fact instanceof SolveRecorded s ? s.at() : ((PointsAdjusted) fact).at();
  }

  /** Points a solve of {@code slug} is worth now. */
  public int currentValue(String slug) {
    return catalog.find(slug).map(e -> ScoringRules.value(e.spec(),
        (int) Math.max(1, counters.count(slug)))).orElse(0);
  }

  /** The trainee's score with every line that makes it up. */
  @Transactional
  public Score score(TraineeRef trainee) {
    List<SolveLine> solves = new ArrayList<>();
    int total = 0;
    for (Solve s : Solve.listByTrainee(trainee.id())) {
      int points = value(s);
      String name = catalog.find(s.challengeSlug).map(e -> e.spec().name())
          .orElse(s.challengeSlug);
      solves.add(new SolveLine(s.challengeSlug, name, s.createdAt, s.exerciseId, points));
      total += points;
    }
    List<AdjustmentLine> lines = new ArrayList<>();
    for (PointsAdjustment a : PointsAdjustment.listByTrainee(trainee.id())) {
      lines.add(new AdjustmentLine(a.kind, a.points, a.challengeSlug, a.reason, a.createdAt,
          a.exerciseId));
      total += a.points;
    }
    return new Score(trainee.username(), solves, lines, total);
  }

  private int value(Solve s) {
    Optional<ChallengeSpec> spec = catalog.find(s.challengeSlug).map(CatalogEntry::spec)
        .or(() -> catalog.version(s.challengeVersionId));
    return spec.map(sp -> ScoringRules.value(sp,
        (int) Math.max(1, counters.count(s.challengeSlug)))).orElse(0);
  }

  /**
   * Defense-check points, granted once per trainee (in a team exercise once per team),
   * challenge and check, in the labs feature's transaction (or a new one when fired outside
   * any), and only while the challenge is open to the trainee as for a flag: prerequisites
   * solved (by the team, in a team exercise), its exercise running for the cohort.
   */
  @Transactional
  void onDefenseCheck(@Observes DefenseCheckPassed passed) {
    if (passed.points() == 0) {
      return;
    }
    String cohort = identity.byId(passed.traineeId()).map(TraineeRef::cohort).orElse(null);
    Optional<ExerciseRef> open = catalog.find(passed.slug()).flatMap(entry ->
        access.defenseExercise(passed.traineeId(), cohort, entry, passed.at()));
    if (open.isEmpty()) {
      return;
    }
    ExerciseRef into = open.get();
    if (into.teamMode()) {
      teamScoring.defense(passed, into);
      return;
    }
    PointsAdjustment.insertOnce(passed.traineeId(), into.id(), passed.points(),
        PointsAdjustment.DEFENSE, passed.slug(), passed.check(),
        "defense check " + passed.check() + " on " + passed.slug(), "system")
        .ifPresent(a -> {
          facts.adjustment(a.event());
          audit.record("system", "score.defense", "trainee:" + passed.traineeId(),
              Map.of("adjustment", a.id, "points", passed.points(), "challenge", passed.slug(),
                  "check", passed.check(), "instance", String.valueOf(passed.instanceId()),
                  "exercise", into.id()));
        });
  }

  /** An instructor's award (positive points) or penalty (negative), with a reason. */
  @Transactional
  public AdjustmentLine award(String username, int points, String reason, Long exerciseId,
      String actor) {
    TraineeRef trainee = identity.byUsername(username)
        .orElseThrow(() -> new ScoringErrors.TraineeNotFound(username));
    if (points == 0 || Math.abs(points) > 100_000) {
      throw new ScoringErrors.InvalidAward("points must be between -100000 and 100000, not 0.");
    }
    if (reason == null || reason.isBlank() || reason.length() > 500) {
      throw new ScoringErrors.InvalidAward("reason is required (at most 500 characters).");
    }
    ExerciseRef exercise = exerciseId == null ? exercises.practice()
        : exercises.find(exerciseId).orElseThrow(() ->
            new ScoringErrors.InvalidAward("there is no exercise " + exerciseId + "."));
    PointsAdjustment a = new PointsAdjustment();
    a.traineeId = trainee.id();
    a.exerciseId = exercise.id();
    a.points = points;
    a.kind = points > 0 ? PointsAdjustment.AWARD : PointsAdjustment.PENALTY;
    a.reason = reason.strip();
    a.actor = actor;
    a.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
    a.persist();
    facts.adjustment(a.event());
    audit.record(actor, "score." + a.kind, "trainee:" + username,
        Map.of("adjustment", a.id, "points", points, "reason", a.reason, "exercise",
            exercise.id()));
    return new AdjustmentLine(a.kind, a.points, null, a.reason, a.createdAt, a.exerciseId);
  }

  /** Hides a trainee from boards and counts, or bans them; counts are rebuilt after commit. */
  @Transactional
  public TraineeRef setStatus(String username, boolean hidden, boolean banned, String actor) {
    TraineeRef before = identity.byUsername(username)
        .orElseThrow(() -> new ScoringErrors.TraineeNotFound(username));
    TraineeRef after = identity.setStatus(username, hidden, banned)
        .orElseThrow(() -> new ScoringErrors.TraineeNotFound(username));
    facts.traineeStatus(username);
    audit.record(actor, "trainee.status", "trainee:" + username,
        Map.of("hidden", hidden, "banned", banned, "wasHidden", before.hidden(), "wasBanned",
            before.banned()));
    return after;
  }
}
