package id.born2control.scoring;

import id.born2control.audit.AuditService;
import id.born2control.catalog.CatalogEntry;
import id.born2control.catalog.CatalogService;
import id.born2control.catalog.ChallengeSpec;
import id.born2control.catalog.ChallengeSpec.HintSpec;
import id.born2control.identity.IdentityService;
import id.born2control.identity.TeamRef;
import id.born2control.identity.TeamService;
import id.born2control.identity.TraineeRef;
import id.born2control.labs.DefenseCheckPassed;
import id.born2control.scoring.ScoreViews.AdjustmentLine;
import id.born2control.scoring.ScoreViews.HintContent;
import id.born2control.scoring.ScoreViews.BruteForceView;
import id.born2control.scoring.ScoreViews.IncidentView;
import id.born2control.scoring.ScoreViews.SubmissionLine;
import id.born2control.scoring.ScoreViews.Score;
import id.born2control.scoring.ScoreViews.SolveLine;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Scores: what a trainee holds (computed, never stored), hints, defense-check points, awards and
 * penalties, and every scoring fact in order for boards to rebuild from.
 */
@ApplicationScoped
public class ScoringService {

  private final CatalogService catalog;
  private final ExerciseService exercises;
  private final SolveCounters counters;
  private final IdentityService identity;
  private final AuditService audit;
  private final EntityManager em;
  private final SharedFacts facts;
  private final ScoringConfig config;
  private final ChallengeAccess access;
  private final TeamScoring teamScoring;
  private final TeamSubmissions teamSubmissions;
  private final TeamService teams;

