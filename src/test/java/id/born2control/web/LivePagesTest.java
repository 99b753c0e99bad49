package id.born2control.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import id.born2control.identity.TestKeycloak;
import id.born2control.scoring.Api;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;

/**
 * Figures of live pages follow pushed score changes, in a browser that never reloads: the
 * challenge page's solve count, the board's cards, the big screen's rows and Solves column, and
 * my page's placing (one more trainee on the board), after another trainee's solve.
 */
@QuarkusTest
@Tag("keycloak")
@Tag("browser")
class LivePagesTest {

  private static final String SLUG = "quiz-incident-response";
  private static final String FLAG = "B2C{4624-4625-1102}";

  @TestHTTPResource("/")
  URL base;

  @Test
  void shouldUpdateSolveCountsAfterAnotherTraineesSolveWithoutReloading() {
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
      page.switchTo().newWindow(WindowType.TAB);
      browser.open("me");
      String placingBefore = placing(browser);
      String meTab = stayOpen(browser);

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

      // My page: the other trainee's first solve puts one more trainee on the board I am counted in.
      page.switchTo().window(meTab);
      browser.until(d -> !placingBefore.equals(placing(browser)));

      for (String tab : new String[] {challengeTab, boardTab, screenTab, meTab}) {
        page.switchTo().window(tab);
        assertEquals("still-here", ((JavascriptExecutor) page)
            .executeScript("return window.b2cNoReload;"), "no reload in " + page.getCurrentUrl());
      }
    }
  }

  /** My overall placing as my page shows it: rank and "of N". */
  private static String placing(Browser browser) {
    WebElement rank = browser.waitFor(By.id("my-rank"));
    return rank.getText() + " " + rank.findElement(By.xpath("following-sibling::span[1]")).getText();
  }

  /**
   * Marks the page (a reload would lose the mark), waits until its live stream answers and
   * answers its window. Without the wait the last tab (my page) raced the solve: on a loaded
   * machine its stream opened after the change was pushed, began with a snapshot (which a page
   * takes as what it was rendered with) and never moved.
   */
  private static String stayOpen(Browser browser) {
    ((JavascriptExecutor) browser.driver()).executeScript("window.b2cNoReload = 'still-here';");
    if (browser.driver().getCurrentUrl().contains("/scoreboard/")) {
      browser.waitFor(By.cssSelector("#connection-status[data-state='live']"));
    } else {
      browser.awaitLive();
    }
    return browser.driver().getWindowHandle();
  }

  private static long solves(WebElement element) {
    return Long.parseLong(element.getAttribute("data-solves"));
  }
}
