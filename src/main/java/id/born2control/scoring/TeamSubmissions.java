package id.born2control.scoring;

import id.born2control.audit.AuditService;
import id.born2control.catalog.CatalogEntry;
import id.born2control.catalog.ChallengeSpec;
import id.born2control.catalog.ChallengeSpec.FlagLogic;
import id.born2control.flags.FlagCheck;
import id.born2control.flags.FlagMatch;
import id.born2control.flags.FlagService;
import id.born2control.flags.FlagText;
import id.born2control.flags.IssuedFlagRef;
import id.born2control.identity.IdentityService;
import id.born2control.identity.TeamRef;
import id.born2control.identity.TeamService;
import id.born2control.identity.TraineeRef;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Flags submitted in a team exercise: a right flag solves the challenge for the submitter's
 * current team. One solve per team and challenge is the database's constraint; right flags of one
 * challenge are serialized by an advisory lock per challenge, so a second member submitting at
 * the same instant finds the solve and is answered already solved, and the first-blood places
 * among teams are exact. For {@code logic: team} challenges the team solves
 * once every current member has submitted a right flag. Individual exercises never come here:
 * they keep the group-commit path of {@link SubmissionJudge}.
 */
@ApplicationScoped
class TeamSubmissions {

  /** Advisory-lock space of team solves (1 and 2 are SubmissionService's). */
  static final int LOCK_SPACE = 3;

  private final SubmissionService submissions;
  private final TeamService teams;
  private final IdentityService identities;
  private final FlagCheck flags;
  private final FlagService issued;
  private final AuditService audit;
  private final EntityManager em;
  private final ScoringConfig config;
  private final SharedFacts facts;
  private final ChallengeAccess access;

  TeamSubmissions(SubmissionService submissions, TeamService teams, IdentityService identities,
      FlagCheck flags, AuditService audit, EntityManager em, ScoringConfig config,
      SharedFacts facts, FlagService issued, ChallengeAccess access) {
    this.issued = issued;
    this.access = access;
    this.submissions = submissions;
    this.teams = teams;
    this.identities = identities;
    this.flags = flags;
    this.audit = audit;
    this.em = em;
    this.config = config;
    this.facts = facts;
  }

