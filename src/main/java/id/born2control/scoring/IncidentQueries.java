package id.born2control.scoring;

import id.born2control.identity.IdentityService;
import id.born2control.identity.TeamRef;
import id.born2control.identity.TeamService;
import id.born2control.identity.TraineeRef;
import id.born2control.scoring.ScoreViews.BruteForceView;
import id.born2control.scoring.ScoreViews.IncidentView;
import id.born2control.scoring.ScoreViews.SubmissionLine;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What officials read about misbehaviour: flag-sharing incidents, brute-force suspects and a
 * trainee's latest submissions, with trainees and teams named.
 */
@ApplicationScoped
public class IncidentQueries {

  private final IdentityService identity;
  private final TeamService teams;
  private final EntityManager em;
  private final ScoringConfig config;

  IncidentQueries(IdentityService identity, TeamService teams, EntityManager em,
      ScoringConfig config) {
    this.identity = identity;
    this.teams = teams;
    this.em = em;
    this.config = config;
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
}
