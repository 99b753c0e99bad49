package id.born2control.web;

import id.born2control.identity.Roles;
import id.born2control.problem.ProblemPages;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.runtime.BlockingOperationControl;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.core.http.Cookie;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Locale;

/**
 * Dresses every server-rendered page: the shared layout's {@link Chrome} (signed-in person, the
 * areas their roles open, language) and the page locale for the {@code msg:} bundles. Also renders
 * the friendly error page that browsers get instead of a problem document.
 */
@ApplicationScoped
public class Pages implements ProblemPages {

  /** Cookie holding the chosen language; without it pages speak Bahasa Indonesia. */
  public static final String LANG_COOKIE = "b2c_lang";
  /** Languages the pages speak, the default first. */
  public static final List<String> LANGUAGES = List.of("id", "en");

  private final CurrentVertxRequest request;
  private final CurrentIdentityAssociation identities;

  Pages(CurrentVertxRequest request, CurrentIdentityAssociation identities) {
    this.request = request;
    this.identities = identities;
  }

  @CheckedTemplate(requireTypeSafeExpressions = false)
  static class Templates {
    static native TemplateInstance error(int status, String detail, List<String> errors,
        String incident);
  }

  /** Adds the layout data and locale to a page. */
  public TemplateInstance page(TemplateInstance page) {
    Chrome chrome = chrome();
    return page.data("chrome", chrome).setLocale(Locale.forLanguageTag(chrome.lang()));
  }

  /** The language of the current request: the cookie's choice, else Bahasa Indonesia. */
  public String lang() {
    RoutingContext context = request.getCurrent();
    if (context != null) {
      Cookie cookie = context.request().getCookie(LANG_COOKIE);
      if (cookie != null && LANGUAGES.contains(cookie.getValue())) {
        return cookie.getValue();
      }
    }
    return LANGUAGES.get(0);
  }

  /** The signed-in person's user name, or {@code null} for an anonymous visitor. */
  public String username() {
    SecurityIdentity identity = identity();
    return identity == null || identity.isAnonymous() ? null : identity.getPrincipal().getName();
  }

  /** The friendly error page for a browser, in the person's language. */
  public Response errorPage(int status, String detail, List<String> errors, String incident) {
    String html = page(Templates.error(status, detail, errors, incident)).render();
    return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
        .header("Cache-Control", "no-store").entity(html).build();
  }

  @Override
  public Response pageFor(int status, String detail, List<String> errors, String incident,
      HttpHeaders headers, Request request, UriInfo uri) {
    return wantsPage(headers, request, uri) ? errorPage(status, detail, errors, incident) : null;
  }

  /**
   * Whether an error should be answered with a page: a browser (asks for HTML by name) on one of
   * the range's pages, not on the API, where clients expect a problem document.
   */
  public static boolean wantsPage(HttpHeaders headers, Request request, UriInfo uri) {
    String path = uri.getPath();
    if (path.startsWith("/api/") || path.startsWith("/q/") || !"GET".equals(request.getMethod())) {
      return false;
    }
    return headers.getAcceptableMediaTypes().stream()
        .anyMatch(m -> m.isCompatible(MediaType.TEXT_HTML_TYPE) && !m.isWildcardType());
  }

  /** Only paths on this site are followed, so no page can be used as an open redirect. */
  public static String localPath(String then) {
    if (then == null || !then.startsWith("/") || then.startsWith("//") || then.contains("\\")
        || then.contains("\r") || then.contains("\n")) {
      return "/";
    }
    return then;
  }

  private Chrome chrome() {
    String lang = lang();
    String other = LANGUAGES.stream().filter(l -> !l.equals(lang)).findFirst().orElse(lang);
    RoutingContext context = request.getCurrent();
    String path = context == null ? "/" : context.request().uri();
    SecurityIdentity identity = identity();
    if (identity == null || identity.isAnonymous()) {
      return new Chrome(null, false, false, false, lang, other, path);
    }
    return new Chrome(identity.getPrincipal().getName(), identity.hasRole(Roles.TRAINEE),
        identity.hasRole(Roles.INSTRUCTOR), identity.hasRole(Roles.OFFICIAL), lang, other, path);
  }

  /**
   * The caller, resolved here when the thread may block (authentication is lazy); on an event-loop
   * thread only an identity that is already known is used, so a page never blocks it.
   */
  private SecurityIdentity identity() {
    if (BlockingOperationControl.isBlockingAllowed()) {
      return identities.getIdentity();
    }
    RoutingContext context = request.getCurrent();
    return context != null && context.user() instanceof QuarkusHttpUser user
        ? user.getSecurityIdentity() : null;
  }
}