  @Transactional
  SubmissionResult submit(TraineeRef trainee, CatalogEntry entry, ExerciseRef exercise,
      String flag, String ip) {
    TeamRef team = teams.currentTeam(trainee.id())
        .orElseThrow(() -> new ScoringErrors.NoTeam(exercise.name()));
    String slug = entry.slug();
    ChallengeSpec spec = entry.spec();
    if (solvedBy(team.id()).contains(slug)) {
      submissions.store(trainee, entry, exercise, flag, false, SubmissionService.ALREADY_SOLVED,
          null, ip);
      return alreadySolved();
    }
    // Prerequisites as every page shows them: solved by the team, or alone where played alone.
    List<String> missing = access.missing(trainee.id(), entry);
    if (!missing.isEmpty()) {
      throw new ScoringErrors.RequirementsNotMet(slug, missing);
    }
    if (spec.attempts() > 0) {
      // As for individuals: this trainee's submissions in turn, so parallel ones cannot overrun.
      submissions.lock(1, (int) (trainee.id() % Integer.MAX_VALUE));
      if (Submission.countWrong(trainee.id(), slug) >= spec.attempts()) {
        throw new ScoringErrors.AttemptsExhausted(slug, spec.attempts());
      }
    }
    Optional<FlagMatch> match = flags.check(spec, trainee.id(), flag);
    if (match.isPresent() && !match.get().shared() && "dynamic".equals(match.get().kind())) {
      // A flag of a lab this trainee started: a team lab's is its team's, not theirs to take
      // along to another team, so it is judged below by whom it was issued to.
      FlagMatch own = match.get();
      match = Optional.of(issued.findIssued(FlagText.normalize(flag))
          .filter(i -> i.teamId() != null).map(i -> new FlagMatch(null, own.kind(), i))
          .orElse(own));
    }
    if (match.isPresent() && match.get().shared()) {
      IssuedFlagRef issued = match.get().sharedFrom();
      if (!issuedTo(team, issued)) {
        Submission submission = submissions.store(trainee, entry, exercise, flag, false,
            SubmissionService.SHARED, match.get().kind(), ip);
        submissions.recordSharing(trainee, team.id(), slug, submission, match.get());
        return new SubmissionResult(false, SubmissionService.WRONG, 0, "Wrong flag.");
      }
      if (!issued.slug().equals(slug)) {
        // The team's own flag, of another challenge: wrong here, and nobody shared anything.
        match = Optional.empty();
      }
    }
    if (match.isEmpty()) {
      submissions.store(trainee, entry, exercise, flag, false, SubmissionService.WRONG, null, ip);
      return new SubmissionResult(false, SubmissionService.WRONG, 0, "Wrong flag.");
    }
    // Right flags of this challenge wait here, one at a time: what they read next (the team's
    // solve, the members' progress, the solve count for first blood) is what the last one
    // committed. Wrong flags never wait.
    submissions.lock(LOCK_SPACE, slug.hashCode());
    if (solvedBy(team.id()).contains(slug)) {
      submissions.store(trainee, entry, exercise, flag, false, SubmissionService.ALREADY_SOLVED,
          null, ip);
      return alreadySolved();
    }
    String kind = match.get().kind();
    if (spec.logic() == FlagLogic.TEAM) {
      Set<String> done = progress(team.id(), slug, trainee.id());
      List<String> waiting = team.members().stream().filter(m -> !done.contains(m)).toList();
      if (!waiting.isEmpty()) {
        submissions.store(trainee, entry, exercise, flag, true, SubmissionService.PARTIAL, kind,
            ip);
        return new SubmissionResult(true, SubmissionService.PARTIAL, 0, "Correct flag: "
            + (team.members().size() - waiting.size()) + " of " + team.members().size()
            + " members of your team have submitted it. Waiting for: "
            + String.join(", ", waiting) + ".");
      }
    }
    Submission submission = submissions.store(trainee, entry, exercise, flag, true,
        SubmissionService.CORRECT, kind, ip);
    return solve(trainee, team, entry, exercise, submission);
  }

