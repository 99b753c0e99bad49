package id.born2control.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.born2control.identity.IdentityService;
import id.born2control.identity.Roles;
import id.born2control.identity.TraineeRef;
import id.born2control.scoreboard.ScoreboardService;
import id.born2control.scoreboard.ScoreboardService.Placings;
import id.born2control.scoring.ScoreViews.AdjustmentLine;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * My page: a trainee's score, rank on the overall and cohort boards, score over time (drawn by
 * {@code /scoreboard/charts.js}) and solves. Staff without the trainee role see who they are.
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

  MePage(ScoringService scoring, ScoreboardService scoreboard, IdentityService identities,
      SecurityIdentity identity, ObjectMapper json, Pages pages) {
    this.scoring = scoring;
    this.scoreboard = scoreboard;
    this.identities = identities;
    this.identity = identity;
    this.json = json;
    this.pages = pages;
  }

  @CheckedTemplate
  static class Templates {
    static native TemplateInstance me(TraineeRef me, Score score, Placings placings,
        String chart, List<Adjustment> adjustments);
  }

  /** A point adjustment as my page says it: its kind and what it was for, in my language. */
  public record Adjustment(String kind, String what, int points) {}

  /** System reasons name hints by index ("hint 1 of slug"), defense checks by name. */
  private static final Pattern HINT = Pattern.compile("hint (\\d+) of .*");
  private static final Pattern CHECK = Pattern.compile("defense check (.+) on .*");
  private static final Pattern TICK = Pattern.compile("scenario tick (\\d+) on .*");

  @GET
  @Produces(MediaType.TEXT_HTML)
  @Operation(summary = "My page: score, ranks, score over time and solves")
  public TemplateInstance me() {
    TraineeRef me = identities.current(identity);
    if (!identity.hasRole(Roles.TRAINEE)) {
      return pages.page(Templates.me(me, null, null, null, List.of()));
    }
    Score score = scoring.score(me);
    Messages words = MessageBundles.get(Messages.class, Localized.Literal.of(pages.lang()));
    Map<String, String> names = new HashMap<>();
    score.solves().forEach(s -> names.put(s.slug(), s.name()));
    List<Adjustment> adjustments = score.adjustments().stream()
        .map(a -> adjustment(a, names.getOrDefault(a.challenge(), a.challenge()), words))
        .toList();
    return pages.page(Templates.me(me, score, scoreboard.placings(me.username()),
        chart(score, pages.lang()), adjustments));
  }

  private static Adjustment adjustment(AdjustmentLine a, String challenge, Messages words) {
    String reason = a.reason() == null ? "" : a.reason();
    Matcher hint = HINT.matcher(reason);
    Matcher check = CHECK.matcher(reason);
    return switch (a.kind()) {
      case "first-blood" -> new Adjustment(words.adj_first_blood(), challenge, a.points());
      // Hints are numbered from 1 on the challenge page; the stored index counts from 0.
      case "hint" -> new Adjustment(words.adj_hint(), hint.matches()
          ? words.adj_hint_what(Integer.parseInt(hint.group(1)) + 1, challenge) : challenge,
          a.points());
      case "defense" -> new Adjustment(words.adj_defense(), check.matches()
          ? words.adj_defense_what(check.group(1), challenge) : challenge, a.points());
      case "scenario" -> {
        Matcher tick = TICK.matcher(reason);
        yield new Adjustment(words.adj_scenario(), tick.matches()
            ? words.adj_scenario_what(tick.group(1), challenge) : challenge, a.points());
      }
      case "award" -> new Adjustment(words.adj_award(), reason, a.points());
      case "penalty" -> new Adjustment(words.adj_penalty(), reason, a.points());
      default -> new Adjustment(a.kind(), reason, a.points());
    };
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
