package id.born2control.web;

import id.born2control.catalog.CatalogService;
import id.born2control.catalog.CatalogViews.ChallengeSummary;
import id.born2control.catalog.ChallengeBoard;
import id.born2control.identity.IdentityService;
import id.born2control.identity.Roles;
import id.born2control.identity.TeamService;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The range's front page: the challenge board by category, with each challenge's value, solves,
 * the signed-in trainee's solved mark and what still locks it.
 */
@Path("/")
@Tag(name = "Pages")
public class HomePage {

  private final ChallengeBoard board;
  private final CatalogService catalog;
  private final Pages pages;
  private final SecurityIdentity identity;
  private final IdentityService identities;
  private final TeamService teams;

  HomePage(ChallengeBoard board, CatalogService catalog, Pages pages, SecurityIdentity identity,
      IdentityService identities, TeamService teams) {
    this.board = board;
    this.catalog = catalog;
    this.pages = pages;
    this.identity = identity;
    this.identities = identities;
    this.teams = teams;
  }

  @CheckedTemplate
  static class Templates {
    static native TemplateInstance index(List<Category> categories, int total, int solved,
        boolean team);
  }

  /** A category of the board as the page shows it. */
  public record Category(String name, List<Card> cards) {}

  /** One challenge card; {@code unlockedBy} names the challenges still to solve first. */
  public record Card(String slug, String name, int value, long solves, boolean solved,
      boolean lab, List<String> tags, List<String> unlockedBy) {

    public boolean locked() {
      return !unlockedBy.isEmpty();
    }
  }

  @GET
  @Produces(MediaType.TEXT_HTML)
  @Operation(summary = "The challenge board page")
  public TemplateInstance index() {
    List<Category> categories = board.board(pages.username()).stream()
        .map(c -> new Category(c.category(), c.challenges().stream().map(this::card).toList()))
        .toList();
    List<Card> cards = categories.stream().flatMap(c -> c.cards().stream()).toList();
    // A team member's board also follows the team board: a teammate's solve is the team's.
    boolean team = identity.hasRole(Roles.TRAINEE)
        && teams.currentTeam(identities.current(identity).id()).isPresent();
    return pages.page(Templates.index(categories, cards.size(),
        (int) cards.stream().filter(Card::solved).count(), team));
  }

  private Card card(ChallengeSummary c) {
    List<String> missing = c.requirements().missing().stream()
        .map(slug -> catalog.find(slug).map(e -> e.spec().name()).orElse(slug)).toList();
    return new Card(c.slug(), c.name(), c.value(), c.solves(), c.solved(), c.hasLab(), c.tags(),
        missing);
  }
}
