package id.born2control.labs;

import id.born2control.problem.RangeException;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Lab web sites on their own origins: every request whose Host is under
 * {@code b2c.labs.web-domain} is claimed here, before any route of the range (so no range
 * endpoint ever answers a lab host), and served only to a browser holding that lab host's pass
 * cookie. The pass comes from a one-time link ({@link LabWebLinks}) opened at
 * {@code /.b2c/enter?ticket=...}; it is host-only, HttpOnly and SameSite=Lax, so it reaches this
 * one lab host and nothing else, while the range's own cookies never reach any lab host.
 */
@ApplicationScoped
class LabWebOrigin {

  private static final Logger LOG = Logger.getLogger(LabWebOrigin.class);
  static final String ENTER = "/.b2c/enter";
  /** Before every route of the range, security filters included (CORS is -300). */
  private static final int ORDER = -1000;

  private final LabService labs;
  private final LabWebTickets tickets;
  private final LabWebRelay relay;
  private final LabsConfig config;

  LabWebOrigin(LabService labs, LabWebTickets tickets, LabWebRelay relay, LabsConfig config) {
    this.labs = labs;
    this.tickets = tickets;
    this.relay = relay;
    this.config = config;
  }

  void routes(@Observes Router router) {
    router.route().order(ORDER).handler(this::route);
  }

  /**
   * The lab label of a Host header: empty when the host is not under the lab web domain (a
   * range request); the label, possibly blank or malformed, when it is.
   */
  static Optional<String> label(String host, String domain) {
    if (host == null) {
      return Optional.empty();
    }
    String name = host.toLowerCase(Locale.ROOT);
    int colon = name.lastIndexOf(':');
    if (colon > 0 && name.indexOf(']') < colon) {
      name = name.substring(0, colon);
    }
    if (name.endsWith(".")) {
      name = name.substring(0, name.length() - 1);
    }
    String suffix = "." + domain.toLowerCase(Locale.ROOT);
    if (name.equals(domain.toLowerCase(Locale.ROOT))) {
      return Optional.of("");
    }
    return name.endsWith(suffix)
        ? Optional.of(name.substring(0, name.length() - suffix.length())) : Optional.empty();
  }

  private void route(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    String label = label(request.getHeader(HttpHeaders.HOST), config.webDomain()).orElse(null);
    if (label == null) {
      ctx.next();
      return;
    }
    request.pause();
    if (!label.matches("[0-9a-f]{32}")) {
      page(request.response(), 404, "No such lab site",
          "Situs lab ini tidak ada. There is no lab web site at this address.");
      return;
    }
    if (ENTER.equals(request.path())) {
      enter(ctx, label);
      return;
    }
    ctx.vertx().executeBlocking(() -> target(request, label), false).onComplete(found -> {
      if (found.failed()) {
        refuse(request.response(), found.cause());
        return;
      }
      LabWebRelay.Target target = found.result().orElse(null);
      if (target == null) {
        page(request.response(), 401, "Open this lab from the range",
            "Buka lab ini dari panel lab di range. This is a lab's own web site: open it with the"
                + " link in the range's lab panel, which lets this browser into this lab only.");
      } else if (!"websocket".equalsIgnoreCase(request.getHeader(HttpHeaders.UPGRADE))) {
        relay.http(request, target);
      } else if (target.origin().equalsIgnoreCase(request.getHeader(HttpHeaders.ORIGIN))) {
        relay.webSocket(request, target);
      } else {
        // A page of another origin (another lab, the range) may not open this lab's WebSocket
        // with this browser's pass.
        page(request.response(), 403, "WebSocket from another site",
            "WebSocket ke situs lab hanya dari situs lab itu sendiri. Only this lab's own pages"
                + " may open its WebSockets.");
      }
    });
  }

  /** Where this request goes, if the browser holds a pass of this lab host; checks the lab. */
  private Optional<LabWebRelay.Target> target(HttpServerRequest request, String label) {
    byte[] key = tickets.key();
    Instant now = Instant.now();
    for (Cookie cookie : request.cookies(LabWebPass.COOKIE)) {
      Optional<LabWebPass> pass = LabWebPass.decode(key, cookie.getValue(), now)
          .filter(p -> LabWebPass.label(key, p.instanceId(), p.port()).equals(label));
      if (pass.isPresent()) {
        LabWebPass p = pass.get();
        // The lab must still run, and still be this person's (or they still an instructor).
        InetSocketAddress endpoint = labs.webEndpoint(p.instanceId(), p.traineeId(),
            p.instructor(), p.port())
            .orElseThrow(() -> LabWebException.noHttpPort(p.instanceId(), p.port()));
        return Optional.of(new LabWebRelay.Target(endpoint, p.port(), origin(request)));
      }
    }
    return Optional.empty();
  }

  /** Opens a one-time link: the ticket becomes this lab host's pass cookie, once. */
  private void enter(RoutingContext ctx, String label) {
    HttpServerRequest request = ctx.request();
    String ticket = request.getParam("ticket");
    ctx.vertx().executeBlocking(() -> {
      byte[] key = tickets.key();
      return tickets.redeem(ticket)
          .filter(g -> LabWebPass.label(key, g.instanceId(), g.port()).equals(label))
          .map(g -> new Object[] {new LabWebPass(g.instanceId(), g.port(), g.traineeId(),
              g.instructor(), Instant.now().getEpochSecond() + config.maxLifetimeSeconds())
              .encode(key), g.path()});
    }, false).onComplete(redeemed -> {
      HttpServerResponse response = request.response();
      if (redeemed.failed()) {
        refuse(response, redeemed.cause());
        return;
      }
      if (redeemed.result().isEmpty()) {
        page(response, 403, "This lab link was used already",
            "Tautan lab hanya berlaku sekali dan satu menit. A lab link opens once, within a"
                + " minute, for the browser that opens it first. Open the lab again from the"
                + " range's lab panel.");
        return;
      }
      Object[] entered = redeemed.result().get();
      response.addCookie(Cookie.cookie(LabWebPass.COOKIE, (String) entered[0]).setPath("/")
          .setHttpOnly(true).setSameSite(CookieSameSite.LAX)
          .setSecure("https".equals(request.scheme())));
      response.setStatusCode(303).putHeader(HttpHeaders.LOCATION, (String) entered[1])
          .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
          .putHeader("Referrer-Policy", "no-referrer").end();
    });
  }

  private static String origin(HttpServerRequest request) {
    return request.scheme() + "://" + request.getHeader(HttpHeaders.HOST);
  }

  private static void refuse(HttpServerResponse response, Throwable cause) {
    if (cause instanceof RangeException e) {
      page(response, e.status(), e.title(), e.getMessage());
    } else {
      LOG.warnf("Labs: lab web request failed: %s", cause.toString());
      page(response, 502, "The lab cannot be reached", "Situs lab tidak dapat dihubungi.");
    }
  }

  /** A small page of the lab host itself (its own, sandboxed, nothing loaded from elsewhere). */
  static void page(HttpServerResponse response, int status, String title, String text) {
    if (response.ended() || response.closed()) {
      return;
    }
    if (response.headWritten()) {
      response.reset();
      return;
    }
    response.headers().clear();
    response.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=utf-8")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
        .putHeader("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
        .end("<!doctype html><html><head><meta charset=\"utf-8\"><title>" + escape(title)
            + "</title></head><body style=\"font-family:sans-serif;max-width:40em;margin:3em"
            + " auto\"><h1>" + escape(title) + "</h1><p>" + escape(text) + "</p></body></html>");
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
