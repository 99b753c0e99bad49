package id.born2control.web;

import id.born2control.catalog.CatalogService;
import id.born2control.identity.Roles;
import id.born2control.scoring.ScenarioWalls;
import id.born2control.scoring.ScenarioWalls.WallView;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Comparator;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The live wall of live-fire scenarios for instructors and officials: the scenario challenges,
 * and per challenge its participants × services grid and the adversary's heatmap, rendered
 * from stored ticks and then updated by the page's script from the staff tick stream.
 */
@Path("/wall")
@RolesAllowed({Roles.INSTRUCTOR, Roles.OFFICIAL})
@Produces(MediaType.TEXT_HTML)
@Tag(name = "Pages")
public class ScenarioWallPage {

  private final CatalogService catalog;
  private final ScenarioWalls walls;
  private final Pages pages;

  ScenarioWallPage(CatalogService catalog, ScenarioWalls walls, Pages pages) {
    this.catalog = catalog;
    this.walls = walls;
    this.pages = pages;
  }

  @CheckedTemplate
  static class Templates {
    static native TemplateInstance index(List<ScenarioChallenge> scenarios);

    static native TemplateInstance wall(WallView wall);
  }

  /** A challenge with a scenario, as the wall's index lists it. */
  public record ScenarioChallenge(String slug, String name, int tickSeconds, int checks,
      int steps) {}

  @GET
  @Operation(summary = "The challenges with a live-fire scenario")
  public TemplateInstance index() {
    List<ScenarioChallenge> scenarios = catalog.all().stream()
        .filter(e -> e.spec().scenario() != null)
        .map(e -> new ScenarioChallenge(e.slug(), e.spec().name(),
            e.spec().scenario().tickSeconds(), e.spec().scenario().checks().size(),
            e.spec().scenario().adversary().size()))
        .sorted(Comparator.comparing(ScenarioChallenge::name)).toList();
    return pages.page(Templates.index(scenarios));
  }

  @GET
  @Path("{slug}")
  @Operation(summary = "The live wall of one scenario: participants × services, heatmap")
  public TemplateInstance wall(@PathParam("slug") String slug) {
    return pages.page(Templates.wall(walls.of(slug)));
  }
}
