package id.born2control.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.born2control.identity.IdentityService;
import id.born2control.identity.TestKeycloak;
import id.born2control.labs.LabService;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Sessions for a whole exercise, in Chromium against the real Keycloak: the range's access and ID
 * tokens live only 40 s here (set on its client through Keycloak's admin API), so every 40 s of
 * activity needs a refresh (one from 10 s of age on, the range's 30 s refresh skew). An active
 * trainee (a lab running, its terminal open in one tab, submissions from the challenge page in
 * another) is never signed out over five token lifetimes and the terminal still echoes at the
 * end; an idle one (the realm's session idle timeout shortened to 40 s) is told so by the page and
 * comes back to it, flag still typed, after signing in again. Short lifetimes keep the test's
 * waits short; what it checks is the same for an exercise's hours of 5-minute tokens.
 */
@QuarkusTest
@Tag("docker")
@Tag("keycloak")
@Tag("browser")
class SessionLifetimeTest {

  private static final Duration TOKEN_LIFESPAN = Duration.ofSeconds(40);
  /** Five token lifetimes: the terminal's socket would have closed after the first. */
  private static final Duration ACTIVE_FOR = TOKEN_LIFESPAN.multipliedBy(5);
  /** A submission every quarter of a token's life, so each token is refreshed while in use. */
  private static final Duration ROUND = TOKEN_LIFESPAN.dividedBy(4);
  private static final Duration LAB_WAIT = Duration.ofMinutes(4);

  @TestHTTPResource("/")
  URL base;

  @Inject LabService labs;
  @Inject IdentityService identities;

  private String username;

  @BeforeAll
  static void shortTokens() {
    TestKeycloak.get().setClientTokenLifespan(TestKeycloak.WEB_CLIENT, TOKEN_LIFESPAN);
  }

  @AfterAll
  static void realmTokens() {
    TestKeycloak.get().setClientTokenLifespan(TestKeycloak.WEB_CLIENT, null);
  }

  @AfterEach
  void stopLabs() {
    if (username != null) {
      identities.byUsername(username).ifPresent(t -> labs.mine(t.id()).stream()
          .filter(l -> Set.of("PROVISIONING", "STARTING", "RUNNING").contains(l.state()))
          .forEach(l -> labs.stop(l.id(), t.id(), false)));
    }
  }

  @Test
  void shouldKeepAnActiveTraineeSignedInForMinutesOfShortLivedTokens() throws Exception {
    String password = newTrainee();
    try (Browser trainee = Browser.desktop(base)) {
      WebDriver page = trainee.driver();
      long signedInAt = System.nanoTime();
      trainee.signIn(username, password, "/challenges/log-forensics");
      submitFlag(trainee, "B2C{203.0.113.77}", "correct");

      // A lab running ...
      trainee.open("challenges/web-backdoor");
      trainee.waitFor(By.id("lab-start")).click();
      new WebDriverWait(page, LAB_WAIT).withMessage(() -> "the lab panel says "
          + page.findElement(By.id("lab-panel")).getAttribute("data-state") + ": "
          + page.findElement(By.id("lab-status")).getText()).until(d -> "RUNNING".equals(
          d.findElement(By.id("lab-panel")).getAttribute("data-state")));
      String terminalPath = URI.create(trainee.waitFor(By.id("lab-terminal"))
          .getAttribute("href")).getPath();

      // ... its terminal open in this tab (its WebSocket opened once and never again) ...
      trainee.open(terminalPath);
      trainee.waitFor(By.cssSelector("#terminal-status[data-state='connected']"));
      typeInTerminal(trainee, "echo opened-$((6*7))", "opened-42");
      String terminalTab = page.getWindowHandle();

      // ... and a challenge page in another tab that is never reloaded, answering flags by
      // fetch, across five token lifetimes.
      page.switchTo().newWindow(WindowType.TAB);
      String challengeTab = page.getWindowHandle();
      trainee.open("challenges/pcap-analysis");
      trainee.waitFor(By.id("flag-input"));
      js(trainee).executeScript("window.b2cNoReload = 'still-here';");

      int round = 0;
      while (System.nanoTime() - signedInAt < ACTIVE_FOR.toNanos()) {
        round++;
        submitFlag(trainee, "B2C{not-it-" + round + "}", "wrong");
        page.switchTo().window(terminalTab);
        assertEquals("connected", page.findElement(By.id("terminal-status"))
            .getAttribute("data-state"), "the terminal is still open in round " + round);
        page.switchTo().window(challengeTab);
        Thread.sleep(ROUND.toMillis());
      }
      assertTrue(round >= 10, "active in " + round + " rounds over " + ACTIVE_FOR);
      assertEquals("still-here", js(trainee).executeScript("return window.b2cNoReload;"));
      assertTrue(page.findElements(By.cssSelector(".session-ended")).isEmpty(),
          "the session never ended");

      // The terminal, opened minutes and several token lifetimes ago, still echoes.
      page.switchTo().window(terminalTab);
      typeInTerminal(trainee, "echo still-$((6*7))", "still-42");
      trainee.screenshot("session-terminal-after-five-token-lifetimes");

      // A page load, long after the first token expired: still signed in, on the range.
      page.switchTo().window(challengeTab);
      trainee.open("challenges/web-backdoor");
      assertTrue(trainee.waitFor(By.id("signed-in-as")).getText().contains(username));
      assertTrue(page.getCurrentUrl().startsWith(base.toString()), page.getCurrentUrl());
      trainee.until(d -> "RUNNING".equals(
          d.findElement(By.id("lab-panel")).getAttribute("data-state")));
      trainee.screenshot("session-after-five-token-lifetimes");
    }
  }

  @Test
  void shouldBringAnIdleTraineeBackToTheSamePageWithTheTypedFlag() throws Exception {
    String password = newTrainee();
    TestKeycloak.get().setSessionIdle(TOKEN_LIFESPAN);
    try (Browser trainee = Browser.desktop(base)) {
      WebDriver page = trainee.driver();
      trainee.signIn(username, password, "/challenges/pcap-analysis");
      WebElement input = trainee.waitFor(By.id("flag-input"));
      input.sendKeys("B2C{typed-before-the-break}");

      // Idle past the token and the session idle timeout (both 40 s): no refresh is possible.
      Thread.sleep(TOKEN_LIFESPAN.plusSeconds(20).toMillis());
      page.findElement(By.id("flag-submit")).click();
      WebElement notice = trainee.waitFor(By.cssSelector(".session-ended"));
      assertTrue(notice.getText().contains("Sesi Anda telah berakhir"), notice.getText());
      assertEquals("session-ended",
          page.findElement(By.id("flag-result")).getAttribute("data-kind"));
      trainee.screenshot("session-ended");

      // Sign in again (Keycloak asks for the password unless its own session still holds) ...
      notice.findElement(By.tagName("a")).click();
      trainee.until(d -> d.getCurrentUrl().startsWith(TestKeycloak.get().realmUrl())
          || URI.create(d.getCurrentUrl()).getPath().equals("/challenges/pcap-analysis"));
      if (page.getCurrentUrl().startsWith(TestKeycloak.get().realmUrl())) {
        trainee.waitFor(By.id("password")).sendKeys(password);
        if (!page.findElements(By.id("username")).isEmpty()) {
          page.findElement(By.id("username")).sendKeys(username);
        }
        page.findElement(By.id("kc-login")).click();
      }
      // ... back on the same page, signed in, the flag still in the box.
      trainee.until(d -> d.getCurrentUrl().startsWith(base.toString())
          && URI.create(d.getCurrentUrl()).getPath().equals("/challenges/pcap-analysis"));
      assertTrue(trainee.waitFor(By.id("signed-in-as")).getText().contains(username));
      trainee.until(d -> "B2C{typed-before-the-break}".equals(
          d.findElement(By.id("flag-input")).getAttribute("value")));
      submitFlag(trainee, page.findElement(By.id("flag-input")).getAttribute("value"), "wrong");
    } finally {
      TestKeycloak.get().setSessionIdle(Duration.ofHours(2));
    }
  }

  private String newTrainee() {
    username = "sess-" + UUID.randomUUID().toString().substring(0, 8);
    String password = "pw-" + UUID.randomUUID();
    TestKeycloak.get().createTrainee(username, password, "cohort-a");
    return password;
  }

  private static void submitFlag(Browser browser, String flag, String kind) {
    WebElement input = browser.waitFor(By.id("flag-input"));
    input.clear();
    input.sendKeys(flag);
    browser.driver().findElement(By.id("flag-submit")).click();
    browser.until(d -> kind.equals(d.findElement(By.id("flag-result")).getAttribute("data-kind")));
  }

  /** Types a command into xterm.js, as a person does, and waits for {@code echo} in its output. */
  private static void typeInTerminal(Browser browser, String command, String echo) {
    WebDriver page = browser.driver();
    page.findElement(By.id("terminal")).click();
    new Actions(page).sendKeys(command).sendKeys(Keys.ENTER).perform();
    new WebDriverWait(page, Duration.ofSeconds(30)).until(d ->
        d.findElement(By.cssSelector("#terminal .xterm-rows")).getText().contains(echo));
  }

  private static JavascriptExecutor js(Browser browser) {
    return (JavascriptExecutor) browser.driver();
  }
}
