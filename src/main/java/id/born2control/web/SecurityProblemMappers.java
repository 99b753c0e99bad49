package id.born2control.web;

import id.born2control.problem.Problem;
import io.quarkus.qute.i18n.Localized;
import io.quarkus.qute.i18n.MessageBundles;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Answers for "not signed in" and "not allowed". A browser opening a page is sent to sign in and
 * comes back; API clients get an RFC 9457 problem (401 or 403) rather than a redirect to a login
 * page they cannot use.
 */
class SecurityProblemMappers {

  private final Pages pages;

  SecurityProblemMappers(Pages pages) {
    this.pages = pages;
  }

  @ServerExceptionMapper
  Response notSignedIn(UnauthorizedException e, UriInfo uri, HttpHeaders headers, Request request) {
    if (Pages.wantsPage(headers, request, uri)) {
      String then = uri.getRequestUri().getRawPath()
          + (uri.getRequestUri().getRawQuery() == null ? "" : "?" + uri.getRequestUri().getRawQuery());
      return Response.seeOther(
          URI.create("/login?then=" + URLEncoder.encode(then, StandardCharsets.UTF_8))).build();
    }
    // Pages' scripts get here when the session has ended: the detail is in the person's language
    // and names where to sign in again; API clients send a bearer token instead.
    Messages words = MessageBundles.get(Messages.class, Localized.Literal.of(pages.lang()));
    return Response.status(401)
        .type(Problem.MEDIA_TYPE)
        .header("WWW-Authenticate", "Bearer realm=\"born2control\"")
        .entity(new Problem(Problem.type("not-signed-in"), "Not signed in", 401,
            words.session_ended_detail("/login"), uri.getPath(), null))
        .build();
  }

  @ServerExceptionMapper
  Response notAllowed(ForbiddenException e, UriInfo uri, HttpHeaders headers, Request request) {
    if (Pages.wantsPage(headers, request, uri)) {
      return pages.errorPage(403, null, null, null);
    }
    return Response.status(403)
        .type(Problem.MEDIA_TYPE)
        .entity(new Problem(Problem.type("forbidden"), "Forbidden", 403,
            "Your role does not allow " + uri.getPath() + ".", uri.getPath(), null))
        .build();
  }

  /** Keycloak could not be reached to check a token (it was down since the range started). */
  @ServerExceptionMapper
  Response providerDown(io.quarkus.oidc.OIDCException e, UriInfo uri, HttpHeaders headers,
      Request request) {
    if (Pages.wantsPage(headers, request, uri)) {
      return Response.status(503).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
          .header("Retry-After", "30")
          .entity(SignInResource.Templates.unavailable(true).render()).build();
    }
    return Response.status(503)
        .type(Problem.MEDIA_TYPE)
        .header("Retry-After", "30")
        .entity(new Problem(Problem.type("sign-in-unavailable"), "Sign-in unavailable", 503,
            "The sign-in service does not answer, so the token cannot be checked; try again in a"
                + " minute.", uri.getPath(), null))
        .build();
  }

}
