package id.born2control.labs;

import id.born2control.identity.IdentityService;
import id.born2control.identity.Roles;
import id.born2control.problem.RangeException;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.httpproxy.HttpProxy;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyOptions;
import io.vertx.httpproxy.ProxyResponse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The authenticated reverse proxy {@code /labs/{id}/proxy/{port}/...} to a lab's http port (HTTP
 * and WebSocket upgrade). Only the lab's owner and instructors pass; the range's own credentials
 * (cookies, Authorization) are not forwarded to the lab.
 */
@ApplicationScoped
class LabProxy {

  private static final String PREFIX = "/labs/";

  private final LabService labs;
  private final IdentityService identities;
  private final Vertx vertx;
  private final Map<HttpServerRequest, Integer> targets = new ConcurrentHashMap<>();
  private HttpProxy proxy;

  LabProxy(LabService labs, IdentityService identities, Vertx vertx) {
    this.labs = labs;
    this.identities = identities;
    this.vertx = vertx;
  }

  void routes(@Observes Router router) {
    HttpClient client = vertx.createHttpClient(new HttpClientOptions().setMaxPoolSize(64)
        .setConnectTimeout(5000));
    proxy = HttpProxy.reverseProxy(new ProxyOptions().setSupportWebSocket(false), client);
    proxy.originSelector(request -> {
      Integer port = targets.remove(request);
      return port == null ? Future.failedFuture("no lab target")
          : Future.succeededFuture(SocketAddress.inetSocketAddress(port, "127.0.0.1"));
    });
    proxy.addInterceptor(new ProxyInterceptor() {
      @Override
      public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
        context.request().setURI(labPath(context.request().getURI()));
        context.request().headers().remove(HttpHeaders.COOKIE)
            .remove(HttpHeaders.AUTHORIZATION);
        return context.sendRequest();
      }
    });
    router.route("/labs/:id/proxy/:port*").order(-10).blockingHandler(this::authorize, false)
        .handler(this::forward);
  }

  /** Who may use this lab, and its host port; answers 401/404/409 itself. */
  private void authorize(RoutingContext ctx) {
    // Authentication is lazy (not proactive): resolve the caller now, on this worker thread.
    SecurityIdentity identity = QuarkusHttpUser.getSecurityIdentityBlocking(ctx, null);
    if (identity == null || identity.isAnonymous()) {
      ctx.response().setStatusCode(401).end("sign in to reach your lab");
      return;
    }
    if (!identity.hasRole(Roles.TRAINEE) && !identity.hasRole(Roles.INSTRUCTOR)) {
      ctx.response().setStatusCode(403).end("only trainees and instructors use labs");
      return;
    }
    try {
      long me = identities.current(identity).id();
      Integer wanted = Integer.valueOf(ctx.pathParam("port"));
      Integer port = labs.httpPort(ctx.pathParam("id"), me, identity.hasRole(Roles.INSTRUCTOR),
          wanted).orElse(null);
      if (port == null) {
        ctx.response().setStatusCode(404).end("this lab has no http port " + wanted);
        return;
      }
      ctx.put("b2c.port", port);
      ctx.next();
    } catch (NumberFormatException e) {
      ctx.response().setStatusCode(404).end("no such lab port");
    } catch (RangeException e) {
      ctx.response().setStatusCode(e.status()).end(e.getMessage());
    }
  }

  private void forward(RoutingContext ctx) {
    int port = ctx.get("b2c.port");
    HttpServerRequest request = ctx.request();
    String upgrade = request.getHeader(HttpHeaders.UPGRADE);
    if (upgrade != null && upgrade.equalsIgnoreCase("websocket")) {
      WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1")
          .setPort(port).setURI(labPath(request.uri()));
      vertx.createWebSocketClient().connect(options).onComplete(upstream -> {
        if (upstream.failed()) {
          ctx.response().setStatusCode(502).end("the lab refused the WebSocket");
          return;
        }
        request.toWebSocket().onComplete(downstream -> {
          if (downstream.failed()) {
            upstream.result().close();
            return;
          }
          downstream.result().frameHandler(upstream.result()::writeFrame);
          upstream.result().frameHandler(downstream.result()::writeFrame);
          downstream.result().closeHandler(v -> upstream.result().close());
          upstream.result().closeHandler(v -> downstream.result().close());
        });
      });
      return;
    }
    targets.put(request, port);
    proxy.handle(request);
  }

  /** {@code /labs/<id>/proxy/<port>/rest?q} becomes {@code /rest?q}. */
  static String labPath(String uri) {
    if (!uri.startsWith(PREFIX)) {
      return uri;
    }
    int proxy = uri.indexOf("/proxy/");
    int afterPort = uri.indexOf('/', proxy + "/proxy/".length());
    int query = uri.indexOf('?');
    if (afterPort < 0 || (query >= 0 && query < afterPort)) {
      return "/" + (query >= 0 ? uri.substring(query) : "");
    }
    return uri.substring(afterPort);
  }
}
