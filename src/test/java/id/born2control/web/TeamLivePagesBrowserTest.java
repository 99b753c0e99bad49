package id.born2control.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.born2control.catalog.CatalogService;
import id.born2control.identity.IdentityService;
import id.born2control.identity.TestKeycloak;
import id.born2control.scoring.Api;
import id.born2control.scoring.TestChallenges;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Two members of one blue team in two browsers on the same challenge of a team exercise, with
 * the big-screen team board open: one member sends the right flag, and without a reload the
 * other member's challenge page shows it solved (flag form closed, one more solve), that
 * member's page shows the team's new score, their challenge board marks it solved, and the big
 * screen shows the team's new score.
 * Everything (cohort, trainees, team, challenge, exercise) is this test's own.
 */
@QuarkusTest
@Tag("keycloak")
@Tag("browser")
class TeamLivePagesBrowserTest {

  /** Pushed changes reach pages within seconds; a loaded machine gets much longer. */
  private static final Duration WAIT = Duration.ofSeconds(120);

  @TestHTTPResource("/")
  URL base;

  @Inject
  CatalogService catalog;

  @Inject
  IdentityService identity;

  @Test
  void shouldShowATeammatesSolveOnTheOtherMembersPagesAndTheBigScreenWithoutReloading() {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    String cohort = "tl-" + tag;
    String slug = "tl-" + tag;
    String flag = "B2C{team-live-" + tag + "}";
    String teamName = "Blue " + tag;
    String alice = "tl-a-" + tag;
    String bob = "tl-b-" + tag;
    String password = "pw-" + UUID.randomUUID();
    for (String member : List.of(alice, bob)) {
      TestKeycloak.get().createTrainee(member, password, cohort);
      identity.ensure(member, null, cohort);
    }
    TestChallenges.write(catalog, slug, TestChallenges.staticChallenge(slug, flag, null));
    Api.withRoles("tl-instructor-" + tag, "instructor").contentType("application/json")
        .body(Map.of("name", teamName, "cohort", cohort, "members", List.of(alice, bob)))
        .post("/api/admin/teams").then().statusCode(201);
    Api.withRoles("tl-instructor-" + tag, "instructor").contentType("application/json")
        .body(Map.of("name", "team live " + tag, "startsAt",
            Instant.now().minusSeconds(60).toString(), "cohorts", List.of(cohort),
            "challenges", List.of(slug), "mode", "team"))
        .post("/api/admin/exercises").then().statusCode(201);

    try (Browser a = Browser.desktop(base); Browser b = Browser.desktop(base)) {
      // Bob: the challenge page and his own page, both never reloaded.
      b.signIn(bob, password, "/challenges/" + slug);
      String bobChallenge = stayOpen(b);
      long solvesBefore = solves(b.driver());
      assertFalse(b.driver().findElement(By.id("solved-mark")).isDisplayed());
      assertTrue(b.driver().findElement(By.id("flag-submit")).isEnabled());
      b.driver().switchTo().newWindow(WindowType.TAB);
      b.open("me");
      assertEquals("0", b.waitFor(By.id("team-score")).getText());
      String bobMe = stayOpen(b);
      b.driver().switchTo().newWindow(WindowType.TAB);
      b.open("/");
      String bobHome = stayOpen(b);
      String bobCard = "li.card[data-slug='" + slug + "']";
      assertFalse(b.driver().findElement(By.cssSelector(bobCard + " .solved-mark")).isDisplayed());
      String bobSolvedBefore = b.driver().findElement(By.id("home-solved")).getText();

      // Alice: the big-screen team board of the cohort, then the same challenge page.
      a.open("scoreboard/?board=teams&cohort=" + cohort);
      a.waitFor(By.cssSelector("#connection-status[data-state='live']"));
      String screen = stayOpen(a);
      a.driver().switchTo().newWindow(WindowType.TAB);
      a.signIn(alice, password, "/challenges/" + slug);
      String aliceChallenge = stayOpen(a);

      // Alice solves; her own page says so at once.
      submit(a, flag);
      a.waitFor(By.id("solved-mark"));

      // Bob's challenge page: solved for him too, the form closed, the count one up.
      b.driver().switchTo().window(bobChallenge);
      until(b, d -> d.findElement(By.id("solved-mark")).isDisplayed()
          && solves(d) == solvesBefore + 1
          && !d.findElement(By.id("flag-submit")).isEnabled()
          && !d.findElement(By.id("flag-input")).isEnabled());
      // Bob's page: the team's new score (100 points and the first-blood bonus).
      b.driver().switchTo().window(bobMe);
      until(b, d -> "110".equals(d.findElement(By.id("team-score")).getText()));
      // Bob's challenge board: the card marked solved for him, his count of solved ones up.
      b.driver().switchTo().window(bobHome);
      until(b, d -> d.findElement(By.cssSelector(bobCard + " .solved-mark")).isDisplayed()
          && !bobSolvedBefore.equals(d.findElement(By.id("home-solved")).getText()));
      // The big screen: the team's row with its new score.
      a.driver().switchTo().window(screen);
      until(a, d -> d.findElements(By.cssSelector("tr[data-username='" + teamName + "']"))
          .stream().anyMatch(r -> "110".equals(
              r.findElement(By.cssSelector(".col-score")).getText())));

      for (Browser browser : List.of(a, b)) {
        for (String tab : browser.driver().getWindowHandles()) {
          browser.driver().switchTo().window(tab);
          assertEquals("still-here", ((JavascriptExecutor) browser.driver())
              .executeScript("return window.b2cNoReload;"),
              "no reload in " + browser.driver().getCurrentUrl());
        }
      }
    }
  }

  /**
   * Marks the page (a reload would lose the mark), waits until its live streams answer (a change
   * pushed before would not reach it) and answers its window.
   */
  private static String stayOpen(Browser browser) {
    WebDriver driver = browser.driver();
    ((JavascriptExecutor) driver).executeScript("window.b2cNoReload = 'still-here';");
    if (!driver.getCurrentUrl().contains("/scoreboard/")) {
      until(browser, d -> "open".equals(((JavascriptExecutor) d)
          .executeScript("return document.documentElement.dataset.live;")));
    }
    return driver.getWindowHandle();
  }

  private static void submit(Browser browser, String flag) {
    WebElement input = browser.waitFor(By.id("flag-input"));
    input.sendKeys(flag);
    browser.driver().findElement(By.id("flag-submit")).click();
    until(browser, d -> "correct".equals(
        d.findElement(By.id("flag-result")).getAttribute("data-kind")));
  }

  private static <T> T until(Browser browser, Function<WebDriver, T> condition) {
    return new WebDriverWait(browser.driver(), WAIT).until(condition::apply);
  }

  private static long solves(WebDriver driver) {
    return Long.parseLong(driver.findElement(By.id("solve-count")).getAttribute("data-solves"));
  }
}
