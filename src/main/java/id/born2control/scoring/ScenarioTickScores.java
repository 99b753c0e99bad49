package id.born2control.scoring;

import id.born2control.audit.AuditService;
import id.born2control.catalog.CatalogService;
import id.born2control.identity.IdentityService;
import id.born2control.identity.TraineeRef;
import id.born2control.labs.ScenarioTickRan;
import id.born2control.scoring.TickScoring.StepOutcome;
import id.born2control.scoring.TickScoring.TickScore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Scores each tick of a lab's scenario ({@link TickScoring} over what the labs feature stored)
 * and stores it once per lab and tick; a non-zero score is paid as a points adjustment of kind
 * {@code scenario} in the same transaction, only while the challenge is open to the trainee (as
 * defense checks are), and recorded in the audit chain, so boards, exports and rebuilds count it.
 * In a team exercise it is the team's ({@link TeamScoring#scenario}): a team adjustment, on the
 * team boards.
 */
@ApplicationScoped
class ScenarioTickScores {

  private final CatalogService catalog;
  private final IdentityService identity;
  private final ChallengeAccess access;
  private final SharedFacts facts;
  private final AuditService audit;
  private final TeamScoring teams;

  ScenarioTickScores(CatalogService catalog, IdentityService identity, ChallengeAccess access,
      SharedFacts facts, AuditService audit, TeamScoring teams) {
    this.teams = teams;
    this.catalog = catalog;
    this.identity = identity;
    this.access = access;
    this.facts = facts;
    this.audit = audit;
  }

  @Transactional
  void onTick(@Observes ScenarioTickRan ran) {
    if (ScenarioTickScore.exists(ran.instanceId(), ran.tick())) {
      return; // another leader stored this tick already
    }
    TickScore score = TickScoring.score(ran.points(), ran.checks(),
        ran.steps().stream().map(s -> StepOutcome.valueOf(s.name())).toList());
    ScenarioTickScore row = new ScenarioTickScore();
    row.instanceId = ran.instanceId();
    row.traineeId = ran.traineeId();
    row.challengeSlug = ran.slug();
    row.tick = ran.tick();
    row.service = score.service();
    row.defended = score.defended();
    row.attacked = score.attacked();
    row.compromised = score.compromised();
    row.total = score.total();
    row.scoredAt = Instant.now();
    if (score.total() != 0) {
      String cohort = identity.byId(ran.traineeId()).map(TraineeRef::cohort).orElse(null);
      Optional<ExerciseRef> open = catalog.find(ran.slug()).flatMap(entry ->
          access.defenseExercise(ran.traineeId(), cohort, entry, ran.at()));
      if (open.isPresent() && open.get().teamMode()) {
        row.teamAdjustmentId = teams.scenario(ran, open.get(), score.total()).orElse(null);
      } else {
        open.ifPresent(into -> row.adjustmentId = pay(ran, into, score.total()).id);
      }
    }
    row.persist();
  }

  private PointsAdjustment pay(ScenarioTickRan ran, ExerciseRef open, int points) {
    PointsAdjustment a = new PointsAdjustment();
    a.traineeId = ran.traineeId();
    a.exerciseId = open.id();
    a.points = points;
    a.kind = PointsAdjustment.SCENARIO;
    a.challengeSlug = ran.slug();
    a.detailKey = ran.instanceId() + ":" + ran.tick();
    a.reason = "scenario tick " + ran.tick() + " on " + ran.slug();
    a.actor = "system";
    a.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
    a.persist();
    facts.adjustment(a.event());
    audit.record("system", "score.scenario", "trainee:" + ran.traineeId(),
        Map.of("adjustment", a.id, "points", points, "challenge", ran.slug(),
            "instance", ran.instanceId(), "tick", ran.tick(), "exercise", a.exerciseId));
    return a;
  }

  /** The tick scores of a lab, oldest first. */
  @Transactional
  List<ScenarioTickScore> ofLab(String instanceId) {
    return ScenarioTickScore.ofLab(instanceId);
  }
}
