package id.born2control.scoring;

import id.born2control.identity.TeamRef;
import id.born2control.identity.TeamService;
import id.born2control.labs.DefenseCheckPassed;
import id.born2control.labs.ScenarioTickRan;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Team scores outside the submission path: hints unlocked once per team, defense-check and
 * scenario tick points for the team, and every stored team fact in order, for the team board to rebuild from (which
 * team a trainee plays for is {@link ChallengeAccess#teamFor}).
 */
@ApplicationScoped
public class TeamScoring {

  static final String FIRST_BLOOD = PointsAdjustment.FIRST_BLOOD;
  static final String HINT = PointsAdjustment.HINT;
  static final String DEFENSE = PointsAdjustment.DEFENSE;
  static final String SCENARIO = PointsAdjustment.SCENARIO;

  private final TeamService teams;
  private final EntityManager em;
  private final TeamSubmissions submissions;

  TeamScoring(TeamService teams, EntityManager em, TeamSubmissions submissions) {
    this.teams = teams;
    this.em = em;
    this.submissions = submissions;
  }

  /**
   * A defense check held in a lab of a team exercise: its points go to the team whose lab it is
   * (for a lab of the member's own, their current team), once per team, challenge and check, as
   * a flag's points do (the member who started the lab is kept as the one who earned them).
   */
  void defense(DefenseCheckPassed passed, ExerciseRef exercise) {
    Optional<TeamRef> owner = passed.teamId() != null ? teams.find(passed.teamId())
        : teams.currentTeam(passed.traineeId());
    owner.ifPresent(team -> submissions.grant(team,
        passed.traineeId(), exercise.id(), passed.points(), DEFENSE, passed.slug(),
        passed.check(), "defense check " + passed.check() + " on " + passed.slug(), "system"));
  }

  /**
   * A tick of a team lab's scenario scored {@code points} (not 0) in a team exercise: paid to
   * the team whose lab it is (for a member's own lab, their current team) as a team adjustment
   * of kind {@code scenario}, keyed by lab and tick; the member who started the lab is kept as
   * the one who earned it. Answers the adjustment's id, empty when there is no team to pay.
   */
  Optional<Long> scenario(ScenarioTickRan ran, ExerciseRef exercise, int points) {
    Optional<TeamRef> owner = ran.teamId() != null ? teams.find(ran.teamId())
        : teams.currentTeam(ran.traineeId());
    return owner.flatMap(team -> submissions.grant(team, ran.traineeId(), exercise.id(), points,
        SCENARIO, ran.slug(), ran.instanceId() + ":" + ran.tick(),
        "scenario tick " + ran.tick() + " on " + ran.slug(), "system"));
  }

  boolean hintUnlocked(long teamId, String slug, int index) {
    return ((Number) em.createNativeQuery("""
            select count(*) from team_adjustment
            where team_id = ?1 and kind = 'hint' and challenge_slug = ?2 and detail_key = ?3""")
        .setParameter(1, teamId).setParameter(2, slug).setParameter(3, Integer.toString(index))
        .getSingleResult()).longValue() > 0;
  }

  /**
   * Every {@link TeamSolveRecorded} and {@link TeamPointsAdjusted} ever, in time order (then
   * id). Positions are recounted in solve order.
   */
  @Transactional
  @SuppressWarnings("unchecked")
  public List<Record> facts() {
    List<Record> facts = new ArrayList<>();
    java.util.Map<String, Integer> positions = new java.util.HashMap<>();
    List<Object[]> solves = em.createNativeQuery("""
            select id, team_id, trainee_id, challenge_slug, exercise_id, created_at
            from team_solve order by id""", Object[].class).getResultList();
    for (Object[] r : solves) {
      String slug = (String) r[3];
      facts.add(new TeamSolveRecorded(num(r[0]), num(r[1]), num(r[2]), slug, num(r[4]),
          instant(r[5]), positions.merge(slug, 1, Integer::sum)));
    }
    List<Object[]> adjustments = em.createNativeQuery("""
            select id, team_id, trainee_id, exercise_id, points, created_at, kind,
                   coalesce(reason, challenge_slug)
            from team_adjustment order by id""", Object[].class).getResultList();
    for (Object[] r : adjustments) {
      facts.add(new TeamPointsAdjusted(num(r[0]), num(r[1]), r[2] == null ? null : num(r[2]),
          num(r[3]), (int) num(r[4]), instant(r[5]), (String) r[6], (String) r[7]));
    }
    facts.sort(Comparator.comparing(TeamScoring::at).thenComparingLong(TeamScoring::id));
    return facts;
  }

  private static Instant at(Record fact) {
    return fact instanceof TeamSolveRecorded s ? s.at() : ((TeamPointsAdjusted) fact).at();
  }

  private static long id(Record fact) {
    return fact instanceof TeamSolveRecorded s ? s.solveId() : ((TeamPointsAdjusted) fact).id();
  }

  private static long num(Object value) {
    return ((Number) value).longValue();
  }

  private static Instant instant(Object value) {
    if (value instanceof Instant i) {
      return i;
    }
    if (value instanceof OffsetDateTime o) {
      return o.toInstant();
    }
    return ((java.sql.Timestamp) value).toInstant();
  }
}
