package id.born2control.web;

import static org.junit.jupiter.api.Assertions.assertTrue;

import id.born2control.catalog.CatalogService;
import id.born2control.identity.IdentityService;
import id.born2control.identity.TestKeycloak;
import id.born2control.scoring.Api;
import id.born2control.scoring.ExerciseService;
import id.born2control.scoring.ScoringService;
import id.born2control.scoring.TestChallenges;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;

/**
 * Every kind of chart, drawn by the real pages in Chromium from the shapes that broke them: my
 * page after one award and after a solve whose first-blood bonus lands milliseconds later, the
 * big screen's chart of a 48-hour exercise, and the officials' comparison charts (bars and a
 * timeline). Each is read back from the drawn chart ({@link ChartAxes}): a sane time span,
 * labels that neither overlap, repeat nor get cut at the edges, a y scale with room above the top
 * that does not shrink when the board moves.
 */
@QuarkusTest
@Tag("keycloak")
@Tag("browser")
class ChartsBrowserTest {

  private static final double MINUTE = 60;
  private static final double HOUR = 3600;

  @TestHTTPResource("/")
  URL base;

  @Inject
  IdentityService identities;
  @Inject
  ScoringService scoring;
  @Inject
  CatalogService catalog;
  @Inject
  AgroalDataSource db;
  @Inject
  ExerciseService exercises;

  @Test
  void shouldDrawMyChartForOnePointAndForPointsMillisecondsApart() {
    String me = "chart-me-" + UUID.randomUUID().toString().substring(0, 8);
    String password = "pw-" + UUID.randomUUID();
    TestKeycloak.get().createTrainee(me, password, "cohort-a");
    String slug = "chart-fb-" + UUID.randomUUID().toString().substring(0, 8);
    TestChallenges.write(catalog, slug, TestChallenges.staticChallenge(slug, "B2C{chart}", null));
    try (Browser browser = Browser.desktop(base)) {
      browser.signIn(me, password, "/me");
      scoring.award(me, 15, "a single point on the chart", null, "instructor1");
      browser.open("/me");
      ChartAxes one = ChartAxes.of(browser, "#my-chart").assertReadable("/me, one point");
      assertSpan(one, 5 * MINUTE, 2 * HOUR, "/me, one point");
      browser.screenshot("trainee-me-one-point");

      // The first solve of a fresh challenge: the solve and its first-blood bonus are stored
      // milliseconds apart.
      Object answer = ((JavascriptExecutor) browser.driver()).executeAsyncScript("""
          const done = arguments[arguments.length - 1];
          import('/assets/session.js').then((s) => s.api('POST', arguments[0], { flag: 'B2C{chart}' }))
            .then((a) => done(a.status + ' ' + a.bonus), (e) => done('failed ' + e.message));""",
          "/api/challenges/" + slug + "/submissions");
      assertTrue(String.valueOf(answer).startsWith("correct") && !"correct 0".equals(answer),
          "a first solve with a bonus: " + answer);
      browser.open("/me");
      ChartAxes burst = ChartAxes.of(browser, "#my-chart")
          .assertReadable("/me, points milliseconds apart");
      assertSpan(burst, 5 * MINUTE, 2 * HOUR, "/me, points milliseconds apart");
      browser.screenshot("trainee-me");
    }
  }

