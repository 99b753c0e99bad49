package id.born2control.web;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The instructor studio in a real browser, signed in as the demo instructor through Keycloak:
 * a broken challenge shows up with its file:line:column after a sync from the page, an exercise
 * is created, and a roster import runs to its result file.
 */
@QuarkusTest
@Tag("keycloak")
@Tag("browser")
class StudioBrowserTest {

  @TestHTTPResource("/")
  URL base;

  @ConfigProperty(name = "b2c.catalog.path")
  Path catalog;

  @jakarta.inject.Inject
  id.born2control.catalog.CatalogService catalogService;

  @Test
  void shouldShowABrokenChallengesFileLineErrorAfterSyncing() throws IOException {
    String slug = "browser-broken-" + UUID.randomUUID().toString().substring(0, 8);
    Path folder = catalog.resolve(slug);
    Files.createDirectories(folder);
    Files.writeString(folder.resolve("challenge.yml"), """
        name: Browser Broken
        category: test
        description: an instructor's typo
        value: 100
        flags:
          - {type: regexp, content: "B2C{.*}"}
        """);
    try (Browser browser = Browser.desktop(base)) {
      browser.signInAsDemo("instructor1", "/studio");
      browser.waitFor(By.id("sync")).click();
      WebElement report = browser.waitFor(By.id("sync-report"));
      assertTrue(report.getText().contains(slug), report.getText());
      String problems = browser.waitFor(By.id("orphan-problems")).getText();
      assertTrue(problems.contains(
          slug + "/challenge.yml:6:12: flags[0].type must be static or regex"), problems);
      browser.screenshot("instructor-catalog");
    } finally {
      Files.delete(folder.resolve("challenge.yml"));
      Files.delete(folder);
      catalogService.sync();
    }
  }

  @Test
  void shouldCreateAnExerciseAndImportARosterFromTheStudio() {
    String name = "Gabungan cohort A+B " + UUID.randomUUID().toString().substring(0, 6);
    String id = "studio-" + UUID.randomUUID().toString().substring(0, 8);
    try (Browser browser = Browser.desktop(base)) {
      browser.signInAsDemo("instructor1", "/studio/exercises");
      browser.waitFor(By.id("ex-name")).sendKeys(name);
      browser.driver().findElement(By.id("ex-cohorts")).sendKeys("cohort-a, cohort-b");
      new Select(browser.driver().findElement(By.id("ex-challenges")))
          .selectByValue("log-forensics");
      browser.driver().findElement(By.id("create-exercise")).click();
      browser.waitFor(By.id("exercise-done"));
      String table = browser.waitFor(By.id("exercises")).getText();
      assertTrue(table.contains(name) && table.contains("cohort-a, cohort-b"), table);
      browser.screenshot("instructor-exercises");

      Path csv = Files.createTempFile("roster-", ".csv");
      Files.writeString(csv, "participant_id,full_name,email,cohort\n"
          + id + "-1,Siti Rahma," + id + "-1@example.org,cohort-studio\n"
          + id + "-2,Budi Santoso," + id + "-2@example.org,cohort-studio\n"
          + id + "-3,Broken Row,not-an-email,cohort-studio\n");
      browser.open("/studio/roster");
      browser.waitFor(By.id("roster-file")).sendKeys(csv.toAbsolutePath().toString());
      browser.driver().findElement(By.id("roster-submit")).click();
      browser.waitFor(By.id("roster-result"));
      String job = browser.waitFor(By.id("roster-job")).getText();
      assertTrue(browser.driver().findElement(By.id("roster-created")).getText().equals("2"), job);
      assertTrue(browser.driver().findElement(By.id("roster-failed")).getText().equals("1"), job);
      assertTrue(browser.waitFor(By.id("roster-errors")).getText().contains(id + "-3"), job);
      browser.screenshot("instructor-roster");
      Files.delete(csv);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
