package id.born2control.labs;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The former lab proxy path {@code /labs/{id}/proxy/{port}/...}: lab content is never served on
 * the range's origin any more (a page a trainee planted would run with the session of whoever
 * opened it). The path now only sends the browser to the one-time link of that lab port
 * ({@link LabWebResource}), which checks who asks and leads to the same path on the lab's own
 * origin.
 */
@ApplicationScoped
class LabProxy {

  private static final String PROXY = "/proxy/";

  void routes(@Observes Router router) {
    router.route("/labs/:id/proxy/:port*").order(-10).handler(this::redirect);
  }

  private void redirect(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    String port = ctx.pathParam("port");
    String rest = labPath(ctx.request().uri());
    String link = "/api/labs/" + URLEncoder.encode(id, StandardCharsets.UTF_8) + "/web/"
        + URLEncoder.encode(port, StandardCharsets.UTF_8)
        + (rest.equals("/") ? "" : "?path=" + URLEncoder.encode(rest, StandardCharsets.UTF_8));
    ctx.response().setStatusCode(303).putHeader(HttpHeaders.LOCATION, link)
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store").end();
  }

  /** {@code /labs/<id>/proxy/<port>/rest?q} becomes {@code /rest?q}. */
  static String labPath(String uri) {
    int proxy = uri.indexOf(PROXY);
    int afterPort = uri.indexOf('/', proxy + PROXY.length());
    int query = uri.indexOf('?');
    if (afterPort < 0 || (query >= 0 && query < afterPort)) {
      return "/" + (query >= 0 ? uri.substring(query) : "");
    }
    return uri.substring(afterPort);
  }
}
