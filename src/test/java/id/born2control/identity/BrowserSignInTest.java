package id.born2control.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The authorization-code flow in a real browser engine (headless Chromium) through Keycloak's own
 * login page: sign in as a demo trainee, land on the front page, see the cohort, sign out through
 * Keycloak. The system chromedriver is used; Selenium Manager never downloads anything.
 */
@QuarkusTest
class BrowserSignInTest {

  @TestHTTPResource("/")
  URL base;

  private WebDriver browser;
  private Path profile;

  @BeforeEach
  void openBrowser() throws Exception {
    System.setProperty("webdriver.chrome.driver", "/usr/bin/chromedriver");
    System.setProperty("SE_OFFLINE", "true");
    profile = Files.createTempDirectory("b2c-chromium-");
    ChromeOptions options = new ChromeOptions();
    options.setBinary("/usr/bin/chromium");
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu",
        "--disable-dev-shm-usage", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run",
        "--user-data-dir=" + profile);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new java.io.File("/usr/bin/chromedriver"))
        .usingAnyFreePort().build();
    browser = new ChromeDriver(service, options);
    browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(120));
  }

  @AfterEach
  void closeBrowser() throws Exception {
    if (browser != null) {
      browser.quit();
    }
    try (Stream<Path> files = Files.walk(profile)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @Test
  void shouldSignInThroughKeycloakSeeCohortAndSignOut() {
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(120));
    browser.get(base + "login");
    // Keycloak's own login page, served by the running Keycloak.
    wait.until(ExpectedConditions.presenceOfElementLocated(By.id("username")));
    assertTrue(browser.getCurrentUrl().startsWith(TestKeycloak.get().realmUrl()),
        browser.getCurrentUrl());
    browser.findElement(By.id("username")).sendKeys("trainee1");
    browser.findElement(By.id("password")).sendKeys("demo-trainee1");
    browser.findElement(By.id("kc-login")).click();

    wait.until(d -> URI.create(d.getCurrentUrl()).getPath().equals("/")
        && d.getCurrentUrl().startsWith(base.toString()));
    assertTrue(browser.getTitle().contains("Born2Control"), browser.getTitle());
    Cookie session = browser.manage().getCookieNamed("q_session");
    assertTrue(session != null && session.isHttpOnly(), "session cookie is HttpOnly");
    assertEquals("Lax", session.getSameSite());

    browser.get(base + "api/me");
    String me = browser.findElement(By.tagName("body")).getText();
    assertTrue(me.contains("\"username\":\"trainee1\""), me);
    assertTrue(me.contains("\"cohort\":\"cohort-a\""), me);

    // Sign out through Keycloak: back on the front page, and the session is gone.
    browser.get(base + "logout");
    wait.until(d -> d.getCurrentUrl().startsWith(base.toString())
        && URI.create(d.getCurrentUrl()).getPath().equals("/"));
    browser.get(base + "api/me");
    String after = browser.findElement(By.tagName("body")).getText();
    assertTrue(after.contains("not-signed-in"), after);

    // Signing in again needs the password again: Keycloak's session ended too.
    browser.get(base + "login?then=/api/me&nonce=" + UUID.randomUUID());
    wait.until(ExpectedConditions.presenceOfElementLocated(By.id("username")));
  }
}
