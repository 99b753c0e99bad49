package id.born2control.web;

import io.quarkus.arc.Unremovable;
import io.quarkus.oidc.OidcRedirectFilter;
import io.quarkus.oidc.Redirect;
import io.vertx.core.http.Cookie;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Keycloak's sign-in pages speak the language the person chose on the range (the b2c_lang
 * cookie, else Bahasa Indonesia): the authorization redirect carries it as {@code ui_locales}.
 */
@ApplicationScoped
@Unremovable // Quarkus OIDC looks filters up at run time: without this ArC removed the bean
@Redirect(Redirect.Location.OIDC_AUTHORIZATION)
class SignInLanguage implements OidcRedirectFilter {

  @Override
  public void filter(OidcRedirectContext context) {
    Cookie cookie = context.routingContext().request().getCookie(Pages.LANG_COOKIE);
    String lang = cookie != null && Pages.LANGUAGES.contains(cookie.getValue())
        ? cookie.getValue() : Pages.LANGUAGES.get(0);
    context.additionalQueryParams().add("ui_locales", lang);
  }
}
