package id.born2control.labs;

import static id.born2control.scoring.Api.withRoles;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.born2control.catalog.CatalogService;
import id.born2control.identity.IdentityService;
import id.born2control.identity.TraineeRef;
import id.born2control.web.Browser;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * An instructor keeps the studio's live-fire page open while an exercise is scheduled (by the
 * API, as another instructor would), its two participants' labs come up on the real engine, and
 * it is ended: the exercise appears, its "N of M ready" climbs to 2 of 2 with each row ready, and
 * its phase moves on to ended with the labs removed, all without the page reloading.
 */
@QuarkusTest
@Tag("docker")
@Tag("keycloak")
@Tag("browser")
class LiveFireStudioBrowserTest {

  /** Longest wait for the labs to come up (the first builds its image) or go. */
  private static final Duration LABS = Duration.ofMinutes(5);

  @Inject CatalogService catalog;
  @Inject IdentityService identities;

  @TestHTTPResource("/")
  URL base;

  @AfterAll
  static void nothingLeftBehind() {
    LabTestSupport.stopAllAndAssertClean(
        io.quarkus.arc.Arc.container().instance(LabService.class).get());
  }

  @Test
  void shouldMoveTheStudiosProgressWithoutReloadWhileLabsComeUp() {
    LabTestSupport.install(catalog);
    String cohort = "lfb-" + System.nanoTime();
    TraineeRef first = identities.ensure(cohort + "-a", "A", cohort);
    TraineeRef second = identities.ensure(cohort + "-b", "B", cohort);

    try (Browser browser = Browser.desktop(base)) {
      WebDriver page = browser.driver();
      browser.signInAsDemo("instructor1", "/studio/live-fire");
      browser.open("/studio/live-fire");
      browser.waitFor(By.id("livefire-form"));
      ((JavascriptExecutor) page).executeScript("window.b2cNoReload = 'still-here';");
      browser.awaitLive();

      Instant start = Instant.now().plusSeconds(3).truncatedTo(ChronoUnit.SECONDS);
      long exercise = withRoles("livefire-browser-instructor", "instructor")
          .contentType("application/json")
          .body(Map.of("name", cohort, "challenge", "labt-progress", "cohorts", List.of(cohort),
              "startsAt", start.toString(), "endsAt", start.plusSeconds(900).toString(),
              "debriefSeconds", 0))
          .post("/api/admin/live-fires").then().statusCode(201).extract().jsonPath()
          .getLong("exercise");
      String section = "section[data-exercise='" + exercise + "']";

      // The exercise appears, and its labs come up: every figure the page saw, in order.
      List<String> seen = new ArrayList<>();
      slowly(page).until(d -> {
        List<org.openqa.selenium.WebElement> bars = d.findElements(By.cssSelector(section
            + " progress"));
        if (bars.isEmpty()) {
          return false;
        }
        String figure = bars.get(0).getAttribute("value") + "/" + bars.get(0)
            .getAttribute("max");
        if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(figure)) {
          seen.add(figure);
        }
        return figure.equals("2/2");
      });
      assertTrue(seen.size() > 1, "the page only ever showed " + seen);
      assertEquals("2 dari 2 lab siap", page.findElement(By.cssSelector(section + " .ready"))
          .getText());
      for (TraineeRef t : List.of(first, second)) {
        assertEquals("ready", page.findElement(By.cssSelector(section + " tr[data-trainee='"
            + t.id() + "'] .seat-state")).getAttribute("class").split(" ")[1]
            .substring("state-".length()));
      }
      assertEquals("running", page.findElement(By.cssSelector(section))
          .getAttribute("data-phase"));
      assertTrue(page.findElement(By.cssSelector(section + " form.livefire-end"))
          .isDisplayed(), "the running exercise can be ended");
      browser.screenshot("instructor-livefire-progress");

      // Ended (no debrief): the phase moves on and the labs are removed, still without reload.
      withRoles("livefire-browser-instructor", "instructor").contentType("application/json")
          .post("/api/admin/live-fires/" + exercise + "/end").then().statusCode(200);
      slowly(page).until(d -> "done".equals(d.findElement(By.cssSelector(section))
          .getAttribute("data-phase")) && d.findElements(By.cssSelector(section
              + " .seat-state.state-removed")).size() == 2);
      assertTrue(!page.findElement(By.cssSelector(section + " form.livefire-end"))
          .isDisplayed(), "an ended exercise cannot be ended again");
      assertEquals("still-here", ((JavascriptExecutor) page)
          .executeScript("return window.b2cNoReload;"), "the page reloaded");
    }
  }

  /** A wait as long as labs may take to come up or go on a loaded machine. */
  private static WebDriverWait slowly(WebDriver page) {
    return new WebDriverWait(page, LABS);
  }
}
