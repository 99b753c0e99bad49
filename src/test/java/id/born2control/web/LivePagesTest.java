package id.born2control.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import id.born2control.identity.TestKeycloak;
import id.born2control.scoring.Api;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;

/**
 * Every figure a live page shows follows pushed score changes, in a browser that never reloads:
 * the challenge page's solve count and solved mark, the board's cards, the big screen's rows and
 * Solves column, and my page's figures, after other trainees' solves and my own.
 */
@QuarkusTest
class LivePagesTest {

  private static final String SLUG = "quiz-incident-response";
  private static final String FLAG = "B2C{4624-4625-1102}";

  @TestHTTPResource("/")
  URL base;

  @Test
  void shouldUpdateEveryFigureAfterOtherTraineesSolvesWithoutReloading() {
    String me = "live-" + UUID.randomUUID().toString().substring(0, 8);
    String password = "pw-" + UUID.randomUUID();
    TestKeycloak.get().createTrainee(me, password, "cohort-a");
    String other = "live-o-" + UUID.randomUUID().toString().substring(0, 8);
    try (Browser browser = Browser.desktop(base)) {
      WebDriver page = browser.driver();
      browser.signIn(me, password, "/challenges/" + SLUG);
      String challengeTab = stayOpen(browser);
      long solvesBefore = solves(page.findElement(By.id("solve-count")));
      assertFalse(page.findElement(By.id("solved-mark")).isDisplayed());

      page.switchTo().newWindow(WindowType.TAB);
      browser.open("/");
      String boardTab = stayOpen(browser);
      page.switchTo().newWindow(WindowType.TAB);
      browser.open("scoreboard/?cohort=cohort-a&top=100");
      browser.waitFor(By.tagName("h1"));
      String screenTab = stayOpen(browser);

      // Another trainee solves: the count moves on the challenge page, its card and the big screen.
      Api.submit(Api.as(other, "cohort-a"), SLUG, FLAG).statusCode(200);
      page.switchTo().window(challengeTab);
      browser.until(d -> solves(d.findElement(By.id("solve-count"))) == solvesBefore + 1);
      page.switchTo().window(boardTab);
      browser.until(d -> solves(d.findElement(By.cssSelector(
          "li.card[data-slug='" + SLUG + "'] .solves"))) == solvesBefore + 1);
      page.switchTo().window(screenTab);
      browser.until(d -> d.findElements(By.cssSelector("tr[data-username='" + other + "']"))
          .stream().anyMatch(r -> "1".equals(r.findElement(By.cssSelector(".col-solves")).getText())));

      // My own solve: the page says what it was worth and marks the challenge solved.
      page.switchTo().window(challengeTab);
      WebElement input = browser.waitFor(By.id("flag-input"));
      input.sendKeys(FLAG);
      page.findElement(By.id("flag-submit")).click();
      browser.until(d -> "correct".equals(d.findElement(By.id("flag-result")).getAttribute("data-kind")));
      browser.until(d -> d.findElement(By.id("solved-mark")).isDisplayed());
      browser.until(d -> solves(d.findElement(By.id("solve-count"))) == solvesBefore + 2);
      page.findElements(By.cssSelector(".hint-unlock"))
          .forEach(b -> assertFalse(b.isEnabled(), "no paid hint on a solved challenge"));
      page.switchTo().window(boardTab);
      browser.until(d -> d.findElement(By.cssSelector(
          "li.card[data-slug='" + SLUG + "'] .solved-mark")).isDisplayed());

      // My page: a newcomer's solve adds a trainee to the board my rank is counted on.
      page.switchTo().window(screenTab);
      browser.open("me");
      browser.waitFor(By.id("my-score"));
      String myPage = stayOpen(browser);
      String totalBefore = page.findElement(By.cssSelector("#my-rank + .of")).getText();
      Api.submit(Api.as("live-n-" + UUID.randomUUID().toString().substring(0, 8), "cohort-b"),
          SLUG, FLAG).statusCode(200);
      browser.until(d -> !d.findElement(By.cssSelector("#my-rank + .of")).getText()
          .equals(totalBefore));
      browser.screenshot("trainee-me-live");

      for (String tab : new String[] {challengeTab, boardTab, myPage}) {
        page.switchTo().window(tab);
        assertEquals("still-here", ((JavascriptExecutor) page)
            .executeScript("return window.b2cNoReload;"), "no reload in " + page.getCurrentUrl());
      }
    }
  }

  /** Marks the page (a reload would lose the mark) and answers its window. */
  private static String stayOpen(Browser browser) {
    ((JavascriptExecutor) browser.driver()).executeScript("window.b2cNoReload = 'still-here';");
    return browser.driver().getWindowHandle();
  }

  private static long solves(WebElement element) {
    return Long.parseLong(element.getAttribute("data-solves"));
  }
}
