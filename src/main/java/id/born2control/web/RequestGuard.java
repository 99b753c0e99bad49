package id.born2control.web;

import id.born2control.problem.Problem;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The range's own guard in front of every route, in one place:
 * <ul>
 * <li>CSRF: a state-changing request (POST, PUT, PATCH, DELETE) that a browser's session cookie
 *     authenticates must be one a foreign page cannot forge: it carries {@value #HEADER}, or a
 *     content type outside the three a cross-site form or no-CORS fetch can send (JSON, CSV), or
 *     is a form, whose csrf-token field quarkus-rest-csrf checks. Bearer-token clients carry no
 *     ambient credential and pass.
 * <li>WebSockets (terminal, proxied lab sockets, tunnels): the upgrade's Origin must be the
 *     range's own (b2c.web.public-url, else the request's Host); a cookie session without Origin
 *     is refused, since every browser sends one.
 * <li>Security headers on the range's own pages (proxied lab content sets its own).
 * </ul>
 */
@ApplicationScoped
class RequestGuard {

  /** The custom header scripts send with state-changing calls that have no JSON body. */
  static final String HEADER = "X-B2C-Request";

  static final String CSP = "default-src 'self'; style-src 'self' 'unsafe-inline';"
      + " img-src 'self' data:; object-src 'none'; base-uri 'self'; frame-ancestors 'self'";

  private static final Set<HttpMethod> CHANGING =
      Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE);
  private static final Set<String> CROSS_SITE_SENDABLE = Set.of("", "text/plain");
  private static final Set<String> FORMS =
      Set.of("application/x-www-form-urlencoded", "multipart/form-data");

  private final Optional<URI> publicUrl;

  RequestGuard(@ConfigProperty(name = "b2c.web.public-url") Optional<URI> publicUrl) {
    this.publicUrl = publicUrl;
  }

  void routes(@Observes Router router) {
    router.route().order(-100).handler(this::guard);
  }

  void guard(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    String path = request.path();
    boolean labContent = path.startsWith("/labs/") && path.contains("/proxy/");
    if (!labContent && !path.startsWith("/q/")) {
      ctx.addHeadersEndHandler(v -> securityHeaders(ctx.response()));
    }
    boolean cookieSession = cookieSession(request);
    if (upgrade(request)) {
      if (!originAllowed(request, cookieSession)) {
        refuse(ctx, "websocket-origin", "Foreign origin",
            "A WebSocket to the range opens only from the range's own pages.");
        return;
      }
    } else if (cookieSession && !labContent && CHANGING.contains(request.method())
        && !unforgeable(request)) {
      refuse(ctx, "csrf", "Request not from the range's pages", "A change made with a browser"
          + " session must send JSON or the " + HEADER + " header (or a form's csrf-token).");
      return;
    }
    ctx.next();
  }

  /** A browser session: the OIDC session cookie and no bearer token. */
  private static boolean cookieSession(HttpServerRequest request) {
    String cookies = request.getHeader(HttpHeaders.COOKIE);
    return cookies != null && cookies.contains("q_session")
        && request.getHeader(HttpHeaders.AUTHORIZATION) == null;
  }

  private static boolean upgrade(HttpServerRequest request) {
    String upgrade = request.getHeader(HttpHeaders.UPGRADE);
    return upgrade != null && upgrade.equalsIgnoreCase("websocket");
  }

  private static boolean unforgeable(HttpServerRequest request) {
    if (request.getHeader(HEADER) != null) {
      return true;
    }
    String type = Optional.ofNullable(request.getHeader(HttpHeaders.CONTENT_TYPE)).orElse("")
        .split(";")[0].trim().toLowerCase(Locale.ROOT);
    return FORMS.contains(type) || !CROSS_SITE_SENDABLE.contains(type);
  }

  private boolean originAllowed(HttpServerRequest request, boolean cookieSession) {
    String origin = request.getHeader(HttpHeaders.ORIGIN);
    if (origin == null) {
      return !cookieSession;
    }
    URI from;
    try {
      from = URI.create(origin);
    } catch (IllegalArgumentException e) {
      return false;
    }
    if (from.getHost() == null) {
      return false;
    }
    if (publicUrl.isPresent()) {
      URI own = publicUrl.get();
      return from.getScheme().equalsIgnoreCase(own.getScheme())
          && from.getHost().equalsIgnoreCase(own.getHost()) && port(from) == port(own);
    }
    String host = request.getHeader(HttpHeaders.HOST);
    return host != null && from.getRawAuthority() != null
        && from.getRawAuthority().equalsIgnoreCase(host);
  }

  private static int port(URI uri) {
    return uri.getPort() != -1 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
  }

  private static void securityHeaders(HttpServerResponse response) {
    if (!response.headers().contains("Content-Security-Policy")) {
      response.putHeader("Content-Security-Policy", CSP);
    }
    response.putHeader("X-Content-Type-Options", "nosniff");
    response.putHeader("Referrer-Policy", "same-origin");
  }

  private static void refuse(RoutingContext ctx, String type, String title, String detail) {
    JsonObject problem = new JsonObject().put("type", Problem.type(type)).put("title", title)
        .put("status", 403).put("detail", detail).put("instance", ctx.request().path());
    ctx.response().setStatusCode(403)
        .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE).end(problem.encode());
  }
}
