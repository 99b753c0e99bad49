package id.born2control.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.born2control.TestUsers;
import id.born2control.identity.IdentityService;
import id.born2control.scoreboard.StaffBoards;
import id.born2control.scoring.ScoringService;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chromium.HasCdp;
import org.openqa.selenium.support.ui.Select;

/**
 * The officials' dashboard in a real browser, signed in as the demo official through Keycloak:
 * filter the board to one cohort and download its CSV (only that cohort's trainees), compare
 * cohorts, look into a brute-force incident, check the audit chain and print the ranking report.
 */
@QuarkusTest
@Tag("keycloak")
@Tag("browser")
class DashboardBrowserTest {

  @TestHTTPResource("/")
  URL base;

  @Inject
  IdentityService identities;
  @Inject
  ScoringService scoring;
  @Inject
  StaffBoards boards;

  @Test
  void shouldFilterACohortAndDownloadItsCsv() throws Exception {
    String cohort = "dash-" + UUID.randomUUID().toString().substring(0, 6);
    String other = cohort + "-other";
    Set<String> members = new TreeSet<>();
    for (int i = 0; i < 24; i++) {
      String user = cohort + "-" + i;
      identities.ensure(user, "Peserta " + i, cohort);
      scoring.award(user, 10 + 7 * i, "dashboard test", null, "instructor1");
      members.add(user);
      String outsider = other + "-" + i;
      identities.ensure(outsider, "Lain " + i, other);
      scoring.award(outsider, 5 + 3 * i, "dashboard test", null, "instructor1");
    }
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (boards.page(null, cohort, null, 0, 1).total() < members.size()
        || boards.page(null, other, null, 0, 1).total() < members.size()) {
      assertTrue(System.nanoTime() < deadline, "the ranking took in every award");
      Thread.sleep(100);
    }
    // Real solves, so the comparison has solves per category: 12 network and 6 crypto solves.
    for (int i = 0; i < 12; i++) {
      solve(cohort + "-" + i, "pcap-analysis", "B2C{Bh1nneka_Tunggal_1ka}");
      if (i < 6) {
        solve(cohort + "-" + i, "weak-crypto", "B2C{r3pe4t1ng_x0r_k3ys_l34k_th31r_l3ngth}");
      }
    }
    while (boards.compare(null).cohorts().stream()
        .noneMatch(c -> c.cohort().equals(cohort) && c.solves() == 18)) {
      assertTrue(System.nanoTime() < deadline, "the ranking took in every solve");
      Thread.sleep(100);
    }
    String guesser = cohort + "-0";
    guessWrong(guesser, 30);

    Path downloads = Files.createTempDirectory("b2c-downloads-");
    try (Browser browser = Browser.desktop(base)) {
      ((HasCdp) browser.driver()).executeCdpCommand("Browser.setDownloadBehavior", Map.of(
          "behavior", "allow", "downloadPath", downloads.toAbsolutePath().toString()));
      browser.signInAsDemo("official1", "/dashboard");
      new Select(browser.waitFor(By.id("f-cohort"))).selectByValue(cohort);
      browser.driver().findElement(By.id("apply-filter")).click();
      browser.until(d -> d.getCurrentUrl().contains("cohort=" + cohort));
      List<WebElement> rows = browser.driver().findElements(By.cssSelector("#board tbody tr"));
      assertEquals(members.size(), rows.size());
      for (WebElement row : rows) {
        assertTrue(members.contains(row.getAttribute("data-user")), row.getText());
      }
      browser.screenshot("official-board");

      browser.driver().findElement(By.id("export-csv")).click();
      Path csv = browser.until(d -> {
        try (Stream<Path> files = Files.list(downloads)) {
          return files.filter(p -> p.toString().endsWith(".csv")).findFirst().orElse(null);
        } catch (IOException e) {
          return null;
        }
      });
      List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
      assertEquals("rank,username,display_name,cohort,score,solves,last_solve_at", lines.get(0));
      Set<String> exported = new TreeSet<>();
      for (String line : lines.subList(1, lines.size())) {
        String[] cells = line.split(",");
        assertEquals(cohort, cells[3], line);
        exported.add(cells[1]);
      }
      assertEquals(members, exported, "the file holds the cohort's trainees and no one else");

      browser.open("/dashboard/compare");
      WebElement figures = browser.waitFor(By.cssSelector(
          "#cohort-figures tr[data-cohort='" + cohort + "']"));
      List<WebElement> cells = figures.findElements(By.tagName("td"));
      assertEquals("24", cells.get(0).getText(), figures.getText());
      assertEquals("18", cells.get(cells.size() - 1).getText(), "12 network + 6 crypto solves");
      WebElement network = browser.driver().findElement(By.cssSelector(
          "#cat-table tr[data-category='network']"));
      assertTrue(network.getText().contains("12"), network.getText());
      // charts.js comes from the scoreboard-ui build (left out with -Dskip.ui); when it is
      // served, the screenshot waits for the charts to be drawn.
      if (RestAssured.given().get("/scoreboard/charts.js").statusCode() == 200) {
        browser.until(d -> !d.findElements(By.cssSelector("#chart-timeline canvas")).isEmpty());
      }
      browser.screenshot("official-compare");

      browser.open("/dashboard/incidents");
      WebElement brute = browser.waitFor(By.id("brute-force"));
      assertTrue(brute.getText().contains(guesser), brute.getText());
      browser.screenshot("official-incidents");
      brute.findElement(By.linkText(guesser)).click();
      WebElement submissions = browser.waitFor(By.id("trainee-submissions"));
      assertTrue(!submissions.findElements(By.cssSelector("tr.sub-wrong")).isEmpty(),
          submissions.getText());
      browser.screenshot("official-incident-trainee");

      browser.open("/dashboard/audit");
      WebElement chain = browser.waitFor(By.id("chain-status"));
      assertEquals("true", chain.getAttribute("data-valid"), chain.getText());
      browser.screenshot("official-audit");

      browser.open("/dashboard/report?cohort=" + cohort);
      browser.waitFor(By.id("report-table"));
      // As it prints: the print style sheet hides the site's navigation and buttons.
      HasCdp cdp = (HasCdp) browser.driver();
      cdp.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("media", "print"));
      assertEquals("none", browser.driver().findElement(By.cssSelector("header.top"))
          .getCssValue("display"));
      browser.screenshot("official-report");
      Map<String, Object> pdf = cdp.executeCdpCommand("Page.printToPDF", Map.of());
      byte[] printed = Base64.getDecoder().decode((String) pdf.get("data"));
      assertTrue(printed.length > 1000 && new String(printed, 0, 5, StandardCharsets.US_ASCII)
          .equals("%PDF-"), "the report prints to a PDF");
    } finally {
      try (Stream<Path> files = Files.walk(downloads)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    // The same board on a phone: the filters stack and the table scrolls within the page.
    try (Browser phone = Browser.phone(base)) {
      phone.signInAsDemo("official1", "/dashboard");
      phone.open("/dashboard?cohort=" + cohort);
      phone.waitFor(By.id("board"));
      Number overflow = (Number) ((org.openqa.selenium.JavascriptExecutor) phone.driver())
          .executeScript("return document.documentElement.scrollWidth - window.innerWidth;");
      assertTrue(overflow.intValue() <= 0, "the page itself does not scroll sideways");
      phone.screenshot("official-board-phone");
    }
  }

  private static void solve(String user, String slug, String flag) {
    RestAssured.given().header(TestUsers.USER, user).contentType("application/json")
        .body("{\"flag\":\"" + flag + "\"}").post("/api/challenges/" + slug + "/submissions")
        .then().statusCode(200).body("correct", org.hamcrest.Matchers.equalTo(true));
  }

  /** Sends wrong flags until {@code count} are recorded, waiting out the submission rate limit. */
  private static void guessWrong(String user, int count) throws InterruptedException {
    int recorded = 0;
    while (recorded < count) {
      io.restassured.response.Response answer = RestAssured.given()
          .header(TestUsers.USER, user).contentType("application/json")
          .body("{\"flag\":\"B2C{guess-" + recorded + "}\"}")
          .post("/api/challenges/log-forensics/submissions");
      if (answer.statusCode() == 429) {
        Thread.sleep(1000L * Math.max(1, Long.parseLong(answer.header("Retry-After"))));
      } else {
        assertEquals(200, answer.statusCode(), answer.asString());
        recorded++;
      }
    }
  }
}
