package id.born2control.labs;

import id.born2control.identity.IdentityService;
import id.born2control.identity.Roles;
import id.born2control.identity.TraineeRef;
import id.born2control.problem.Problem;
import id.born2control.problem.RangeException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.InetSocketAddress;
import org.jboss.logging.Logger;

/**
 * The tunnel to a lab's tcp port: a WebSocket at {@code /api/labs/{id}/ports/{port}/tunnel}
 * whose binary frames carry the raw bytes of one tcp connection to that port (what
 * {@code websocat --binary} speaks; text frames count as bytes too). It opens for the lab's owner
 * or an instructor, known by the range session, a bearer token, a one-time {@code ticket} or a
 * {@code pass} ({@link LabTunnels}); a banned trainee is refused; the upgrade's Origin was checked
 * by the range's request guard before this route runs. Both directions keep Vert.x's
 * backpressure: the lab socket is not read while the WebSocket's write queue is full, and the
 * WebSocket is not read while the lab socket's is.
 */
@ApplicationScoped
class LabTunnelRoute {

  private static final Logger LOG = Logger.getLogger(LabTunnelRoute.class);

  private final LabTunnels tunnels;
  private final IdentityService identities;
  private final NetClient client;

  LabTunnelRoute(LabTunnels tunnels, IdentityService identities, Vertx vertx) {
    this.tunnels = tunnels;
    this.identities = identities;
    this.client = vertx.createNetClient(new NetClientOptions().setConnectTimeout(5000)
        .setTcpNoDelay(true));
  }

  void routes(@Observes Router router) {
    router.get("/api/labs/:id/ports/:port/tunnel").order(-10).handler(this::open);
  }

  private void open(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    if (!"websocket".equalsIgnoreCase(request.getHeader(HttpHeaders.UPGRADE))) {
      refuse(request.response(), LabTunnelException.notWebSocket());
      return;
    }
    String id = ctx.pathParam("id");
    int port;
    try {
      port = Integer.parseInt(ctx.pathParam("port"));
    } catch (NumberFormatException e) {
      refuse(request.response(), LabTunnelException.noTcpPort(id, -1));
      return;
    }
    String ticket = request.getParam("ticket");
    String pass = request.getParam("pass");
    request.pause();
    if (ticket != null || pass != null) {
      admit(ctx, id, port, null, ticket, pass);
      return;
    }
    // No proactive authentication on this range: ask for the session or bearer identity here.
    QuarkusHttpUser.getSecurityIdentity(ctx, null).subscribe().with(
        identity -> admit(ctx, id, port, identity, null, null),
        failure -> refuse(request.response(), failure));
  }

  private void admit(RoutingContext ctx, String id, int port, SecurityIdentity identity,
      String ticket, String pass) {
    ctx.vertx().executeBlocking(() -> {
      LabTunnels.Holder holder = identity == null ? tunnels.holder(id, port, ticket, pass)
          : holder(identity);
      return tunnels.endpoint(id, port, holder);
    }, false).onComplete(found -> {
      if (found.failed()) {
        refuse(ctx.request().response(), found.cause());
      } else {
        connect(ctx.request(), id, port, found.result());
      }
    });
  }

  /** The signed-in caller, who must be a trainee or an instructor, and not banned. */
  private LabTunnels.Holder holder(SecurityIdentity identity) {
    if (!identity.isAnonymous() && !identity.hasRole(Roles.TRAINEE)
        && !identity.hasRole(Roles.INSTRUCTOR)) {
      throw LabTunnelException.forbidden();
    }
    TraineeRef me = identities.acting(identity);
    return new LabTunnels.Holder(me.id(), identity.hasRole(Roles.INSTRUCTOR));
  }

  private void connect(HttpServerRequest request, String id, int port, InetSocketAddress to) {
    client.connect(to.getPort(), to.getHostString()).onComplete(up -> {
      if (up.failed()) {
        LOG.debugf("Labs: tunnel to %s port %d failed: %s", id, port, up.cause().getMessage());
        refuse(request.response(), LabTunnelException.unreachable(id, port));
        return;
      }
      NetSocket lab = up.result();
      // The lab may speak first: its bytes wait until the WebSocket is accepted.
      lab.pause();
      request.toWebSocket().onComplete(down -> {
        if (down.failed()) {
          lab.close();
          return;
        }
        ServerWebSocket socket = down.result();
        // pipeTo pauses each source while its destination's write queue is full, and ends the
        // destination when the source ends or fails.
        socket.pipeTo(lab);
        lab.pipeTo(socket);
        socket.closeHandler(v -> lab.close());
        lab.closeHandler(v -> {
          if (!socket.isClosed()) {
            socket.close();
          }
        });
      });
    });
  }

  private static void refuse(HttpServerResponse response, Throwable cause) {
    if (response.ended() || response.closed()) {
      return;
    }
    int status;
    String type;
    String title;
    String detail;
    if (cause instanceof RangeException e) {
      status = e.status();
      type = e.problem();
      title = e.title();
      detail = e.getMessage();
    } else if (cause instanceof AuthenticationFailedException) {
      status = 401;
      type = "not-signed-in";
      title = "Not signed in";
      detail = "The bearer token or session is not valid.";
    } else {
      LOG.warnf("Labs: tunnel refused: %s", cause.toString());
      status = 500;
      type = "lab-tunnel-failed";
      title = "Tunnel failed";
      detail = "The tunnel could not be opened.";
    }
    response.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
        .end(new JsonObject().put("type", Problem.type(type)).put("title", title)
            .put("status", status).put("detail", detail).encode());
  }
}