  ScoringService(CatalogService catalog, ExerciseService exercises, SolveCounters counters,
      IdentityService identity, AuditService audit, EntityManager em, SharedFacts facts,
      ScoringConfig config, ChallengeAccess access, TeamScoring teamScoring,
      TeamSubmissions teamSubmissions, TeamService teams) {
    this.teams = teams;
    this.teamScoring = teamScoring;
    this.teamSubmissions = teamSubmissions;
    this.config = config;
    this.access = access;
    this.catalog = catalog;
    this.exercises = exercises;
    this.counters = counters;
    this.identity = identity;
    this.audit = audit;
    this.em = em;
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
   * A hint's content, charging its cost the first time; its required hints must be unlocked. In
   * a team exercise the hint is the team's: unlocked once, charged once, readable by every member.
   */
  @Transactional
  public HintContent unlockHint(TraineeRef trainee, String slug, int index) {
    CatalogEntry entry = catalog.visible(slug);
    HintSpec hint = hint(entry, index);
    Optional<TeamRef> team = access.teamFor(trainee, slug);
    if (unlocked(trainee, team, slug, index)) {
      return content(entry, index, hint, false);
    }
    List<Integer> missing = hint.requirements().stream()
        .filter(i -> !unlocked(trainee, team, slug, i)).toList();
    if (!missing.isEmpty()) {
      throw new ScoringErrors.HintRequirementsNotMet(slug, index, missing);
    }
    ExerciseRef exercise = exercises.attribute(slug, trainee.cohort(), Instant.now());
    if (team.isPresent()) {
      boolean charged = teamSubmissions.grant(team.get(), trainee.id(), exercise.id(),
          -hint.cost(), TeamScoring.HINT, slug, Integer.toString(index),
          "hint " + index + " of " + slug, trainee.username()).isPresent();
      return content(entry, index, hint, charged);
    }
    Optional<PointsAdjustment> charged = insertOnce(trainee.id(), exercise.id(), -hint.cost(),
        PointsAdjustment.HINT, slug, Integer.toString(index),
        "hint " + index + " of " + slug, trainee.username());
    charged.ifPresent(a -> {
      facts.adjustment(a.event());
      audit.record(trainee.username(), "hint.unlock", "challenge:" + slug,
          Map.of("hint", index, "cost", hint.cost(), "adjustment", a.id, "exercise",
              exercise.id()));
    });
    return content(entry, index, hint, charged.isPresent());
  }

  /** A hint already unlocked (or free), without charge. */
  @Transactional
  public HintContent hint(TraineeRef trainee, String slug, int index) {
    CatalogEntry entry = catalog.visible(slug);
    HintSpec hint = hint(entry, index);
    if (hint.cost() > 0
        && !unlocked(trainee, access.teamFor(trainee, slug), slug, index)) {
      throw new ScoringErrors.HintLocked(slug, index);
    }
    return content(entry, index, hint, false);
  }

  /** The hints of a visible challenge the trainee may read now: free ones and unlocked ones. */
  @Transactional
  public List<HintContent> readableHints(TraineeRef trainee, String slug) {
    CatalogEntry entry = catalog.visible(slug);
    List<HintContent> readable = new ArrayList<>();
    List<HintSpec> hints = entry.spec().hints();
    Optional<TeamRef> team = hints.stream().anyMatch(h -> h.cost() > 0)
        ? access.teamFor(trainee, slug) : Optional.empty();
    for (int i = 0; i < hints.size(); i++) {
      HintSpec hint = hints.get(i);
      if (hint.cost() == 0 || unlocked(trainee, team, slug, i)) {
        readable.add(content(entry, i, hint, false));
      }
    }
    return readable;
  }

  /** Unlocked by the trainee, or in a team exercise by their team. */
  private boolean unlocked(TraineeRef trainee, Optional<TeamRef> team, String slug, int index) {
    return team.isPresent() ? teamScoring.hintUnlocked(team.get().id(), slug, index)
        : PointsAdjustment.hintUnlocked(trainee.id(), slug, index);
  }

  private static HintSpec hint(CatalogEntry entry, int index) {
    List<HintSpec> hints = entry.spec().hints();
    if (index < 0 || index >= hints.size()) {
      throw new ScoringErrors.HintNotFound(entry.slug(), index);
    }
    return hints.get(index);
  }

  private static HintContent content(CatalogEntry entry, int index, HintSpec hint,
      boolean charged) {
    return new HintContent(entry.slug(), index,
        hint.title() == null ? "Hint " + (index + 1) : hint.title(), hint.content(), hint.cost(),
        charged);
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
    insertOnce(passed.traineeId(), into.id(), passed.points(), PointsAdjustment.DEFENSE,
        passed.slug(), passed.check(), "defense check " + passed.check() + " on "
            + passed.slug(), "system")
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

  /** Incidents for officials, oldest first, after {@code afterId}. */
  @Transactional
  public List<IncidentView> incidents(long afterId, int limit) {
    Map<Long, String> names = new HashMap<>();
    return Incident.page(afterId, limit).stream().map(i -> view(i, names)).toList();
  }

  /** Incidents naming the trainee (as submitter or as owner of the shared flag), newest first. */
  @Transactional
  public List<IncidentView> incidentsOf(TraineeRef trainee, int limit) {
    Map<Long, String> names = new HashMap<>();
    return Incident.listInvolving(trainee.id(), limit).stream().map(i -> view(i, names))
        .toList();
  }

  /** An incident with its trainees' and teams' names ({@code names} caches them). */
  private IncidentView view(Incident i, Map<Long, String> names) {
    return new IncidentView(i.id, i.kind, name(names, i.submitterId), name(names, i.ownerId),
        i.challengeSlug, i.issuedSlug, i.instanceId, i.submissionId, i.createdAt,
        teamName(i.submitterTeamId), teamName(i.ownerTeamId));
  }

  private String teamName(Long teamId) {
    return teamId == null ? null : teams.find(teamId).map(TeamRef::name).orElse("#" + teamId);
  }

  /**
   * Trainees who sent many wrong answers to one challenge within the brute-force window (see
   * {@link ScoringConfig#bruteForceAttempts()}), most attempts first.
   */
  @Transactional
  public List<BruteForceView> bruteForce(int limit) {
    Instant since = Instant.now().minus(config.bruteForceWindowMinutes(), ChronoUnit.MINUTES);
    @SuppressWarnings("unchecked")
    List<Object[]> rows = em.createNativeQuery("""
            select trainee_id, challenge_slug, count(*), min(created_at), max(created_at)
            from submission
            where status in ('wrong', 'shared-flag') and created_at >= ?1
            group by trainee_id, challenge_slug having count(*) >= ?2
            order by count(*) desc, max(created_at) desc limit ?3""")
        .setParameter(1, since).setParameter(2, config.bruteForceAttempts())
        .setParameter(3, limit).getResultList();
    Map<Long, String> names = new HashMap<>();
    return rows.stream().map(r -> new BruteForceView(name(names, ((Number) r[0]).longValue()),
        (String) r[1], ((Number) r[2]).longValue(), instant(r[3]), instant(r[4]))).toList();
  }

  /** The trainee's latest submissions, newest first, with the stored preview of each flag. */
  @Transactional
  public List<SubmissionLine> submissionsOf(TraineeRef trainee, int limit) {
    return Submission.listLatestOf(trainee.id(), limit).stream()
        .map(s -> new SubmissionLine(s.id, s.challengeSlug, s.status, s.flagPreview, s.ip,
            s.createdAt))
        .toList();
  }

  private static Instant instant(Object value) {
    return value instanceof java.sql.Timestamp t ? t.toInstant()
        : value instanceof java.time.OffsetDateTime o ? o.toInstant() : (Instant) value;
  }

  private String name(Map<Long, String> cache, long id) {
    return cache.computeIfAbsent(id, k -> identity.byId(k).map(TraineeRef::username)
        .orElse("#" + k));
  }

  private Optional<PointsAdjustment> insertOnce(long traineeId, long exerciseId, int points,
      String kind, String slug, String key, String reason, String actor) {
    Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);
    List<?> id = em.createNativeQuery("""
            insert into points_adjustment (trainee_id, exercise_id, points, kind, challenge_slug,
                                           detail_key, reason, actor, created_at)
            values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
            on conflict (trainee_id, kind, challenge_slug, detail_key)
                where kind in ('first-blood', 'hint', 'defense') do nothing
            returning id""")
        .setParameter(1, traineeId).setParameter(2, exerciseId).setParameter(3, points)
        .setParameter(4, kind).setParameter(5, slug).setParameter(6, key)
        .setParameter(7, reason).setParameter(8, actor)
        .setParameter(9, OffsetDateTime.ofInstant(at, ZoneOffset.UTC))
        .getResultList();
    if (id.isEmpty()) {
      return Optional.empty();
    }
    PointsAdjustment a = new PointsAdjustment();
    a.id = ((Number) id.get(0)).longValue();
    a.traineeId = traineeId;
    a.exerciseId = exerciseId;
    a.points = points;
    a.kind = kind;
    a.challengeSlug = slug;
    a.detailKey = key;
    a.reason = reason;
    a.actor = actor;
    a.createdAt = at;
    return Optional.of(a);
  }
}
