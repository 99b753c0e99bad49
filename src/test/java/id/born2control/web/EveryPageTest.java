package id.born2control.web;

import static org.junit.jupiter.api.Assertions.assertTrue;

import id.born2control.audit.AuditService;
import id.born2control.audit.AuditVerifier;
import id.born2control.catalog.CatalogEntry;
import id.born2control.catalog.CatalogService;
import id.born2control.catalog.ChallengeSpec;
import id.born2control.identity.IdentityService;
import id.born2control.identity.TeamService;
import id.born2control.identity.TestKeycloak;
import id.born2control.identity.TraineeRef;
import id.born2control.labs.LabService;
import id.born2control.labs.LabViews;
import id.born2control.scoring.ExerciseRef;
import id.born2control.scoring.ExerciseService;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Every page of the range, in both languages, as a trainee, an instructor, an official and
 * someone not signed in, in Chromium against the real service, Keycloak and Docker engine; on
 * each page one walk makes three checks: every text a person can see or hear is from the
 * language's message bundles (an Indonesian page shows no English bundle text), axe-core finds
 * nothing serious or critical, and Tab reaches every control (the terminal keeps Tab for the
 * shell; Shift+Tab leaves it). The fixtures put the texts most likely to slip through on the
 * pages: a solve with its first-blood bonus, an unlocked hint, a wrong flag, a running lab, an
 * exercise form with a date error, a roster import with rejected rows.
 */
@QuarkusTest
@Tag("docker")
@Tag("keycloak")
@Tag("browser")
class EveryPageTest {

  private static final List<String> LANGS = List.of("id", "en");
  private static final String LAB_CHALLENGE = "firewall-block";

  @TestHTTPResource("/")
  URL base;

  @Inject
  IdentityService identities;
  @Inject
  CatalogService catalog;
  @Inject
  ExerciseService exercises;
  @Inject
  LabService labs;
  @Inject
  AuditService audit;
  @Inject
  AuditVerifier verifier;
  @Inject
  TeamService teams;

  private final String trainee = "walk-" + UUID.randomUUID().toString().substring(0, 8);
  private final List<String> findings = new ArrayList<>();

  /** The trainee's lab would stay until it expires. */
  @AfterEach
  void stopLabs() {
    identities.byUsername(trainee).ifPresent(t -> labs.mine(t.id()).stream()
        .filter(l -> Set.of("PROVISIONING", "STARTING", "RUNNING").contains(l.state()))
        .forEach(l -> labs.stop(l.id(), t.id(), false)));
  }

  @Test
  void shouldShowEveryPageInTheLanguagesBundlesAccessiblyToEveryRole() {
    String password = "pw-" + UUID.randomUUID();
    TestKeycloak.get().createTrainee(trainee, password, "cohort-a");
    String labId;
    try (Browser browser = Browser.desktop(base)) {
      browser.signIn(trainee, password, "/");
      labId = traineeFixtures(browser);
      for (String lang : LANGS) {
        language(browser, lang);
        for (String page : List.of("/", "/challenges/quiz-incident-response",
            "/challenges/log-forensics", "/challenges/" + LAB_CHALLENGE,
            "/challenges/web-backdoor", "/me", "/scoreboard/", "/labs/" + labId + "/terminal",
            "/studio", "/dashboard", "/no-such-page")) {
          inspect(browser, "trainee", lang, page);
        }
      }
    }
    // A team on the studio's teams page, so its rows and forms are inspected too.
    identities.ensure(trainee + "-t1", null, "cohort-walk");
    identities.ensure(trainee + "-t2", null, "cohort-walk");
    teams.create("Walk team " + trainee, "cohort-walk", List.of(trainee + "-t1", trainee + "-t2"),
        "instructor1");
    try (Browser browser = Browser.desktop(base)) {
      browser.signInAsDemo("instructor1", "/studio");
      for (String lang : LANGS) {
        language(browser, lang);
        for (String page : List.of("/studio", "/studio/fleet", "/studio/exercises",
            "/studio/live-fire", "/studio/teams", "/studio/roster",
            "/challenges/" + LAB_CHALLENGE + "?preview=true", "/dashboard", "/debrief/" + labId,
            "/challenges/no-such-challenge", "/wall", "/wall/defend-the-portal")) {
          inspect(browser, "instructor", lang, page);
        }
        exerciseWithDateError(browser);
        check(browser, "instructor", lang, "/studio/exercises (dates in the wrong order)", true);
        rosterWithRejectedRows(browser);
        check(browser, "instructor", lang, "/studio/roster (rejected rows)", true);
      }
    }
    try (Browser browser = Browser.desktop(base)) {
      browser.signInAsDemo("official1", "/dashboard");
      for (String lang : LANGS) {
        language(browser, lang);
        for (String page : List.of("/dashboard", "/dashboard/compare", "/dashboard/incidents",
            "/dashboard/trainees/" + trainee, "/debrief/" + labId, "/dashboard/audit",
            "/dashboard/report", "/studio", "/", "/wall")) {
          inspect(browser, "official", lang, page);
        }
      }
    }
    try (Browser browser = Browser.desktop(base)) {
      for (String lang : LANGS) {
        language(browser, lang);
        for (String page : List.of("/", "/challenges/quiz-incident-response",
            "/challenges/" + LAB_CHALLENGE, "/scoreboard/", "/no-such-page")) {
          inspect(browser, "anonymous", lang, page);
        }
        // Keycloak's sign-in page, in the range's theme and the language chosen on the site.
        browser.open("/login?then=/");
        browser.waitFor(By.id("username"));
        check(browser, "anonymous", lang, "sign-in page", true,
            BundleTexts.signIn(lang, dynamicValues()));
      }
    }
    assertTrue(findings.isEmpty(), findings.size() + " findings:\n" + String.join("\n", findings));
  }

