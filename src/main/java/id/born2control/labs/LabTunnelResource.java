package id.born2control.labs;

import id.born2control.identity.IdentityService;
import id.born2control.identity.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Credentials for a lab's tcp tunnel (the tunnel itself is the WebSocket at the same path,
 * {@link LabTunnelRoute}): a one-time ticket for the signed-in owner or an instructor, and the
 * trade of that ticket for a pass by the client on the trainee's own machine.
 */
@Path("/api/labs/{id}/ports/{port}/tunnel")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Labs")
public class LabTunnelResource {

  private final LabTunnels tunnels;
  private final IdentityService identities;
  private final SecurityIdentity identity;

  LabTunnelResource(LabTunnels tunnels, IdentityService identities, SecurityIdentity identity) {
    this.tunnels = tunnels;
    this.identities = identities;
    this.identity = identity;
  }

  /** The body of a ticket trade. */
  public record TicketTrade(String ticket) {}

  @POST
  @Path("ticket")
  @RolesAllowed({Roles.TRAINEE, Roles.INSTRUCTOR})
  @Operation(summary = "A one-time ticket (valid 60 s) for the tunnel to a tcp port of my lab,"
      + " with the command that runs the range's tunnel client")
  public Response ticket(@PathParam("id") String id, @PathParam("port") int port,
      @Context HttpServerRequest request) {
    LabTunnels.TunnelTicket ticket = tunnels.ticket(id, identities.acting(identity).id(),
        identity.hasRole(Roles.INSTRUCTOR), port, request.scheme(), request.getHeader("Host"));
    return Response.ok(ticket).header("Cache-Control", "no-store").build();
  }

  @POST
  @Path("pass")
  @PermitAll
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Trades a tunnel ticket, once, for a pass the tunnel client presents on"
      + " each connection (?pass=)")
  public Response pass(@PathParam("id") String id, @PathParam("port") int port,
      TicketTrade trade) {
    LabTunnels.TunnelPass pass = tunnels.pass(id, port, trade == null ? null : trade.ticket());
    return Response.ok(pass).header("Cache-Control", "no-store").build();
  }
}
