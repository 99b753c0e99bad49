package id.born2control.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

import id.born2control.TestUsers;
import id.born2control.audit.AuditService;
import id.born2control.audit.AuditVerifier;
import id.born2control.catalog.CatalogService;
import id.born2control.scoring.Api;
import id.born2control.scoring.TestChallenges;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The officials' audit page says what staff did to a live-fire exercise in a sentence, in
 * Indonesian and English (scheduled for which cohorts and when, failed labs retried, ended
 * early) and how many submissions a group commit stored, next to the record's raw details; never
 * the raw details alone.
 */
@QuarkusTest
class AuditPageTest {

  @Inject AuditService audit;
  @Inject AuditVerifier verifier;
  @Inject CatalogService catalog;

  @Test
  void shouldTellLiveFireActionsAsSentencesInBothLanguages() {
    long before = verifier.verify().checked();
    String tag = "audit-lf-" + System.nanoTime();
    Map<String, Object> scheduled = new LinkedHashMap<>();
    scheduled.put("challenge", tag);
    scheduled.put("cohorts", List.of("cohort-a", "cohort-b"));
    scheduled.put("startsAt", "2026-12-03T08:00:00Z");
    scheduled.put("endsAt", "2026-12-03T09:30:00Z");
    scheduled.put("debriefSeconds", 1800);
    audit.record("instructor-audit", "livefire.schedule", "exercise:4242", scheduled);
    audit.record("instructor-audit", "livefire.retry", "exercise:4242",
        Map.of("trainees", List.of(7, 8, 9)));
    audit.record("instructor-audit", "livefire.end", "exercise:4242",
        Map.of("endsAt", "2026-12-03T08:45:00Z", "plannedEndsAt", "2026-12-03T09:30:00Z"));

    official().get("/dashboard/audit?after=" + before).then().statusCode(200)
        .body(containsString("Menjadwalkan latihan live-fire " + tag + " untuk cohort-a,"
                + " cohort-b, 2026-12-03 08:00:00 UTC – 2026-12-03 09:30:00 UTC, debriefing"
                + " 1800 detik."),
            containsString("Meminta lab yang gagal dimulai lagi: 3 peserta."),
            containsString("Mengakhiri latihan live-fire lebih awal pada 2026-12-03 08:45:00 UTC"
                + " (rencana 2026-12-03 09:30:00 UTC)."),
            containsString("latihan #4242"));
    official().cookie(Pages.LANG_COOKIE, "en").get("/dashboard/audit?after=" + before).then()
        .statusCode(200)
        .body(containsString("Scheduled the live-fire exercise " + tag + " for cohort-a,"
                + " cohort-b, 2026-12-03 08:00:00 UTC – 2026-12-03 09:30:00 UTC, debrief 1800"
                + " seconds."),
            containsString("Asked to start the failed labs again: 3 participants."),
            containsString("Ended the live-fire exercise early at 2026-12-03 08:45:00 UTC"
                + " (planned 2026-12-03 09:30:00 UTC)."),
            // every live-fire record of this test has its sentence: no bare raw details
            not(containsString("<td class=\"details\"><code>{&quot;challenge&quot;:&quot;"
                + tag)));
  }

  /**
   * The group commit stores each batch of submissions with one audit record (issue 17): the page
   * says how many it holds, in both languages, and its raw details name each submission with
   * its trainee, challenge, status and flag hash (never the flag).
   */
  @Test
  void shouldTellBatchOfSubmissionsAsSentenceWithEachSubmissionInItsDetails() {
    long before = verifier.verify().checked();
    String slug = "t-audit-batch";
    TestChallenges.write(catalog, slug, TestChallenges.staticChallenge(slug, "B2C{batch}", null));
    String trainee = "audit-batch-" + System.nanoTime();
    Api.submit(Api.as(trainee, "cohort-a"), slug, "B2C{not-this-one}").statusCode(200)
        .body("status", org.hamcrest.Matchers.equalTo("wrong"));
    Api.submit(Api.as(trainee, "cohort-a"), slug, "B2C{batch}").statusCode(200)
        .body("status", org.hamcrest.Matchers.equalTo("correct"));

    official().get("/dashboard/audit?after=" + before).then().statusCode(200)
        .body(containsString("kiriman flag sekaligus"), containsString("kiriman #"),
            not(containsString(">submissions:")),
            containsString("&quot;trainee&quot;:&quot;" + trainee + "&quot;"),
            containsString("&quot;challenge&quot;:&quot;" + slug + "&quot;"),
            containsString("&quot;status&quot;:&quot;wrong&quot;"),
            not(containsString("not-this-one")));
    official().cookie(Pages.LANG_COOKIE, "en").get("/dashboard/audit?after=" + before).then()
        .statusCode(200).body(containsString("flag submissions together"),
            containsString("submissions #"));
  }

  private static RequestSpecification official() {
    return given().header(TestUsers.USER, "official-audit-page")
        .header(TestUsers.ROLES, "official").accept("text/html");
  }
}
