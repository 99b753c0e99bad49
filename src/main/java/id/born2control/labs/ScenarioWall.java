package id.born2control.labs;

import id.born2control.catalog.CatalogService;
import id.born2control.catalog.ChallengeNotFoundException;
import id.born2control.catalog.ChallengeSpec;
import id.born2control.catalog.ChallengeSpec.AdversaryStep;
import id.born2control.catalog.ChallengeSpec.ScenarioCheck;
import id.born2control.labs.LabScenarios.CheckLight;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The staff's view of a scenario challenge across its participants: for each trainee's latest
 * lab of the challenge (each team's, for team labs: a team is one participant), the latest light of each check (a participants × services grid, as on
 * attack-defense boards), and for each adversary step against how many participants it ran and
 * succeeded (the heatmap). Read in three queries whatever the number of participants.
 */
@ApplicationScoped
public class ScenarioWall {

  /**
   * One participant's row: their latest lab of the challenge and its latest check lights; a
   * team's ({@code teamId}; {@code traineeId} is the member who started it) or a trainee's.
   */
  public record WallRow(String lab, long traineeId, Long teamId, String state, long tick,
      List<CheckLight> checks) {

    /** Who the row is, whichever lab they restart: {@code team:<id>} or {@code trainee:<id>}. */
    public String participant() {
      return teamId != null ? "team:" + teamId : "trainee:" + traineeId;
    }
  }

  /**
   * One adversary step over all participants: {@code participants} it ran against (succeeded
   * or stopped at least once), {@code succeeded} of them it succeeded against at least once.
   */
  public record StepHeat(String step, String technique, long participants, long succeeded) {

    /** The share of its participants the step succeeded against, in whole percent. */
    public long percent() {
      return participants == 0 ? 0 : succeeded * 100 / participants;
    }
  }

  /** The wall of one scenario challenge. */
  public record Wall(String challenge, String name, int tickSeconds, List<String> checks,
      List<WallRow> rows, List<StepHeat> heat) {}

  private final CatalogService catalog;

  ScenarioWall(CatalogService catalog) {
    this.catalog = catalog;
  }

  /** The wall of a challenge; 404 when there is no such challenge or it has no scenario. */
  public Wall of(String slug) {
    ChallengeSpec spec = catalog.find(slug).map(e -> e.spec())
        .filter(s -> s.scenario() != null)
        .orElseThrow(() -> new ChallengeNotFoundException(slug));
    List<ScenarioCheck> checks = spec.scenario().checks();
    List<LabInstance> labs = LabStates.tx(() -> LabInstance.<LabInstance>list(
        "from LabInstance l where l.challengeSlug = ?1 and l.id = (select max(m.id)"
            + " from LabInstance m where m.challengeSlug = ?1 and (m.teamId = l.teamId"
            + " or (l.teamId is null and m.teamId is null and m.traineeId = l.traineeId)))"
            + " order by l.teamId nulls first, l.traineeId",
        slug));
    Map<String, Map<String, ScenarioCheckResult>> latest = new HashMap<>();
    LabStates.tx(() -> ScenarioCheckResult.<ScenarioCheckResult>list(
        "from ScenarioCheckResult r where r.instanceId in (select l.instanceId"
            + " from LabInstance l where l.challengeSlug = ?1) and r.tick = (select max(x.tick)"
            + " from ScenarioCheckResult x where x.instanceId = r.instanceId) order by r.id",
        slug))
        .forEach(r -> latest.computeIfAbsent(r.instanceId, k -> new HashMap<>())
            .putIfAbsent(r.checkName, r));
    List<WallRow> rows = labs.stream().map(lab -> {
      Map<String, ScenarioCheckResult> results = latest.getOrDefault(lab.instanceId, Map.of());
      long tick = results.values().stream().mapToLong(r -> r.tick).max().orElse(0);
      return new WallRow(lab.instanceId, lab.traineeId, lab.teamId,
          lab.state.name().toLowerCase(), tick,
          checks.stream().map(c -> LabScenarios.light(c, results.get(c.name()))).toList());
    }).toList();
    return new Wall(slug, spec.name(), spec.scenario().tickSeconds(),
        checks.stream().map(ScenarioCheck::name).toList(), rows, heat(slug, spec));
  }

  /** Every step of the scenario, in its order, with whom it ran against and succeeded. */
  private static List<StepHeat> heat(String slug, ChallengeSpec spec) {
    Map<String, Long> ran = participants(slug, List.of(AdversaryOutcome.SUCCEEDED,
        AdversaryOutcome.STOPPED));
    Map<String, Long> succeeded = participants(slug, List.of(AdversaryOutcome.SUCCEEDED));
    Map<String, StepHeat> heat = new LinkedHashMap<>();
    for (AdversaryStep step : spec.scenario().adversary()) {
      heat.putIfAbsent(step.name(), new StepHeat(step.name(), step.technique(),
          ran.getOrDefault(step.name(), 0L), succeeded.getOrDefault(step.name(), 0L)));
    }
    return List.copyOf(heat.values());
  }

  /**
   * Per step: how many participants' labs of the challenge (a team's counting once, whichever
   * member started them) had a run of it with one of outcomes.
   */
  private static Map<String, Long> participants(String slug, List<AdversaryOutcome> outcomes) {
    return LabStates.tx(() -> ScenarioStepRun.getEntityManager().createQuery(
        "select s.stepName, count(distinct case when l.teamId is null then l.traineeId"
            + " else -l.teamId end) from ScenarioStepRun s, LabInstance l"
            + " where l.instanceId = s.instanceId and l.challengeSlug = ?1"
            + " and s.outcome in ?2 group by s.stepName", Object[].class)
        .setParameter(1, slug).setParameter(2, outcomes).getResultList()).stream()
        .collect(Collectors.toMap(r -> (String) r[0], r -> ((Number) r[1]).longValue()));
  }
}
