package id.born2control.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import id.born2control.identity.TestKeycloak;
import id.born2control.scoring.Api;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Pages with pushed streams share them and give them back. Over plain HTTP/1.1 a browser keeps at
 * most six connections to one host: left pages in the back-forward cache that kept their streams
 * open, or a few tabs with a stream or two each, made every later request of the range wait for
 * a connection that never freed (a defense check that never left the browser, a page that never
 * loaded). The shared streams are per person: whoever signs in next on the same browser never
 * gets the previous person's events.
 */
@QuarkusTest
@Tag("keycloak")
@Tag("browser")
class PageStreamsBrowserTest {

  private static final String QUIZ = "quiz-incident-response";
  private static final String LAB = "firewall-block";
  /** Pages that open one or two streams each. */
  private static final List<String> LIVE_PAGES = List.of("/", "/challenges/" + QUIZ,
      "/challenges/log-forensics", "/me");

  @TestHTTPResource("/")
  URL base;

  @Test
  void shouldKeepAnsweringATraineeWhoWentThroughManyLivePages() {
    String me = trainee("streams");
    try (Browser browser = Browser.desktop(base)) {
      browser.signIn(me, password(me), "/");
      // Loaded without Browser.open's retries: a load stalled for a connection ends only when
      // the host's networks change (Chromium then abandons it), which must not be needed here.
      JavascriptExecutor js = (JavascriptExecutor) browser.driver();
      for (int round = 0; round < 2; round++) {
        for (String page : LIVE_PAGES) {
          browser.driver().get(base + page.substring(1));
          assertEquals(Boolean.FALSE, js.executeScript(
              "return document.querySelector('#main-message .error-code') !== null;"),
              "Chromium could not load " + page);
          browser.waitFor(By.tagName("h1"));
        }
      }
      assertEquals("200", fetchMe(browser));
    }
  }

  @Test
  void shouldServeEveryTabOfATraineeLiveThroughOneShareOfEachStream() {
    String me = trainee("tabs");
    String other = "tabs-o-" + UUID.randomUUID().toString().substring(0, 8);
    try (Browser browser = Browser.desktop(base)) {
      WebDriver driver = browser.driver();
      browser.signIn(me, password(me), "/challenges/" + QUIZ);
      browser.awaitLive();
      String quizTab = driver.getWindowHandle();
      long solvesBefore = solves(driver);
      // Seven more tabs of live pages: opened each with its own streams, they would hold more
      // than the six connections the browser allows.
      List<String> tabs = new ArrayList<>(List.of(quizTab));
      for (int i = 0; i < 7; i++) {
        driver.switchTo().newWindow(WindowType.TAB);
        browser.open(LIVE_PAGES.get(i % LIVE_PAGES.size()));
        browser.awaitLive();
        tabs.add(driver.getWindowHandle());
      }
      assertEquals("200", fetchMe(browser));

      // Another trainee's solve still reaches every tab: here the first one's solve count.
      Api.submit(Api.as(other, "cohort-a"), QUIZ, "B2C{4624-4625-1102}").statusCode(200);
      driver.switchTo().window(quizTab);
      browser.until(d -> solves(d) == solvesBefore + 1);
      assertEquals(8, tabs.size());
    }
  }

  @Test
  void shouldNeverPassOnePersonsLabEventsToWhoeverSignsInNextInTheSameBrowser() {
    String first = trainee("first");
    String next = trainee("next");
    String lab = null;
    try (Browser browser = Browser.desktop(base)) {
      WebDriver driver = browser.driver();
      browser.signIn(first, password(first), "/challenges/" + LAB);
      browser.awaitLive();
      String firstTab = driver.getWindowHandle();

      // The first person signs out in another tab and the next one signs in; the first
      // person's tab stays open, its lab stream with it.
      driver.switchTo().newWindow(WindowType.TAB);
      browser.open("/logout");
      browser.signIn(next, password(next), "/challenges/" + LAB);
      browser.awaitLive();
      String nextTab = driver.getWindowHandle();

      lab = Api.as(first, "cohort-a").contentType("application/json").post("/api/labs/" + LAB)
          .then().statusCode(202).extract().path("id");
      driver.switchTo().window(firstTab);
      new WebDriverWait(driver, Duration.ofMinutes(4)).until(d -> "RUNNING".equals(
          d.findElement(By.id("lab-panel")).getAttribute("data-state")));
      driver.switchTo().window(nextTab);
      assertEquals("NONE", driver.findElement(By.id("lab-panel")).getAttribute("data-state"),
          "the next person's page shows the first person's lab");
    } finally {
      if (lab != null) {
        Api.as(first, "cohort-a").contentType("application/json").delete("/api/labs/" + lab)
            .then().statusCode(200);
      }
    }
  }

  private static String trainee(String prefix) {
    String username = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    TestKeycloak.get().createTrainee(username, password(username), "cohort-a");
    return username;
  }

  private static String password(String username) {
    return "pw-" + username;
  }

  /** A call of the page's own scripts (bounded: a stalled request would wait for ever). */
  private static Object fetchMe(Browser browser) {
    return ((JavascriptExecutor) browser.driver()).executeAsyncScript("""
        const done = arguments[arguments.length - 1];
        fetch('/api/me', { signal: AbortSignal.timeout(20000) })
          .then((r) => done(String(r.status)), (e) => done(e.name + ': ' + e.message));""");
  }

  private static long solves(WebDriver driver) {
    return Long.parseLong(driver.findElement(By.id("solve-count")).getAttribute("data-solves"));
  }
}
