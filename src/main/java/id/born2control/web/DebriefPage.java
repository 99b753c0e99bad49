package id.born2control.web;

import id.born2control.identity.IdentityService;
import id.born2control.identity.Roles;
import id.born2control.scoring.Debriefs;
import id.born2control.scoring.Debriefs.Debrief;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * A participant's lab debrief for instructors and officials: adversary steps, check results
 * and score per tick, and recorded terminal sessions in time order, each session replayable in
 * the page with asciinema-player (bundled by scoreboard-ui as {@code /scoreboard/replay.js}).
 * The player runs its terminal emulator as WebAssembly, so this page alone allows
 * {@code 'wasm-unsafe-eval'} (compiling WebAssembly, not evaluating script text).
 */
@Path("/debrief/{id}")
@Tag(name = "Pages")
@RolesAllowed({Roles.INSTRUCTOR, Roles.OFFICIAL})
public class DebriefPage {

  /** The range's policy, plus compiling the player's WebAssembly. */
  static final String CSP = RequestGuard.CSP + "; script-src 'self' 'wasm-unsafe-eval'";

  private final Debriefs debriefs;
  private final IdentityService identities;
  private final SecurityIdentity identity;
  private final Pages pages;

  DebriefPage(Debriefs debriefs, IdentityService identities, SecurityIdentity identity,
      Pages pages) {
    this.debriefs = debriefs;
    this.identities = identities;
    this.identity = identity;
    this.pages = pages;
  }

  @CheckedTemplate
  static class Templates {
    static native TemplateInstance debrief(Debrief debrief, boolean instructor);
  }

  @GET
  @Produces(MediaType.TEXT_HTML)
  @Operation(summary = "The debrief timeline of a participant's lab (staff; audited)")
  public Response debrief(@PathParam("id") String id) {
    Debrief debrief = debriefs.of(id, identities.current(identity));
    return Response.ok(pages.page(Templates.debrief(debrief,
        identity.hasRole(Roles.INSTRUCTOR)))).header("Content-Security-Policy", CSP).build();
  }
}
