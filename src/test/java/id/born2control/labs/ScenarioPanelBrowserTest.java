package id.born2control.labs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.born2control.catalog.CatalogService;
import id.born2control.identity.IdentityService;
import id.born2control.identity.TestKeycloak;
import id.born2control.web.Browser;
import id.born2control.web.PageInspector;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.interactions.Actions;

/**
 * A trainee watches their live-fire lab in Chromium ({@code labt-watch}: 5 s ticks; an attacker
 * takes the web host's secret while it is served): the scenario panel turns the secret's light
 * red when the attack succeeds, and green once the trainee removed the secret from the terminal
 * in another tab, without the page being reloaded, and stays accessible meanwhile; an
 * instructor's live wall of the challenge follows the same lab, also without reload.
 */
@QuarkusTest
@Tag("docker")
@Tag("browser")
@Tag("keycloak")
class ScenarioPanelBrowserTest {

  /** Rounds of the browser's 60 s wait for a lab to start or a tick to show on a loaded machine. */
  private static final int ROUNDS = 3;
  private static final String SECRET = "#scenario-checks [data-check='secret-kept']";

  @TestHTTPResource("/")
  URL base;

  @Inject CatalogService catalog;
  @Inject LabService labs;
  @Inject IdentityService identities;

  @Test
  void shouldTurnAServiceRedWhenTheAdversarySucceedsAndGreenAfterTheFixWithoutReload()
      throws Exception {
    String user = "watcher-" + UUID.randomUUID().toString().substring(0, 8);
    String password = "pw-" + UUID.randomUUID();
    TestKeycloak.get().createTrainee(user, password, "cohort-a");
    LabTestSupport.install(catalog);
    // The test challenges are hidden from trainees' pages: this one is shown while the test runs.
    Path yml = catalog.root().resolve("labt-watch").resolve("challenge.yml");
    String hidden = Files.readString(yml);
    Files.writeString(yml, hidden.replace("state: hidden", "state: visible"));
    catalog.sync();
    try (Browser browser = Browser.desktop(base); Browser staff = Browser.desktop(base)) {
      WebDriver driver = browser.driver();
      JavascriptExecutor js = (JavascriptExecutor) driver;
      browser.signIn(user, password, "/challenges/labt-watch");
      long me = identities.byUsername(user).orElseThrow().id();
      // Press Start again when no lab came of the press (a request lost on a loaded machine).
      for (int press = 0; press < 3 && labs.mine(me).isEmpty(); press++) {
        browser.waitFor(By.id("lab-start")).click();
        long until = System.nanoTime() + java.time.Duration.ofSeconds(20).toNanos();
        while (labs.mine(me).isEmpty() && System.nanoTime() < until) {
          LabTestSupport.sleep(250);
        }
      }
      await(browser, By.cssSelector("#lab-panel[data-state='RUNNING']"));
      js.executeScript("arguments[0].scrollIntoView();",
          browser.waitFor(By.id("scenario-panel")));
      js.executeScript("window.b2cNoReload = 'still-here';");
      // An instructor watches the wall of the challenge; the trainee's row comes in live.
      String cell = "#wall-grid tr[data-trainee='" + me + "'] td[data-check='secret-kept']";
      staff.signInAsDemo("instructor1", "/wall/labt-watch");
      JavascriptExecutor wall = (JavascriptExecutor) staff.driver();
      wall.executeScript("window.b2cNoReload = 'still-here';");

      // The adversary takes the secret: the attack is listed as it happens, the light turns red.
      await(browser, By.cssSelector(SECRET + "[data-status='compromised']"));
      await(browser, By.cssSelector("#scenario-events li[data-outcome='succeeded']"));
      assertEquals("(the secret is served to anyone)",
          driver.findElement(By.cssSelector(SECRET + " .light-reason")).getText());
      assertEquals("ok", driver.findElement(By.cssSelector(
          "#scenario-checks [data-check='web-up']")).getAttribute("data-status"));
      assertTrue(driver.findElement(By.cssSelector("#scenario-events li[data-outcome='succeeded']"))
          .getText().contains("take-secret (T1005)"));
      browser.screenshot("scenario-panel-attacked");
      assertEquals(List.of(), new PageInspector(driver).accessibilityViolations());
      await(staff, By.cssSelector(cell + "[data-status='compromised']"));
      await(staff, By.cssSelector("#wall-heat tr[data-step='take-secret'] .heat-bar"));
      staff.screenshot("scenario-wall-attacked");
      assertEquals(List.of(), new PageInspector(staff.driver()).accessibilityViolations());

      // The fix, typed in the lab's terminal in another tab as the trainee would.
      String terminal = driver.findElement(By.id("lab-terminal")).getAttribute("href");
      String panel = driver.getWindowHandle();
      driver.switchTo().newWindow(WindowType.TAB);
      driver.get(terminal);
      browser.waitFor(By.cssSelector("#terminal-status[data-state='connected']"));
      driver.findElement(By.id("terminal")).click();
      new Actions(driver).sendKeys("rm /www/secret.txt && echo fixed-$((2+3))")
          .sendKeys(Keys.ENTER).perform();
      browser.until(d -> d.findElement(By.cssSelector("#terminal .xterm-rows")).getText()
          .contains("fixed-5"));
      driver.close();
      driver.switchTo().window(panel);

      // The next ticks: the light turns green and the attack is stopped, on the same page.
      await(browser, By.cssSelector(SECRET + "[data-status='ok']"));
      await(browser, By.cssSelector("#scenario-events li[data-outcome='stopped']"));
      assertEquals("still-here", js.executeScript("return window.b2cNoReload;"));
      assertTrue(driver.findElements(By.cssSelector("#scenario-ticks tbody tr")).size() >= 2);
      browser.screenshot("scenario-panel-defended");
      await(staff, By.cssSelector(cell + "[data-status='ok']"));
      assertEquals("still-here", wall.executeScript("return window.b2cNoReload;"));
      // The heatmap counts the trainee: the step succeeded against them before the fix.
      staff.until(d -> !d.findElement(By.cssSelector("#wall-heat tr[data-step='take-secret']"))
          .getAttribute("data-succeeded").equals("0"));
      staff.screenshot("scenario-wall-defended");
    } finally {
      Files.writeString(yml, hidden);
      catalog.sync();
      identities.byUsername(user).ifPresent(t -> labs.mine(t.id()).stream()
          .filter(l -> Set.of("PROVISIONING", "STARTING", "RUNNING").contains(l.state()))
          .forEach(l -> labs.stop(l.id(), t.id(), false)));
    }
  }

  /** Waits for an element in a few rounds of the browser's wait. */
  private static void await(Browser browser, By element) {
    for (int round = 1; ; round++) {
      try {
        browser.waitFor(element);
        return;
      } catch (TimeoutException slow) {
        if (round == ROUNDS) {
          throw slow;
        }
      }
    }
  }
}
