package id.born2control.labs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.born2control.catalog.CatalogService;
import id.born2control.identity.IdentityService;
import id.born2control.web.Browser;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * An instructor stops a trainee's lab from the fleet page of the studio, in a real browser signed
 * in through Keycloak, against a lab running on the real Docker engine.
 */
@QuarkusTest
@Tag("docker")
class FleetBrowserTest {

  @Inject CatalogService catalog;
  @Inject LabService labs;
  @Inject IdentityService identities;

  @TestHTTPResource("/")
  URL base;

  @AfterAll
  static void nothingLeftBehind() {
    LabTestSupport.stopAllAndAssertClean(
        io.quarkus.arc.Arc.container().instance(LabService.class).get());
  }

  @Test
  void shouldLetAnInstructorSeeAndStopATraineesLabFromTheFleet() {
    LabTestSupport.install(catalog);
    String id = LabTestSupport.startRunning(labs, catalog, identities, "fleet-trainee", "labt-web");
    long owner = identities.byUsername("fleet-trainee").orElseThrow().id();

    try (Browser browser = Browser.desktop(base)) {
      browser.signInAsDemo("instructor1", "/studio/fleet");
      WebElement row = browser.waitFor(By.cssSelector("tr[data-lab='" + id + "']"));
      assertEquals("fleet-trainee", row.getAttribute("data-owner"));
      assertTrue(row.getText().contains("labt-web") && row.getText().contains("RUNNING"),
          row.getText());
      // The engine's reading of the lab's target is shown (CPU and memory in use).
      assertTrue(row.getText().contains("MiB"), "memory in use is shown: " + row.getText());
      browser.screenshot("instructor-fleet");

      row.findElement(By.cssSelector("button.stop")).click();
      String question = browser.until(d -> {
        try {
          return d.switchTo().alert().getText();
        } catch (org.openqa.selenium.NoAlertPresentException e) {
          return null;
        }
      });
      assertTrue(question.contains(id) && question.contains("fleet-trainee"), question);
      browser.driver().switchTo().alert().accept();
      browser.waitFor(By.id("fleet-done"));
      browser.until(d -> d.findElements(By.cssSelector("tr[data-lab='" + id + "']")).isEmpty());
    }
    LabViews.LabView after = LabTestSupport.await(labs, id, owner, LabState.STOPPED,
        Duration.ofSeconds(60));
    assertEquals("STOPPED", after.state());
  }
}