  private SubmissionResult solve(TraineeRef trainee, TeamRef team, CatalogEntry entry,
      ExerciseRef exercise, Submission submission) {
    String slug = entry.slug();
    Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);
    List<?> inserted = em.createNativeQuery("""
            insert into team_solve (team_id, trainee_id, challenge_slug, challenge_version_id,
                                    exercise_id, submission_id, created_at)
            values (?1, ?2, ?3, ?4, ?5, ?6, ?7)
            on conflict on constraint team_solve_once do nothing
            returning id""")
        .setParameter(1, team.id()).setParameter(2, trainee.id()).setParameter(3, slug)
        .setParameter(4, entry.versionId()).setParameter(5, exercise.id())
        .setParameter(6, submission.id).setParameter(7, OffsetDateTime.ofInstant(at, ZoneOffset.UTC))
        .getResultList();
    if (inserted.isEmpty()) {
      // Only without the lock (never here as written); the constraint keeps one solve anyway.
      submission.correct = false;
      submission.status = SubmissionService.ALREADY_SOLVED;
      submissions.audit(trainee, submission, exercise);
      return alreadySolved();
    }
    long solveId = ((Number) inserted.get(0)).longValue();
    int position = ((Number) em.createNativeQuery(
            "select count(*) from team_solve where challenge_slug = ?1")
        .setParameter(1, slug).getSingleResult()).intValue();
    ChallengeSpec spec = entry.spec();
    int value = ScoringRules.value(spec, Math.max(1, position));
    submissions.audit(trainee, submission, exercise);
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("solve", solveId);
    details.put("team", team.name());
    details.put("teamId", team.id());
    details.put("trainee", trainee.username());
    details.put("exercise", exercise.id());
    details.put("versionId", entry.versionId());
    details.put("position", position);
    details.put("value", value);
    audit.record(trainee.username(), "team.solve", "challenge:" + slug, details);
    facts.teamSolve(new TeamSolveRecorded(solveId, team.id(), trainee.id(), slug, exercise.id(),
        at, position));
    int bonus = ScoringRules.firstBloodBonus(spec.initialValue(), position,
        config.firstBloodPercentages());
    if (bonus > 0) {
      grant(team, trainee.id(), exercise.id(), bonus, TeamScoring.FIRST_BLOOD, slug,
          TeamScoring.FIRST_BLOOD, "first blood #" + position + " on " + slug, "system");
    }
    String message = bonus > 0
        ? "Correct! Your team's first blood #" + position + ": +" + bonus + " bonus points."
        : "Correct! Solved for team " + team.name() + ".";
    return new SubmissionResult(true, SubmissionService.CORRECT, value + bonus, message, null,
        bonus);
  }

  /**
   * Inserts a team adjustment: one that happens once per team and key (first blood, a hint, a
   * defense check) only if it is new; a scenario tick's every time (its tick score row is
   * unique). Answers its id when it was inserted, and then shares and audits it.
   */
  Optional<Long> grant(TeamRef team, Long traineeId, long exerciseId, int points, String kind,
      String slug, String detailKey, String reason, String actor) {
    Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);
    List<?> id = em.createNativeQuery("""
            insert into team_adjustment (team_id, trainee_id, exercise_id, points, kind,
                                         challenge_slug, detail_key, reason, actor, created_at)
            values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
            on conflict (team_id, kind, challenge_slug, detail_key)
                where kind in ('first-blood', 'hint', 'defense') do nothing
            returning id""")
        .setParameter(1, team.id()).setParameter(2, traineeId).setParameter(3, exerciseId)
        .setParameter(4, points).setParameter(5, kind).setParameter(6, slug)
        .setParameter(7, detailKey).setParameter(8, reason).setParameter(9, actor)
        .setParameter(10, OffsetDateTime.ofInstant(at, ZoneOffset.UTC))
        .getResultList();
    if (id.isEmpty()) {
      return Optional.empty();
    }
    long adjustmentId = ((Number) id.get(0)).longValue();
    facts.teamAdjustment(new TeamPointsAdjusted(adjustmentId, team.id(), traineeId, exerciseId,
        points, at, kind, reason));
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("adjustment", adjustmentId);
    details.put("team", team.name());
    details.put("teamId", team.id());
    details.put("points", points);
    details.put("challenge", String.valueOf(slug));
    details.put("exercise", exerciseId);
    audit.record(actor, "team.score." + kind, "team:" + team.id(), details);
    return Optional.of(adjustmentId);
  }

  @SuppressWarnings("unchecked")
  Set<String> solvedBy(long teamId) {
    return new HashSet<>(em.createNativeQuery(
            "select challenge_slug from team_solve where team_id = ?1")
        .setParameter(1, teamId).getResultList());
  }

  /** Records that the member submitted a right flag; the user names of all who have so far. */
  @SuppressWarnings("unchecked")
  private Set<String> progress(long teamId, String slug, long traineeId) {
    em.createNativeQuery("""
            insert into team_flag_progress (team_id, challenge_slug, trainee_id)
            values (?1, ?2, ?3) on conflict do nothing""")
        .setParameter(1, teamId).setParameter(2, slug).setParameter(3, traineeId)
        .executeUpdate();
    return new HashSet<>(em.createNativeQuery("""
            select t.username from team_flag_progress p join trainee t on t.id = p.trainee_id
            where p.team_id = ?1 and p.challenge_slug = ?2""")
        .setParameter(1, teamId).setParameter(2, slug).getResultList());
  }

  /**
   * Whether a dynamic flag is the team's: issued to it (its team lab), or, for a flag of an
   * individual lab, issued to one of its members.
   */
  private boolean issuedTo(TeamRef team, IssuedFlagRef issued) {
    if (issued.teamId() != null) {
      return issued.teamId() == team.id();
    }
    String owner = identities.byId(issued.traineeId()).map(TraineeRef::username).orElse("");
    return team.members().contains(owner);
  }

  private static SubmissionResult alreadySolved() {
    return new SubmissionResult(false, SubmissionService.ALREADY_SOLVED, 0,
        "Your team has already solved this challenge.");
  }
}
