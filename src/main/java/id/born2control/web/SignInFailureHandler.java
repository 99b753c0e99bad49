package id.born2control.web;

import io.quarkus.oidc.OIDCException;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * When Keycloak cannot be reached for a browser sign-in or sign-out (for instance the range
 * started while Keycloak was down), the person gets the bilingual "sign-in unavailable" page with
 * 503 instead of a server error.
 */
@ApplicationScoped
class SignInFailureHandler {

  void install(@Observes Router router) {
    router.route("/login/start").failureHandler(SignInFailureHandler::handle);
    router.route("/logout").failureHandler(SignInFailureHandler::handle);
  }

  private static void handle(RoutingContext context) {
    if (!providerDown(context.failure()) || context.response().headWritten()) {
      context.next();
      return;
    }
    context.response().setStatusCode(503)
        .putHeader("Content-Type", "text/html; charset=UTF-8")
        .putHeader("Retry-After", "30")
        .putHeader("Cache-Control", "no-store")
        .end(SignInResource.Templates.unavailable(true).render());
  }

  static boolean providerDown(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof OIDCException) {
        return true;
      }
    }
    return false;
  }
}
