package id.born2control.labs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.born2control.audit.AuditService;
import id.born2control.audit.AuditVerifier;
import id.born2control.catalog.CatalogService;
import id.born2control.identity.IdentityService;
import id.born2control.web.Browser;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * An instructor resets, then stops a trainee's lab from the fleet page of the studio, in a real
 * browser signed in through Keycloak, against a lab running on the real Docker engine; both
 * actions land in the audit trail.
 */
@QuarkusTest
@Tag("docker")
@Tag("keycloak")
@Tag("browser")
class FleetBrowserTest {

  @Inject CatalogService catalog;
  @Inject LabService labs;
  @Inject IdentityService identities;
  @Inject AuditService audit;
  @Inject AuditVerifier verifier;

  @TestHTTPResource("/")
  URL base;

  @AfterAll
  static void nothingLeftBehind() {
    LabTestSupport.stopAllAndAssertClean(
        io.quarkus.arc.Arc.container().instance(LabService.class).get());
  }

  @Test
  void shouldLetAnInstructorResetAndStopATraineesLabFromTheFleet() {
    LabTestSupport.install(catalog);
    String id = LabTestSupport.startRunning(labs, catalog, identities, "fleet-trainee", "labt-web");
    long owner = identities.byUsername("fleet-trainee").orElseThrow().id();

    try (Browser browser = Browser.desktop(base)) {
      browser.signInAsDemo("instructor1", "/studio/fleet");
      WebElement row = browser.waitFor(By.cssSelector("tr[data-lab='" + id + "']"));
      assertEquals("fleet-trainee", row.getAttribute("data-owner"));
      assertTrue(row.getText().contains("labt-web")
          && !row.findElements(By.cssSelector(".state-RUNNING")).isEmpty(), row.getText());
      // The engine's reading of the lab's target is shown (CPU and memory in use).
      assertTrue(row.getText().contains("MiB"), "memory in use is shown: " + row.getText());
      browser.screenshot("instructor-fleet");

      // The lab's site and terminal are one click away; entering someone's lab is audited.
      String site = row.findElement(By.cssSelector("a.lab-web[data-port='8080']"))
          .getAttribute("href");
      String terminal = row.findElement(By.cssSelector("a.lab-terminal")).getAttribute("href");
      browser.driver().get(site);
      browser.until(d -> !d.getCurrentUrl().startsWith(base.toString()));
      browser.driver().get(terminal);
      browser.waitFor(By.cssSelector("#terminal-status[data-state='connected']"));
      browser.until(d -> latestAuditEntries().containsAll(List.of("lab.enter.web lab:" + id,
          "lab.enter.terminal lab:" + id)));
      browser.open("/studio/fleet");
      row = browser.waitFor(By.cssSelector("tr[data-lab='" + id + "']"));

      // Reset: the lab is replaced by a fresh one of the same challenge for the same trainee.
      String fresh = confirmAndSubmit(browser, row.findElement(By.cssSelector("button.reset")), id);
      LabTestSupport.await(labs, fresh, owner, LabState.RUNNING, Duration.ofMinutes(3));
      assertEquals("STOPPED", labs.get(id, owner, false).state());
      browser.open("/studio/fleet");
      WebElement freshRow = browser.waitFor(By.cssSelector("tr[data-lab='" + fresh + "']"));
      assertEquals("fleet-trainee", freshRow.getAttribute("data-owner"));

      confirmAndSubmit(browser, freshRow.findElement(By.cssSelector("button.stop")), fresh);
      browser.until(d -> d.findElements(By.cssSelector("tr[data-lab='" + fresh + "']")).isEmpty());
      LabViews.LabView after = LabTestSupport.await(labs, fresh, owner, LabState.STOPPED,
          Duration.ofSeconds(60));
      assertEquals("STOPPED", after.state());

      // Both staff actions are in the audit trail under the instructor's name.
      List<String> wanted = List.of("lab.reset lab:" + id, "lab.stop lab:" + fresh);
      browser.until(d -> latestAuditEntries().containsAll(wanted));
    }
  }

  /** The last records of the audit chain, as "action subject", by the demo instructor. */
  private List<String> latestAuditEntries() {
    audit.seal();
    long last = verifier.verify().checked();
    return audit.page(Math.max(0, last - 100), 100).stream()
        .filter(r -> r.actor().equals("instructor1")).map(r -> r.action() + " " + r.subject())
        .toList();
  }

  /**
   * Clicks a fleet action, checks the confirmation names the lab and its owner, accepts it and
   * answers the lab the page then reports (the same for a stop, the new one for a reset).
   */
  private static String confirmAndSubmit(Browser browser, WebElement button, String id) {
    button.click();
    String question = browser.until(d -> {
      try {
        return d.switchTo().alert().getText();
      } catch (org.openqa.selenium.NoAlertPresentException e) {
        return null;
      }
    });
    assertTrue(question.contains(id) && question.contains("fleet-trainee"), question);
    browser.driver().switchTo().alert().accept();
    String done = browser.waitFor(By.id("fleet-done")).getAttribute("data-lab");
    assertTrue(done != null && !done.isBlank(), "the page names the lab it acted on");
    return done;
  }
}
