package id.born2control.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.born2control.web.Browser;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.URL;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WebDriver;

/**
 * The authorization-code flow in a real browser engine (headless Chromium) through Keycloak's own
 * login page: sign in as a demo trainee, land on the front page, see the cohort, sign out through
 * Keycloak.
 */
@QuarkusTest
@Tag("keycloak")
@Tag("browser")
class BrowserSignInTest {

  @TestHTTPResource("/")
  URL base;

  @Test
  void shouldSignInThroughKeycloakSeeCohortAndSignOut() {
    try (Browser browser = Browser.desktop(base)) {
      WebDriver page = browser.driver();
      browser.signInAsDemo("trainee1", "/");
      assertTrue(page.getTitle().contains("Born2Control"), page.getTitle());
      assertTrue(browser.waitFor(By.id("signed-in-as")).getText().contains("trainee1"));
      Cookie session = page.manage().getCookieNamed("q_session");
      assertTrue(session != null && session.isHttpOnly(), "session cookie is HttpOnly");
      assertEquals("Lax", session.getSameSite());

      browser.open("api/me");
      String me = page.findElement(By.tagName("body")).getText();
      assertTrue(me.contains("\"username\":\"trainee1\""), me);
      assertTrue(me.contains("\"cohort\":\"cohort-a\""), me);

      // Sign out through Keycloak: back on the front page, and the session is gone.
      browser.open("logout");
      browser.until(d -> d.getCurrentUrl().startsWith(base.toString())
          && URI.create(d.getCurrentUrl()).getPath().equals("/"));
      browser.open("api/me");
      String after = page.findElement(By.tagName("body")).getText();
      assertTrue(after.contains("not-signed-in"), after);

      // Signing in again needs the password again: Keycloak's session ended too.
      browser.open("login?then=/api/me&nonce=" + UUID.randomUUID());
      browser.waitFor(By.id("username"));
    }
  }
}