  /** A solve, an unlocked hint, a wrong flag and a running lab of the trainee; the lab's id. */
  private String traineeFixtures(Browser browser) {
    api(browser, "POST", "/api/challenges/quiz-incident-response/submissions",
        "{\"flag\":\"B2C{4624-4625-1102}\"}");
    api(browser, "POST", "/api/challenges/log-forensics/hints/0/unlock", null);
    api(browser, "POST", "/api/challenges/log-forensics/submissions",
        "{\"flag\":\"B2C{not-it}\"}");
    browser.open("/challenges/" + LAB_CHALLENGE);
    TraineeRef me = identities.byUsername(trainee).orElseThrow();
    // Chromium aborts a request in flight when a lab network comes or goes on the host: press
    // Start again when no lab came of the press.
    for (int press = 0; press < 3 && labs.mine(me.id()).isEmpty(); press++) {
      browser.waitFor(By.id("lab-start")).click();
      long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (labs.mine(me.id()).isEmpty() && System.nanoTime() < until) {
        sleepMillis(250);
      }
    }
    long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
    List<LabViews.LabView> mine = labs.mine(me.id());
    while (mine.stream().noneMatch(l -> l.state().equals("RUNNING"))
        && System.nanoTime() < deadline) {
      sleepMillis(500);
      mine = labs.mine(me.id());
    }
    String id = mine.stream().filter(l -> l.state().equals("RUNNING")).findFirst()
        .map(LabViews.LabView::id).orElseThrow(() -> new AssertionError(
            "the trainee's lab did not start: " + labs.mine(me.id())));
    // The page follows the lab's state by itself; load it again if its updates were cut off.
    new WebDriverWait(browser.driver(), Duration.ofMinutes(1)).until(d -> {
      if (!"RUNNING".equals(d.findElement(By.id("lab-panel")).getAttribute("data-state"))) {
        browser.open("/challenges/" + LAB_CHALLENGE);
      }
      return "RUNNING".equals(d.findElement(By.id("lab-panel")).getAttribute("data-state"));
    });
    return id;
  }

