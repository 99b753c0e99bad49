package id.born2control.labs;

import id.born2control.identity.IdentityService;
import id.born2control.identity.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The way into a lab's web site: a one-time link to the lab's own origin. A browser follows the
 * 303 at once; an API client reads the link from the body.
 */
@Path("/api/labs/{id}/web/{port}")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.TRAINEE, Roles.INSTRUCTOR})
@Tag(name = "Labs")
public class LabWebResource {

  private final LabWebLinks links;
  private final IdentityService identities;
  private final SecurityIdentity identity;

  LabWebResource(LabWebLinks links, IdentityService identities, SecurityIdentity identity) {
    this.links = links;
    this.identities = identities;
    this.identity = identity;
  }

  @GET
  @Operation(summary = "A one-time link (valid 60 s) into a web port of my lab, on the lab's own"
      + " origin; 303 to it")
  public Response link(@PathParam("id") String id, @PathParam("port") int port,
      @QueryParam("path") String path, @Context HttpServerRequest request) {
    LabWebLinks.LabWebLink link = links.link(id, identities.current(identity).id(),
        identity.hasRole(Roles.INSTRUCTOR), port, path, request.scheme(),
        request.getHeader("Host"));
    return Response.seeOther(URI.create(link.url())).entity(link)
        .header("Cache-Control", "no-store").header("Referrer-Policy", "no-referrer").build();
  }
}
