package id.born2control.labs;

import id.born2control.catalog.CatalogEntry;
import id.born2control.catalog.CatalogService;
import id.born2control.catalog.ChallengeNotFoundException;
import id.born2control.identity.IdentityService;
import id.born2control.identity.Roles;
import id.born2control.identity.TraineeRef;
import id.born2control.labs.LabViews.CheckReport;
import id.born2control.labs.LabViews.LabView;
import id.born2control.labs.LabViews.TerminalTicket;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.concurrent.CompletionStage;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestStreamElementType;

/** A trainee's labs: start, list, extend, stop, defense checks and state events. */
@Path("/api/labs")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.TRAINEE, Roles.INSTRUCTOR})
@Tag(name = "Labs")
public class LabResource {

  private final LabService labs;
  private final LabEvents events;
  private final LabStates states;
  private final CatalogService catalog;
  private final IdentityService identities;
  private final SecurityIdentity identity;

  LabResource(LabService labs, LabEvents events, LabStates states, CatalogService catalog,
      IdentityService identities, SecurityIdentity identity) {
    this.states = states;
    this.labs = labs;
    this.events = events;
    this.catalog = catalog;
    this.identities = identities;
    this.identity = identity;
  }

  @POST
  @Path("/{challenge}")
  @Operation(summary = "Start my lab of a challenge, or get the one already active (202)")
  public Response start(@PathParam("challenge") String slug) {
    TraineeRef me = identities.acting(identity);
    CatalogEntry entry = instructor()
        ? catalog.find(slug).orElseThrow(() -> new ChallengeNotFoundException(slug))
        : catalog.visible(slug);
    LabService.Started started = labs.start(me, entry);
    return Response.status(202).entity(started.lab()).build();
  }

  @GET
  @Operation(summary = "My active labs and the last ended ones, with connection info and expiry")
  public List<LabView> mine() {
    return labs.mine(identities.current(identity).id());
  }

  @GET
  @Path("/{id}")
  @Operation(summary = "One of my labs")
  public LabView one(@PathParam("id") String id) {
    return labs.get(id, identities.current(identity).id(), instructor());
  }

  @POST
  @Path("/{id}/extend")
  @Operation(summary = "Give my lab another TTL from now (up to the maximum lifetime)")
  public LabView extend(@PathParam("id") String id) {
    return labs.extend(id, identities.current(identity).id(), instructor());
  }

  @DELETE
  @Path("/{id}")
  @Operation(summary = "Stop and remove my lab; progress is kept")
  public LabView stop(@PathParam("id") String id) {
    return labs.stop(id, identities.current(identity).id(), instructor());
  }

  @POST
  @Path("/{id}/check")
  @Blocking
  @Operation(summary = "Run the defense checks of my lab and record the results (one run at a"
      + " time per lab, rate-limited)")
  public CompletionStage<CheckReport> check(@PathParam("id") String id) {
    return labs.check(id, identities.current(identity).id(), instructor());
  }

  @POST
  @Path("/{id}/terminal/ticket")
  @Operation(summary = "A one-time ticket that opens (or renews) the terminal WebSocket of my lab,"
      + " /api/labs/{id}/terminal?ticket=...")
  public TerminalTicket terminalTicket(@PathParam("id") String id) {
    return labs.terminalTicket(id, identities.acting(identity).id(), instructor());
  }

  @GET
  @Path("/events")
  @Produces(MediaType.SERVER_SENT_EVENTS)
  @RestStreamElementType(MediaType.APPLICATION_JSON)
  @Blocking
  @Operation(summary = "State transitions of my labs, as server-sent events")
  public Multi<LabView> events() {
    long me = identities.current(identity).id();
    return events.of(me, states.teamOf(me));
  }

  private boolean instructor() {
    return identity.hasRole(Roles.INSTRUCTOR);
  }
}
