package id.born2control.web;

import id.born2control.identity.SignInProbe;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Browser sign-in. {@code /login} first checks that Keycloak answers: if it does, the browser goes
 * through {@code /login/start} (protected, so quarkus-oidc runs the code flow); if not, the person
 * gets a "sign-in unavailable" page instead of a browser error. {@code /logout} is handled by
 * quarkus-oidc (RP-initiated logout through Keycloak).
 */
@Path("/login")
@Tag(name = "Identity")
public class SignInResource {

  private final SignInProbe probe;
  private final SecurityIdentity identity;

  SignInResource(SignInProbe probe, SecurityIdentity identity) {
    this.probe = probe;
    this.identity = identity;
  }

  @CheckedTemplate
  static class Templates {
    static native TemplateInstance unavailable(boolean configured);
  }

  @GET
  @Produces(MediaType.TEXT_HTML)
  @Operation(summary = "Start browser sign-in (or show why it is unavailable)")
  public Response login(@QueryParam("then") String then) {
    String target = Pages.localPath(then);
    if (!identity.isAnonymous()) {
      return Response.seeOther(URI.create(target)).build();
    }
    if (!probe.available()) {
      return Response.status(503)
          .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
          .header("Retry-After", "30")
          .header("Cache-Control", "no-store")
          .entity(Templates.unavailable(probe.configured()).render())
          .build();
    }
    return Response.seeOther(URI.create(
        "/login/start?then=" + URLEncoder.encode(target, StandardCharsets.UTF_8))).build();
  }

  @GET
  @Path("start")
  @Authenticated
  @Operation(summary = "Code flow entry point: signed in, back to the page the person came from")
  public Response start(@QueryParam("then") String then) {
    return Response.seeOther(URI.create(Pages.localPath(then))).build();
  }
}
