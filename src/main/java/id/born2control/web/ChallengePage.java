package id.born2control.web;

import id.born2control.catalog.CatalogService;
import id.born2control.catalog.CatalogViews.ChallengeDetail;
import id.born2control.catalog.ChallengeBoard;
import id.born2control.catalog.ChallengeSpec;
import id.born2control.identity.IdentityService;
import id.born2control.identity.Roles;
import id.born2control.identity.TeamService;
import id.born2control.identity.TraineeRef;
import id.born2control.scoring.ScoreViews.HintContent;
import id.born2control.scoring.Hints;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * One challenge as a trainee works on it: description, files, hints, the lab panel and the flag
 * form (the page's script calls the JSON API). {@code ?preview=true} lets instructors see any
 * live challenge, hidden ones included, exactly as a trainee would, with the actions disabled.
 */
@Path("/challenges/{slug}")
@Tag(name = "Pages")
public class ChallengePage {

  private final ChallengeBoard board;
  private final CatalogService catalog;
  private final Hints hints;
  private final IdentityService identities;
  private final SecurityIdentity identity;
  private final Pages pages;
  private final TeamService teams;

  ChallengePage(ChallengeBoard board, CatalogService catalog, Hints hints,
      IdentityService identities, SecurityIdentity identity, Pages pages, TeamService teams) {
    this.teams = teams;
    this.board = board;
    this.catalog = catalog;
    this.hints = hints;
    this.identities = identities;
    this.identity = identity;
    this.pages = pages;
  }

  @CheckedTemplate
  static class Templates {
    static native TemplateInstance challenge(ChallengeDetail challenge, List<Hint> hints,
        List<String> unlockedBy, boolean trainee, boolean team, boolean preview,
        Scenario scenario);
  }

  /**
   * A live-fire lab's scenario as the panel starts: its tick and the services it checks (null
   * for a challenge without one); the page's script fills it from the scenario API and stream.
   */
  public record Scenario(int tickSeconds, List<ChallengeSpec.ScenarioCheck> checks) {}

  /**
   * A hint as listed: its title (null: untitled), its content (sanitized HTML from Markdown) when
   * the trainee may read it, else its cost to unlock.
   */
  public record Hint(int index, String title, int cost, String content) {

    public boolean readable() {
      return content != null;
    }

    public int number() {
      return index + 1;
    }
  }

  @GET
  @Produces(MediaType.TEXT_HTML)
  @Operation(summary = "The challenge page (preview=true: as a trainee sees it, for instructors)")
  public TemplateInstance challenge(@PathParam("slug") String slug,
      @QueryParam("preview") boolean preview) {
    if (preview && !identity.hasRole(Roles.INSTRUCTOR)) {
      throw new ForbiddenException();
    }
    boolean trainee = !preview && identity.hasRole(Roles.TRAINEE);
    ChallengeDetail detail = preview ? board.preview(slug)
        : board.detail(slug, pages.username());
    TraineeRef me = trainee ? identities.current(identity) : null;
    Map<Integer, HintContent> readable = trainee
        ? hints.readableHints(me, slug).stream()
            .collect(Collectors.toMap(HintContent::index, Function.identity()))
        : Map.of();
    // A team member's page also follows the team board: a teammate's solve is the team's.
    boolean team = trainee && teams.currentTeam(me.id()).isPresent();
    // Free hints are open to everyone; paid ones once this trainee unlocked them.
    ChallengeSpec spec = catalog.find(slug).map(e -> e.spec()).orElse(null);
    List<ChallengeSpec.HintSpec> specs = spec == null ? List.of() : spec.hints();
    Scenario scenario = spec == null || spec.scenario() == null ? null
        : new Scenario(spec.scenario().tickSeconds(), spec.scenario().checks());
    List<Hint> hints = detail.hints().stream()
        .map(h -> new Hint(h.index(), specs.get(h.index()).title(), h.cost(), html(h.cost() == 0
            ? specs.get(h.index()).content()
            : readable.containsKey(h.index()) ? readable.get(h.index()).content() : null)))
        .toList();
    List<String> unlockedBy = detail.requirements().missing().stream()
        .map(s -> catalog.find(s).map(e -> e.spec().name()).orElse(s)).toList();
    return pages.page(Templates.challenge(detail, hints, unlockedBy, trainee, team, preview,
        scenario));
  }

  private String html(String markdown) {
    return markdown == null ? null : catalog.markdownToHtml(markdown);
  }
}