  private static void sleepMillis(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Calls the range's API from the page, the way its own scripts do. */
  private static void api(Browser browser, String method, String path, String body) {
    Object status = "";
    // A request without an HTTP status never reached the range (aborted on a host network
    // change): send it again, a few times at most.
    for (int attempt = 0; attempt < 3 && !"ok".equals(status)
        && (attempt == 0 || String.valueOf(status).startsWith("undefined")); attempt++) {
      status = apiOnce(browser, method, path, body);
    }
    assertTrue("ok".equals(status), method + " " + path + ": " + status);
  }

  private static Object apiOnce(Browser browser, String method, String path, String body) {
    return ((JavascriptExecutor) browser.driver()).executeAsyncScript("""
        const [method, path, body, done] = arguments;
        import('/assets/session.js').then((s) => s.api(method, path, body === null ? undefined
            : JSON.parse(body))).then(() => done('ok'), (e) => done(e.status + ' ' + e.message));""",
        method, path, body);
  }

  private void exerciseWithDateError(Browser browser) {
    browser.open("/studio/exercises");
    browser.waitFor(By.id("ex-name")).sendKeys("Walk exercise " + trainee);
    ((JavascriptExecutor) browser.driver()).executeScript("""
        document.getElementById('ex-starts').value = '2031-03-10T10:00';
        document.getElementById('ex-ends').value = '2031-03-09T10:00';""");
    browser.driver().findElement(By.id("create-exercise")).click();
    browser.waitFor(By.cssSelector("#exercise-errors, .notice.error"));
  }

  private void rosterWithRejectedRows(Browser browser) {
    try {
      Path csv = Files.createTempFile("walk-roster-", ".csv");
      Files.writeString(csv, "participant_id,full_name,email,cohort\n"
          + trainee + "-r1,Rina Walk,,cohort-walk\n"
          + trainee + "-r2,Rudi Walk,not-an-email,cohort-walk\n");
      browser.open("/studio/roster");
      browser.waitFor(By.id("roster-file")).sendKeys(csv.toAbsolutePath().toString());
      browser.driver().findElement(By.id("roster-submit")).click();
      browser.waitFor(By.id("roster-errors"));
      Files.delete(csv);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void language(Browser browser, String lang) {
    browser.open("/lang/" + lang + "?then=/");
  }

  private void inspect(Browser browser, String role, String lang, String page) {
    browser.open(page);
    // Lab bridges coming and going change the host's networks; Chromium may then abandon a load
    // after it began and show its own error page: load the page again (a few times at most).
    for (int attempt = 0; attempt < 10 && chromiumErrorPage(browser); attempt++) {
      sleep(1000);
      browser.open(page);
    }
    check(browser, role, lang, page, !page.contains("/terminal"));
  }

  private static boolean chromiumErrorPage(Browser browser) {
    settle(browser);
    return Boolean.TRUE.equals(((JavascriptExecutor) browser.driver()).executeScript(
        "return document.querySelector('#main-message .error-code') !== null;"));
  }

  private void check(Browser browser, String role, String lang, String page, boolean tabWalk) {
    check(browser, role, lang, page, tabWalk, BundleTexts.of(lang, dynamicValues()));
  }

  /** The three checks on the page shown now; what fails is added to the findings. */
  private void check(Browser browser, String role, String lang, String page, boolean tabWalk,
      BundleTexts bundles) {
    settle(browser);
    String at = role + " " + lang + " " + page + ": ";
    Object pageLang = ((JavascriptExecutor) browser.driver())
        .executeScript("return document.documentElement.lang;");
    if (!lang.equals(pageLang)) {
      findings.add(at + "the page says it is in '" + pageLang + "'");
    }
    // A page that failed still shows in the right words: its status says it failed.
    Object failed = ((JavascriptExecutor) browser.driver()).executeScript(
        "const e = document.querySelector('#error[data-status^=\"5\"]');"
            + " return e === null ? null : e.dataset.status;");
    if (failed != null) {
      findings.add(at + "the page failed with " + failed);
    }
    PageInspector inspector = new PageInspector(browser.driver());
    Set<String> seen = new TreeSet<>();
    for (PageInspector.PageText text : inspector.texts()) {
      String problem = bundles.problem(text.text());
      if (problem != null && seen.add(text.text())) {
        findings.add(at + "\"" + text.text() + "\" at " + text.where() + " (" + problem + ")");
      }
    }
    for (String violation : inspector.accessibilityViolations()) {
      findings.add(at + "axe: " + violation);
    }
    if (tabWalk) {
      for (String control : inspector.unreachableByTab()) {
        findings.add(at + "Tab never reaches " + control);
      }
    }
  }

  /** Waits until the page's scripts have filled it: loaded, live data in, charts drawn. */
  private static void settle(Browser browser) {
    browser.until(d -> (Boolean) ((JavascriptExecutor) d).executeScript("""
        return document.readyState === 'complete'
          && document.querySelector('[aria-busy="true"]') === null
          && document.querySelector('figure.chart[data-chart]:not([data-drawn])') === null;"""));
    sleep(500); // pushed updates that follow the first paint
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Values pages show that no bundle holds: people, cohorts, challenges, exercises. */
  private Set<String> dynamicValues() {
    Set<String> values = new TreeSet<>();
    for (TraineeRef t : identities.all()) {
      values.add(t.username());
      values.add(t.displayName());
      if (t.cohort() != null) {
        values.add(t.cohort());
      }
    }
    values.addAll(List.of("instructor1", "official1", "cohort-walk", "cohort-a", "cohort-b"));
    teams.all().forEach(t -> values.add(t.name()));
    for (CatalogEntry e : catalog.all()) {
      ChallengeSpec s = e.spec();
      values.add(s.slug());
      values.add(s.name());
      values.add(s.category());
      if (s.author() != null) {
        values.add(s.author());
      }
      if (s.tags() != null) {
        values.addAll(s.tags());
      }
      if (s.files() != null) {
        s.files().forEach(f -> values.add(Path.of(f).getFileName().toString()));
      }
      if (s.hints() != null) {
        s.hints().stream().filter(h -> h.title() != null).forEach(h -> values.add(h.title()));
      }
      // A requirement naming no challenge is shown as written (the card stays locked).
      if (s.requirements() != null && s.requirements().prerequisites() != null) {
        values.addAll(s.requirements().prerequisites());
      }
      if (s.lab() != null && s.lab().checks() != null) {
        s.lab().checks().forEach(c -> values.add(c.name()));
      }
    }
    for (ExerciseRef e : exercises.all()) {
      values.add(e.name());
    }
    values.add("Walk exercise " + trainee);
    // Exercises the board knows, also those other test classes gave it without storing them.
    values.addAll(io.restassured.RestAssured.get("/api/scoreboard/exercises").jsonPath()
        .getList("name", String.class));
    // Whoever acted lately (staff, API clients of other tests) is named in the audit log.
    audit.seal();
    long last = verifier.verify().checked();
    audit.page(Math.max(0, last - 200), 200).forEach(r -> values.add(r.actor()));
    values.addAll(List.of(trainee + "-r1", trainee + "-r2", "not-an-email"));
    labs.fleet(0, 1000).labs().forEach(l -> values.add(l.id()));
    values.removeIf(v -> v == null || v.isBlank());
    return values;
  }
}
