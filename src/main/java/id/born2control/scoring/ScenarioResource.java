package id.born2control.scoring;

import id.born2control.identity.IdentityService;
import id.born2control.identity.Roles;
import id.born2control.labs.LabScenarios;
import id.born2control.labs.LabScenarios.ScenarioView;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestStreamElementType;

/**
 * A lab's live-fire scenario panel: its clock, checks, adversary events and tick scores, and
 * their live stream.
 */
@Path("/api/labs/{id}/scenario")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.TRAINEE, Roles.INSTRUCTOR})
@Tag(name = "Labs")
public class ScenarioResource {

  /** The score of one tick; {@code paid} false while the challenge was not open. */
  public record TickLine(long tick, int service, int defended, int attacked, int compromised,
      int total, boolean paid) {}

  /** The panel: the lab's scenario and its score per tick. */
  public record ScenarioPanel(ScenarioView scenario, List<TickLine> ticks, int total) {}

  private final LabScenarios scenarios;
  private final ScenarioTickScores scores;
  private final ScenarioEvents events;
  private final IdentityService identities;
  private final SecurityIdentity identity;

  ScenarioResource(LabScenarios scenarios, ScenarioTickScores scores, ScenarioEvents events,
      IdentityService identities, SecurityIdentity identity) {
    this.scenarios = scenarios;
    this.scores = scores;
    this.events = events;
    this.identities = identities;
    this.identity = identity;
  }

  @GET
  @Operation(summary = "The scenario of my lab (any lab for instructors); 404 for others")
  public ScenarioPanel get(@PathParam("id") String id) {
    ScenarioView view = scenarios.view(id, identities.current(identity).id(),
        identity.hasRole(Roles.INSTRUCTOR));
    List<TickLine> ticks = scores.ofLab(id).stream().map(ScenarioResource::line).toList();
    return new ScenarioPanel(view, ticks, ticks.stream().mapToInt(TickLine::total).sum());
  }

  /**
   * Each tick of the lab as it is stored and scored, as server-sent events ({@link ScenarioPush});
   * only the owner's (or an instructor's) stream opens, and it carries this lab's ticks alone.
   * A client re-reads {@link #get} when it (re)connects.
   */
  @GET
  @Path("events")
  @Produces(MediaType.SERVER_SENT_EVENTS)
  @RestStreamElementType(MediaType.APPLICATION_JSON)
  @Blocking
  @Operation(summary = "The ticks of my lab's scenario as they run, as server-sent events")
  public Multi<ScenarioPush> events(@PathParam("id") String id) {
    scenarios.requireVisible(id, identities.current(identity).id(),
        identity.hasRole(Roles.INSTRUCTOR));
    return events.ofLab(id);
  }

  static TickLine line(ScenarioTickScore s) {
    return new TickLine(s.tick, s.service, s.defended, s.attacked, s.compromised, s.total,
        s.paid());
  }
}
