package id.born2control.scoring;

import id.born2control.audit.AuditService;
import id.born2control.catalog.CatalogEntry;
import id.born2control.catalog.CatalogService;
import id.born2control.catalog.ChallengeSpec;
import id.born2control.catalog.ChallengeSpec.FlagLogic;
import id.born2control.flags.FlagCheck;
import id.born2control.flags.FlagMatch;
import id.born2control.flags.FlagText;
import id.born2control.identity.TraineeRef;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The transactional way to judge a flag, for what {@link SubmissionJudge} leaves to the database
 * (attempts limits, all-flags challenges, shared dynamic flags; the rest goes by group commit
 * through {@link SubmissionWriter}). Judges one submitted flag and stores everything it leads to
 * in one transaction: the
 * submission, the solve (at most one per trainee and challenge, by constraint), first blood,
 * a flag-sharing incident, and the audit records. Rule violations throw before anything is
 * written.
 */
@ApplicationScoped
class SubmissionService {

  static final String CORRECT = "correct";
  static final String WRONG = "wrong";
  static final String ALREADY_SOLVED = "already_solved";
  static final String PARTIAL = "partial";
  /** Stored status of a dynamic flag issued to someone else; the trainee is answered wrong. */
  static final String SHARED = "shared-flag";

  private final CatalogService catalog;
  private final ExerciseService exercises;
  private final FlagCheck flags;
  private final SolveCounters counters;
  private final AuditService audit;
  private final EntityManager em;
  private final ScoringConfig config;
  private final SharedFacts facts;

  SubmissionService(CatalogService catalog, ExerciseService exercises, FlagCheck flags,
      SolveCounters counters, AuditService audit, EntityManager em, ScoringConfig config,
      SharedFacts facts) {
    this.catalog = catalog;
    this.exercises = exercises;
    this.flags = flags;
    this.counters = counters;
    this.audit = audit;
    this.em = em;
    this.config = config;
    this.facts = facts;
  }

  @Transactional
  SubmissionResult submit(TraineeRef trainee, String slug, String flag, String ip) {
    counters.know(trainee);
    CatalogEntry entry = catalog.visible(slug);
    ChallengeSpec spec = entry.spec();
    Instant now = Instant.now();
    ExerciseRef exercise = exercises.attribute(slug, trainee.cohort(), now);
    Set<String> solved = counters.solved(trainee.id());
    if (solved.contains(slug)) {
      store(trainee, entry, exercise, flag, false, ALREADY_SOLVED, null, ip);
      return alreadySolved();
    }
    List<String> missing = entry.prerequisites().stream().filter(p -> !solved.contains(p))
        .toList();
    if (!missing.isEmpty()) {
      throw new ScoringErrors.RequirementsNotMet(slug, missing);
    }
    if (spec.attempts() > 0) {
      // Serializes this trainee's submissions so that parallel requests cannot overrun the limit.
      lock(1, (int) (trainee.id() % Integer.MAX_VALUE));
      if (Submission.countWrong(trainee.id(), slug) >= spec.attempts()) {
        throw new ScoringErrors.AttemptsExhausted(slug, spec.attempts());
      }
    }
    Optional<FlagMatch> match = flags.check(spec, trainee.id(), flag);
    if (match.isEmpty()) {
      store(trainee, entry, exercise, flag, false, WRONG, null, ip);
      return wrong(spec, trainee.id(), slug);
    }
    FlagMatch found = match.get();
    if (found.shared()) {
      Submission submission = store(trainee, entry, exercise, flag, false, SHARED, found.kind(),
          ip);
      recordSharing(trainee, null, slug, submission, found);
      return wrong(spec, trainee.id(), slug);
    }
    if (spec.logic() == FlagLogic.ALL) {
      Set<String> required = flags.keys(spec);
      Set<String> have = progress(trainee.id(), slug, found.key());
      if (!have.containsAll(required)) {
        store(trainee, entry, exercise, flag, true, PARTIAL, found.kind(), ip);
        return new SubmissionResult(true, PARTIAL, 0, "Correct flag: " + have.size() + " of "
            + required.size() + " found. Submit the others to solve the challenge.");
      }
    }
    Submission submission = store(trainee, entry, exercise, flag, true, CORRECT, found.kind(), ip);
    return solve(trainee, entry, exercise, submission);
  }