  @Test
  void shouldDrawTheBigScreenChartOfA48HourExercise() throws Exception {
    String cohort = "chart48-" + UUID.randomUUID().toString().substring(0, 6);
    Instant now = Instant.now();
    List<String> trainees = List.of(cohort + "-siti", cohort + "-budi", cohort + "-rina");
    for (int t = 0; t < trainees.size(); t++) {
      identities.ensure(trainees.get(t), "Peserta " + (char) ('A' + t), cohort);
      // Points spread over two days, stored as a 48-hour exercise leaves them.
      for (int hoursAgo : new int[] {47, 40, 31, 22, 12, 3}) {
        storeAward(trainees.get(t), 20 + 15 * t + hoursAgo,
            now.minus(Duration.ofHours(hoursAgo).plusMinutes(7L * t)));
      }
    }
    // The board is rebuilt from the stored facts (what a restart does) and takes them in.
    Api.withRoles("chart-official", "official").contentType("application/json")
        .post("/api/admin/scoreboard/rebuild")
        .then().statusCode(200);
    try (Browser browser = Browser.desktop(base)) {
      browser.open("scoreboard/?cohort=" + cohort);
      ChartAxes board = ChartAxes.of(browser, "#chart").assertReadable("board, 48 hours");
      assertSpan(board, 47 * HOUR, 60 * HOUR, "board, 48 hours");
      // The legend names every trainee drawn.
      List<String> legend = browser.driver()
          .findElements(By.cssSelector("#chart .u-legend .u-series")).stream()
          .filter(WebElement::isDisplayed).map(WebElement::getText).toList();
      assertTrue(legend.size() == trainees.size(), "the legend names the 3 trainees: " + legend);
      browser.screenshot("scoreboard-48-hours");
      double top = board.yMax();
      double highest = board.highest();

      // A pushed score change redraws the chart; the y scale does not jump back down.
      scoring.award(trainees.get(2), 5, "one more", null, "instructor1");
      ChartAxes after = browser.until(d -> {
        ChartAxes drawn = ChartAxes.of(browser, "#chart");
        return drawn.highest() > highest ? drawn : null;
      });
      after.assertReadable("board, after a score change");
      assertTrue(after.yMax() >= top, "the y scale stays at " + top + " or grows: " + after.yMax());
    }
  }

  @Test
  void shouldDrawTheOfficialsComparisonCharts() {
    String cohort = "chart-cmp-" + UUID.randomUUID().toString().substring(0, 6);
    for (int i = 0; i < 6; i++) {
      String user = cohort + "-" + i;
      Api.submit(Api.as(user, cohort), "pcap-analysis", "B2C{Bh1nneka_Tunggal_1ka}")
          .statusCode(200);
      if (i % 2 == 0) {
        Api.submit(Api.as(user, cohort), "quiz-incident-response", "B2C{4624-4625-1102}")
            .statusCode(200);
      }
    }
    try (Browser browser = Browser.desktop(base)) {
      browser.signInAsDemo("official1", "/dashboard/compare");
      for (String figure : List.of("#chart-distribution", "#chart-categories")) {
        ChartAxes bars = ChartAxes.of(browser, figure);
        bars.assertReadable("compare " + figure);
        bars.assertWholeBars("compare " + figure);
      }
      ChartAxes timeline = ChartAxes.of(browser, "#chart-timeline")
          .assertReadable("compare timeline");
      assertTrue(timeline.xSpan() >= 5 * MINUTE, "the timeline spans " + timeline.xSpan() + " s");
      browser.screenshot("official-compare");
    }
  }

  private static void assertSpan(ChartAxes chart, double min, double max, String what) {
    assertTrue(chart.xSpan() >= min && chart.xSpan() <= max, what + ": the time axis spans "
        + chart.xSpan() + " s, not between " + min + " and " + max + ": " + chart.xLabels());
  }

  /**
   * Stores an award made at {@code at} in the past, as the scoring feature stores one (the clock
   * cannot be turned back through its API); the next rebuild reads it like any stored fact.
   */
  private void storeAward(String username, int points, Instant at) throws SQLException {
    long trainee = identities.byUsername(username).orElseThrow().id();
    try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
        "insert into points_adjustment (trainee_id, exercise_id, points, kind, reason, actor,"
            + " created_at) values (?, ?, ?, 'award', '48-hour exercise', 'instructor1', ?)")) {
      s.setLong(1, trainee);
      s.setLong(2, exercises.practice().id());
      s.setInt(3, points);
      s.setTimestamp(4, Timestamp.from(at));
      assertTrue(s.executeUpdate() == 1, "the award of " + username + " was stored");
      if (!c.getAutoCommit()) {
        c.commit(); // a pooled connection outside a transaction may not commit by itself
      }
    }
  }
}
