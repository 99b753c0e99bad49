package id.born2control.web;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.born2control.catalog.CatalogService;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * A challenge whose requirement names nothing in the catalog (a typo, or a CTFd numeric id) in
 * a real browser through Keycloak: the trainee finds it locked, never open, and the instructor
 * finds the located problem in the studio, also when showing errors only.
 */
@QuarkusTest
@Tag("keycloak")
@Tag("browser")
class CatalogRequirementBrowserTest {

  @TestHTTPResource("/")
  URL base;

  @ConfigProperty(name = "b2c.catalog.path")
  Path catalog;

  @Inject
  CatalogService catalogService;

  @Test
  void shouldKeepAChallengeLockedWhenItsRequirementNamesNothing() throws IOException {
    String slug = "browser-needs-nothing-" + UUID.randomUUID().toString().substring(0, 8);
    Path folder = catalog.resolve(slug);
    Files.createDirectories(folder);
    Files.writeString(folder.resolve("challenge.yml"), """
        name: Needs A Typo
        category: test
        description: requires a challenge that is not in the catalog
        value: 100
        flags: ["B2C{typo}"]
        requirements: ["Warmpu"]
        """);
    try {
      catalogService.sync();
      try (Browser trainee = Browser.desktop(base)) {
        trainee.signInAsDemo("trainee1", "/challenges/" + slug);
        String locked = trainee.waitFor(By.id("locked")).getText();
        assertTrue(locked.contains("Warmpu"), locked);
        assertFalse(trainee.waitFor(By.id("flag-submit")).isEnabled(),
            "a challenge whose requirement names nothing must not take flags");
        trainee.screenshot("trainee-locked-by-unknown-requirement");
      }
      try (Browser instructor = Browser.desktop(base)) {
        instructor.signInAsDemo("instructor1", "/studio");
        instructor.waitFor(By.id("show-errors")).click();
        String row = instructor.waitFor(By.cssSelector("tr[data-slug='" + slug + "']")).getText();
        assertTrue(row.contains(slug + "/challenge.yml:6:16: requirements[0] 'Warmpu' names no"
            + " challenge in the catalog"), row);
        instructor.screenshot("instructor-unknown-requirement");
      }
    } finally {
      Files.delete(folder.resolve("challenge.yml"));
      Files.delete(folder);
      catalogService.sync();
    }
  }
}
