package id.born2control.scoring;

import id.born2control.identity.IdentityService;
import id.born2control.identity.Roles;
import id.born2control.identity.TraineeRef;
import id.born2control.labs.ScenarioWall;
import id.born2control.labs.ScenarioWall.StepHeat;
import id.born2control.labs.ScenarioWall.Wall;
import id.born2control.labs.ScenarioWall.WallRow;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
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

  /** A participant's row with who they are. */
  public record Participant(String username, String displayName, WallRow row) {}

  /** The wall, participants named. */
  public record WallView(String challenge, String name, int tickSeconds, List<String> checks,
      List<Participant> participants, List<StepHeat> heat) {}

  private final ScenarioWall walls;
  private final ScenarioEvents events;
  private final IdentityService identities;

  ScenarioWallResource(ScenarioWall walls, ScenarioEvents events, IdentityService identities) {
    this.walls = walls;
    this.events = events;
    this.identities = identities;
  }

  @GET
  @Path("wall")
  @Blocking
  @Operation(summary = "Each participant's latest check lights and the adversary's heatmap")
  public WallView wall(@PathParam("slug") String slug) {
    return view(slug);
  }

  /** The wall for the staff page as well as the API. */
  WallView view(String slug) {
    Wall wall = walls.of(slug);
    // one read of the directory rather than one per participant
    Map<Long, TraineeRef> named = identities.all().stream()
        .collect(Collectors.toMap(TraineeRef::id, Function.identity()));
    List<Participant> participants = wall.rows().stream().map(r -> {
      TraineeRef who = named.get(r.traineeId());
      return new Participant(who == null ? "#" + r.traineeId() : who.username(),
          who == null ? null : who.displayName(), r);
    }).toList();
    return new WallView(wall.challenge(), wall.name(), wall.tickSeconds(), wall.checks(),
        participants, wall.heat());
  }

  @GET
  @Path("events")
  @Produces(MediaType.SERVER_SENT_EVENTS)
  @RestStreamElementType(MediaType.APPLICATION_JSON)
  @Blocking
  @Operation(summary = "Every tick of the challenge's labs as it runs, as server-sent events")
  public Multi<ScenarioPush> events(@PathParam("slug") String slug) {
    walls.of(slug); // 404 for a challenge without a scenario
    return events.ofChallenge(slug);
  }
}