  private SubmissionResult solve(TraineeRef trainee, CatalogEntry entry, ExerciseRef exercise,
      Submission submission) {
    String slug = entry.slug();
    // Solves of one challenge are serialized so that first-blood positions are exact.
    lock(2, slug.hashCode());
    Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);
    List<?> inserted = em.createNativeQuery("""
            insert into solve (trainee_id, challenge_slug, challenge_version_id, exercise_id,
                               submission_id, created_at)
            values (?1, ?2, ?3, ?4, ?5, ?6)
            on conflict on constraint solve_once do nothing
            returning id""")
        .setParameter(1, trainee.id()).setParameter(2, slug).setParameter(3, entry.versionId())
        .setParameter(4, exercise.id()).setParameter(5, submission.id)
        .setParameter(6, OffsetDateTime.ofInstant(at, ZoneOffset.UTC))
        .getResultList();
    if (inserted.isEmpty()) {
      // Another request of the same trainee solved it first: the constraint kept one solve.
      submission.correct = false;
      submission.status = ALREADY_SOLVED;
      audit(trainee, submission, exercise);
      return alreadySolved();
    }
    long solveId = ((Number) inserted.get(0)).longValue();
    Set<Long> unranked = counters.unranked();
    long rankedSolves = ((Number) em.createNativeQuery("""
            select count(*) from solve
            where challenge_slug = ?1 and not (trainee_id = any(cast(?2 as bigint[])))""")
        .setParameter(1, slug).setParameter(2, pgArray(unranked)).getSingleResult()).longValue();
    boolean ranked = trainee.ranked() && !unranked.contains(trainee.id());
    int position = ranked ? (int) rankedSolves : 0;
    ChallengeSpec spec = entry.spec();
    int value = ScoringRules.value(spec, (int) Math.max(1, rankedSolves));
    facts.solve(new SolveRecorded(solveId, trainee.id(), slug, exercise.id(), at, position));
    int bonus = ScoringRules.firstBloodBonus(spec.initialValue(), position,
        config.firstBloodPercentages());
    audit(trainee, submission, exercise);
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("solve", solveId);
    details.put("trainee", trainee.username());
    details.put("exercise", exercise.id());
    details.put("versionId", entry.versionId());
    details.put("position", position);
    details.put("value", value);
    audit.record(trainee.username(), "solve", "challenge:" + slug, details);
    if (bonus > 0) {
      grantFirstBlood(trainee, slug, exercise, position, bonus);
    }
    String message = bonus > 0
        ? "Correct! First blood #" + position + ": +" + bonus + " bonus points."
        : "Correct!";
    return new SubmissionResult(true, CORRECT, value + bonus, message, null, bonus);
  }

  private void grantFirstBlood(TraineeRef trainee, String slug, ExerciseRef exercise,
      int position, int bonus) {
    String reason = "first blood #" + position + " on " + slug;
    Optional<PointsAdjustment> granted = PointsAdjustment.insertOnce(trainee.id(), exercise.id(),
        bonus, PointsAdjustment.FIRST_BLOOD, slug, PointsAdjustment.FIRST_BLOOD, reason, "system");
    if (granted.isEmpty()) {
      return;
    }
    long adjustmentId = granted.get().id;
    facts.adjustment(granted.get().event());
    audit.record("system", "score.first-blood", "trainee:" + trainee.username(),
        Map.of("adjustment", adjustmentId, "points", bonus, "position", position, "challenge",
            slug, "exercise", exercise.id()));
  }

  /**
   * Stores the incident of a dynamic flag submitted by someone it was not issued to, naming the
   * submitter's team ({@code submitterTeamId}, null outside team exercises) and the flag's team.
   */
  void recordSharing(TraineeRef trainee, Long submitterTeamId, String slug, Submission submission,
      FlagMatch found) {
    Incident incident = new Incident();
    incident.kind = Incident.FLAG_SHARING;
    incident.submitterId = trainee.id();
    incident.ownerId = found.sharedFrom().traineeId();
    incident.submitterTeamId = submitterTeamId;
    incident.ownerTeamId = found.sharedFrom().teamId();
    incident.challengeSlug = slug;
    incident.issuedSlug = found.sharedFrom().slug();
    incident.instanceId = found.sharedFrom().instanceId();
    incident.submissionId = submission.id;
    incident.createdAt = submission.createdAt;
    incident.persist();
    audit(trainee, submission, null);
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("incident", incident.id);
    details.put("submitter", trainee.id());
    details.put("owner", incident.ownerId);
    if (submitterTeamId != null) {
      details.put("submitterTeam", submitterTeamId);
    }
    if (incident.ownerTeamId != null) {
      details.put("ownerTeam", incident.ownerTeamId);
    }
    details.put("challenge", slug);
    details.put("issuedFor", incident.issuedSlug);
    details.put("instance", incident.instanceId);
    audit.record("system", "incident.flag-sharing", "trainee:" + trainee.username(), details);
  }

  /** Records the key found and returns every key of this challenge found so far. */
  @SuppressWarnings("unchecked")
  private Set<String> progress(long traineeId, String slug, String key) {
    em.createNativeQuery("""
            insert into flag_progress (trainee_id, challenge_slug, flag_key) values (?1, ?2, ?3)
            on conflict do nothing""")
        .setParameter(1, traineeId).setParameter(2, slug).setParameter(3, key).executeUpdate();
    List<String> keys = em.createNativeQuery(
            "select flag_key from flag_progress where trainee_id = ?1 and challenge_slug = ?2")
        .setParameter(1, traineeId).setParameter(2, slug).getResultList();
    return Set.copyOf(keys);
  }

  Submission store(TraineeRef trainee, CatalogEntry entry, ExerciseRef exercise,
      String flag, boolean correct, String status, String kind, String ip) {
    Submission s = new Submission();
    s.traineeId = trainee.id();
    s.challengeSlug = entry.slug();
    s.exerciseId = exercise.id();
    String normalized = FlagText.normalize(flag);
    s.flagHash = sha256(normalized);
    // A right flag is kept only as its hash; a wrong one's start helps investigate guessing.
    s.flagPreview = correct || SHARED.equals(status)
        ? "" : normalized.substring(0, Math.min(12, normalized.length()));
    s.correct = correct;
    s.status = status;
    s.kind = kind;
    s.ip = ip == null ? null : ip.substring(0, Math.min(64, ip.length()));
    s.createdAt = Instant.now();
    s.persist();
    if (!CORRECT.equals(status) && !SHARED.equals(status)) {
      audit(trainee, s, exercise);
    }
    return s;
  }

  void audit(TraineeRef trainee, Submission s, ExerciseRef exercise) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("submission", s.id);
    details.put("trainee", trainee.username());
    details.put("exercise", s.exerciseId);
    details.put("status", s.status);
    details.put("kind", String.valueOf(s.kind));
    details.put("flagHash", s.flagHash);
    details.put("ip", String.valueOf(s.ip));
    audit.record(trainee.username(), "submission", "challenge:" + s.challengeSlug, details);
  }

  private static SubmissionResult wrong(ChallengeSpec spec, long traineeId, String slug) {
    if (spec.attempts() <= 0) {
      return new SubmissionResult(false, WRONG, 0, "Wrong flag.");
    }
    int left = (int) Math.max(0, spec.attempts() - Submission.countWrong(traineeId, slug));
    return new SubmissionResult(false, WRONG, 0,
        "Wrong flag. " + left + " of " + spec.attempts() + " attempts left.", left, 0);
  }

  static SubmissionResult alreadySolved() {
    return new SubmissionResult(false, ALREADY_SOLVED, 0,
        "You have already solved this challenge.");
  }

  void lock(int space, int key) {
    em.createNativeQuery("select count(*) from (select pg_advisory_xact_lock(?1, ?2)) l")
        .setParameter(1, space).setParameter(2, key).getSingleResult();
  }

  static String pgArray(Set<Long> ids) {
    return ids.stream().map(String::valueOf).collect(Collectors.joining(",", "{", "}"));
  }

  static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
