package id.born2control.scoring;

import id.born2control.identity.IdentityService;
import id.born2control.identity.Roles;
import id.born2control.labs.LabScenarios;
import id.born2control.labs.LabScenarios.ScenarioView;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A lab's live-fire scenario panel: its clock, checks, adversary events and tick scores. */
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
  private final IdentityService identities;
  private final SecurityIdentity identity;

  ScenarioResource(LabScenarios scenarios, ScenarioTickScores scores,
      IdentityService identities, SecurityIdentity identity) {
    this.scenarios = scenarios;
    this.scores = scores;
    this.identities = identities;
    this.identity = identity;
  }

  @GET
  @Operation(summary = "The scenario of my lab (any lab for instructors); 404 for others")
  public ScenarioPanel get(@PathParam("id") String id) {
    ScenarioView view = scenarios.view(id, identities.current(identity).id(),
        identity.hasRole(Roles.INSTRUCTOR));
    List<TickLine> ticks = scores.ofLab(id).stream().map(s -> new TickLine(s.tick, s.service,
        s.defended, s.attacked, s.compromised, s.total, s.adjustmentId != null)).toList();
    return new ScenarioPanel(view, ticks, ticks.stream().mapToInt(TickLine::total).sum());
  }
}
