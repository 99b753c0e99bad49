package id.born2control.web;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import java.net.URI;

/** The big-screen scoreboard lives at /scoreboard/ (a static app); its short address leads there. */
@Path("/scoreboard")
public class ScoreboardPage {

  @GET
  public Response redirect() {
    return Response.status(Response.Status.MOVED_PERMANENTLY).location(URI.create("/scoreboard/"))
        .build();
  }
}
