package id.born2control.web;

import io.quarkus.resteasy.reactive.server.runtime.ResteasyReactiveRecorder;
import io.quarkus.vertx.http.runtime.security.HttpSecurityRecorder.DefaultAuthFailureHandler;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.lang.reflect.Constructor;
import java.util.function.BiConsumer;
import org.jboss.logging.Logger;

/**
 * Spares every request Quarkus REST's search for its URL template before authentication.
 *
 * <p>With Micrometer present, Quarkus REST (3.33) puts a filter right after authentication that
 * swaps the request's default authentication failure handler for its own failing one and, in the
 * same step, builds a whole request mapper of the application's resource classes to note the
 * request's URL template for the metrics, in case authentication fails before Quarkus REST
 * matches the request. Issue 17's profile found that mapper at 10 % of the event loop's time per
 * flag submission. This route runs between authentication and that filter (the same order, added
 * before it) and does the swap itself with one shared instance of that failing handler
 * (stateless), so the filter finds nothing to swap and skips the mapper. Everything downstream
 * sees the handler it expects.
 *
 * <p>The template is still noted for every request Quarkus REST matches, when it matches it. What
 * the early search covered is an authentication failure before that, which only the literal
 * paths of the {@code sign-in} permission ({@code /login/start}, {@code /logout}) can have here,
 * authentication not being proactive: their raw path is their template, so no client can make up
 * new metric series. Should a Quarkus upgrade rename that handler, this route does nothing and
 * Quarkus REST works as it did ({@code AuthFailureTemplatesTest} fails the build first).
 */
@ApplicationScoped
class AuthFailureTemplates {

  private static final Logger LOG = Logger.getLogger(AuthFailureTemplates.class);
  /** Quarkus REST's filter's priority (199) as a route order: right after authentication. */
  private static final int ORDER = -199;
  /** Where Quarkus keeps the request's authentication failure handler. */
  private static final String FAILURE_HANDLER = "io.quarkus.vertx.http.auth-failure-handler";
  /** Quarkus REST's failing handler, or null when this Quarkus has none by that name. */
  static final BiConsumer<RoutingContext, Throwable> FAILING = failingHandler();

  void routes(@Observes Router router) {
    if (FAILING != null) {
      router.route().order(ORDER).handler(AuthFailureTemplates::swap);
    }
  }

  private static void swap(RoutingContext ctx) {
    if (ctx.get(FAILURE_HANDLER) instanceof DefaultAuthFailureHandler) {
      ctx.put(FAILURE_HANDLER, FAILING);
    }
    ctx.next();
  }

  @SuppressWarnings("unchecked")
  private static BiConsumer<RoutingContext, Throwable> failingHandler() {
    try {
      Constructor<?> constructor = Class.forName(ResteasyReactiveRecorder.class.getName()
          + "$FailingDefaultAuthFailureHandler").getDeclaredConstructor();
      constructor.setAccessible(true);
      return (BiConsumer<RoutingContext, Throwable>) constructor.newInstance();
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.warnf("Quarkus REST's failing authentication handler was not found (%s): every request"
          + " pays for Quarkus REST's early URL template search", e);
      return null;
    }
  }
}
