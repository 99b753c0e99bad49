package id.born2control.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.born2control.identity.IdentityService;
import id.born2control.identity.Roles;
import id.born2control.identity.TeamRef;
import id.born2control.identity.TeamService;
import id.born2control.identity.TraineeRef;
import id.born2control.scoreboard.ScoreboardService;
import id.born2control.scoreboard.ScoreboardService.Placing;
import id.born2control.scoreboard.ScoreboardService.Placings;
import id.born2control.scoreboard.TeamBoards;
import id.born2control.scoring.ScoreViews.Score;
import id.born2control.scoring.ScoringService;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.qute.i18n.Localized;
import io.quarkus.qute.i18n.MessageBundles;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * My page: a trainee's score, rank on the overall and cohort boards, their team's score and
 * rank on the team board, score over time (drawn by {@code /scoreboard/charts.js}) and solves.
 * Staff without the trainee role see who they are.
 */
@Path("/me")
@Tag(name = "Pages")
@Authenticated
public class MePage {

  private final ScoringService scoring;
  private final ScoreboardService scoreboard;
  private final IdentityService identities;
  private final SecurityIdentity identity;
  private final ObjectMapper json;
  private final Pages pages;
  private final TeamService teams;
  private final TeamBoards teamBoards;

  MePage(ScoringService scoring, ScoreboardService scoreboard, IdentityService identities,
      SecurityIdentity identity, ObjectMapper json, Pages pages, TeamService teams,
      TeamBoards teamBoards) {
    this.teams = teams;
    this.teamBoards = teamBoards;
    this.scoring = scoring;
    this.scoreboard = scoreboard;
    this.identities = identities;
    this.identity = identity;
    this.json = json;
    this.pages = pages;
  }

  @CheckedTemplate
  static class Templates {
    static native TemplateInstance me(TraineeRef me, String team, Score score,
        Placings placings, Placing teamPlacing, String chart,
        List<AdjustmentTexts.Adjustment> adjustments);
  }

  @GET
  @Produces(MediaType.TEXT_HTML)
  @Operation(summary = "My page: score, ranks, score over time and solves")
  public TemplateInstance me() {
    TraineeRef me = identities.current(identity);
    Optional<TeamRef> myTeam = teams.currentTeam(me.id());
    String team = myTeam.map(TeamRef::name).orElse(null);
    if (!identity.hasRole(Roles.TRAINEE)) {
      return pages.page(Templates.me(me, team, null, null, null, null, List.of()));
    }
    // A member sees the team's score too: in a team exercise the team's solves count there.
    Placing teamPlacing = myTeam.map(t -> teamBoards.placing(t.id())).orElse(null);
    Score score = scoring.score(me);
    Messages words = MessageBundles.get(Messages.class, Localized.Literal.of(pages.lang()));
    Map<String, String> names = new HashMap<>();
    score.solves().forEach(s -> names.put(s.slug(), s.name()));
    List<AdjustmentTexts.Adjustment> adjustments = score.adjustments().stream()
        .map(a -> AdjustmentTexts.of(a, names.getOrDefault(a.challenge(), a.challenge()), words))
        .toList();
    return pages.page(Templates.me(me, team, score, scoreboard.placings(me.username()),
        teamPlacing, chart(score, pages.lang()), adjustments));
  }

  /** Score over time: every solve and adjustment in order, summed; a chart for charts.js. */
  private String chart(Score score, String lang) {
    record Step(Instant at, int points) {}
    List<Step> steps = new ArrayList<>();
    score.solves().forEach(s -> steps.add(new Step(s.at(), s.points())));
    score.adjustments().forEach(a -> steps.add(new Step(a.at(), a.points())));
    steps.sort(Comparator.comparing(Step::at));
    List<Long> x = new ArrayList<>();
    List<Integer> values = new ArrayList<>();
    int total = 0;
    for (Step step : steps) {
      total += step.points();
      long second = step.at().getEpochSecond();
      // A solve and its first-blood bonus land milliseconds apart: one point on the chart.
      if (!x.isEmpty() && x.get(x.size() - 1) == second) {
        values.set(values.size() - 1, total);
        continue;
      }
      x.add(second);
      values.add(total);
    }
    String label = MessageBundles.get(Messages.class, Localized.Literal.of(lang)).me_score();
    try {
      return json.writeValueAsString(Map.of("title", label, "kind", "line", "x", x,
          "series", List.of(Map.of("label", label, "values", values))));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
