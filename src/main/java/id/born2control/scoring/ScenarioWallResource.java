package id.born2control.scoring;

import id.born2control.identity.Roles;
import id.born2control.scoring.ScenarioWalls.WallView;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestStreamElementType;

/**
 * The staff's live wall of a scenario challenge: participants × services and the heatmap of
 * the adversary's steps, and every tick of its labs as it runs. Instructors and officials only.
 */
@Path("/api/admin/scenarios/{slug}")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.INSTRUCTOR, Roles.OFFICIAL})
@Tag(name = "Labs")
public class ScenarioWallResource {

  private final ScenarioWalls walls;
  private final ScenarioEvents events;

  ScenarioWallResource(ScenarioWalls walls, ScenarioEvents events) {
    this.walls = walls;
    this.events = events;
  }

  @GET
  @Path("wall")
  @Blocking
  @Operation(summary = "Each participant's latest check lights and the adversary's heatmap")
  public WallView wall(@PathParam("slug") String slug) {
    return walls.of(slug);
  }

  @GET
  @Path("events")
  @Produces(MediaType.SERVER_SENT_EVENTS)
  @RestStreamElementType(MediaType.APPLICATION_JSON)
  @Blocking
  @Operation(summary = "Every tick of the challenge's labs as it runs, as server-sent events")
  public Multi<ScenarioPush> events(@PathParam("slug") String slug) {
    walls.requireScenario(slug);
    return events.ofChallenge(slug);
  }
}
