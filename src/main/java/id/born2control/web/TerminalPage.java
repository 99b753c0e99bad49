package id.born2control.web;

import id.born2control.identity.IdentityService;
import id.born2control.identity.Roles;
import id.born2control.labs.LabService;
import id.born2control.labs.LabViews.LabView;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The in-browser terminal of one of the caller's labs: xterm.js (bundled by scoreboard-ui as
 * {@code /scoreboard/terminal.js}) attached to the lab's exec WebSocket.
 */
@Path("/labs/{id}/terminal")
@Tag(name = "Pages")
@RolesAllowed({Roles.TRAINEE, Roles.INSTRUCTOR})
public class TerminalPage {

  private final LabService labs;
  private final IdentityService identities;
  private final SecurityIdentity identity;
  private final Pages pages;

  TerminalPage(LabService labs, IdentityService identities, SecurityIdentity identity,
      Pages pages) {
    this.labs = labs;
    this.identities = identities;
    this.identity = identity;
    this.pages = pages;
  }

  @CheckedTemplate
  static class Templates {
    static native TemplateInstance terminal(LabView lab);
  }

  @GET
  @Produces(MediaType.TEXT_HTML)
  @Operation(summary = "The terminal page of one of my labs")
  public TemplateInstance terminal(@PathParam("id") String id) {
    LabView lab = labs.get(id, identities.current(identity).id(),
        identity.hasRole(Roles.INSTRUCTOR));
    return pages.page(Templates.terminal(lab));
  }
}
