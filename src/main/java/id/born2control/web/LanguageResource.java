package id.born2control.web;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The language switch on every page: remembers the choice in a cookie and goes back. */
@Path("/lang")
@Tag(name = "Pages")
public class LanguageResource {

  @GET
  @Path("{code}")
  @Operation(summary = "Choose the pages' language (id or en) and return to the page")
  public Response choose(@PathParam("code") String code, @QueryParam("then") String then) {
    if (!Pages.LANGUAGES.contains(code)) {
      throw new UnknownLanguageException(code);
    }
    // Not HttpOnly: the big-screen board (a static app) reads it to speak the site's language;
    // it holds nothing but the language code.
    NewCookie cookie = new NewCookie.Builder(Pages.LANG_COOKIE).value(code).path("/")
        .maxAge(365 * 24 * 3600).sameSite(NewCookie.SameSite.LAX).httpOnly(false).build();
    return Response.seeOther(URI.create(Pages.localPath(then))).cookie(cookie).build();
  }
}
