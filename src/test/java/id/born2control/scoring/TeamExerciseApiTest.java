package id.born2control.scoring;

import static id.born2control.scoring.Api.as;
import static id.born2control.scoring.Api.submit;
import static id.born2control.scoring.Api.withRoles;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.born2control.catalog.CatalogService;
import id.born2control.identity.IdentityService;
import id.born2control.labs.DefenseCheckPassed;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.event.Event;
import io.agroal.api.AgroalDataSource;
import id.born2control.scoreboard.SseClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Team exercises over HTTP against the real database: teams formed by instructors, one solve per
 * team and challenge under concurrency, logic: team, hints once per team, members moving between
 * teams mid-exercise and the team board rebuilt from stored facts.
 */
@QuarkusTest
class TeamExerciseApiTest {

  @Inject
  CatalogService catalog;

  @Inject
  IdentityService identity;

  @Inject
  AgroalDataSource db;

  @Inject
  Event<DefenseCheckPassed> defense;

  @TestHTTPResource("/api/scoreboard/teams/stream")
  URI teamStream;

  /** Two teams of two in their own cohort, and a running team exercise over the given challenges. */
  private record Setup(String cohort, long teamA, long teamB, long exercise, String tag) {
    String user(String name) {
      return tag + "-" + name;
    }
  }

  private static RequestSpecification instructor() {
    return withRoles("team-instructor", "instructor").contentType("application/json");
  }

  private static RequestSpecification official() {
    return withRoles("team-official", "official").contentType("application/json");
  }

  private Setup setup(String tag, String... slugs) {
    String cohort = "tc-" + tag;
    for (String u : List.of("a1", "a2", "b1", "b2")) {
      identity.ensure(tag + "-" + u, null, cohort);
    }
    long teamA = team(tag + " Alpha", cohort, tag + "-a1", tag + "-a2");
    long teamB = team(tag + " Bravo", cohort, tag + "-b1", tag + "-b2");
    long exercise = exercise(tag, cohort, slugs).then().statusCode(201)
        .body("mode", equalTo("team")).extract().jsonPath().getLong("id");
    return new Setup(cohort, teamA, teamB, exercise, tag);
  }

  private static long team(String name, String cohort, String... members) {
    return instructor().body(Map.of("name", name, "cohort", cohort, "members", List.of(members)))
        .post("/api/admin/teams").then().statusCode(201).extract().jsonPath().getLong("id");
  }

  private static io.restassured.response.Response exercise(String tag, String cohort,
      String... slugs) {
    Map<String, Object> body = new HashMap<>();
    body.put("name", "team exercise " + tag);
    body.put("startsAt", Instant.now().minusSeconds(60).toString());
    body.put("cohorts", List.of(cohort));
    body.put("challenges", List.of(slugs));
    body.put("mode", "team");
    return instructor().body(body).post("/api/admin/exercises");
  }

  private static RequestSpecification member(Setup s, String name) {
    return as(s.user(name), s.cohort());
  }

  /** The live team board of the exercise, once it shows {@code teams} teams (bounded wait). */
  private static List<Map<String, Object>> board(Setup s, int teams, long minTotal)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    List<Map<String, Object>> rows;
    do {
      rows = official().queryParam("exercise", s.exercise()).queryParam("live", "true")
          .queryParam("limit", 100).get("/api/scoreboard/teams").then().statusCode(200)
          .extract().jsonPath().getList("entries");
      long total = rows.stream().mapToLong(r -> ((Number) r.get("score")).longValue()).sum();
      if (rows.size() >= teams && total >= minTotal) {
        return rows;
      }
      // The board is updated on its ranking thread after the commit: wait for it.
      Thread.sleep(100);
    } while (System.nanoTime() < deadline);
    return rows;
  }

  private static long score(List<Map<String, Object>> rows, String team) {
    return rows.stream().filter(r -> team.equals(r.get("username")))
        .mapToLong(r -> ((Number) r.get("score")).longValue()).findFirst().orElse(0);
  }

  @Test
  void shouldSolveOnceForTheTeamWhenTwoMembersSubmitAtTheSameInstant() throws Exception {
    String slug = "team-race";
    TestChallenges.write(catalog, slug, TestChallenges.staticChallenge(slug, "B2C{race}", null));
    Setup s = setup("race", slug);
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<String>> answers = new ArrayList<>();
      for (String m : List.of("a1", "a2")) {
        answers.add(pool.submit(() -> {
          go.await();
          return submit(member(s, m), slug, "B2C{race}").statusCode(200).extract().jsonPath()
              .getString("status");
        }));
      }
      go.countDown();
      List<String> statuses = new ArrayList<>();
      for (Future<String> answer : answers) {
        statuses.add(answer.get(60, TimeUnit.SECONDS));
      }
      statuses.sort(null);
      assertEquals(List.of("already_solved", "correct"), statuses);
    } finally {
      pool.shutdownNow();
    }
    assertEquals(1, Api.count(db, "select count(*) from team_solve where team_id = ?",
        s.teamA()));
    assertEquals(1, Api.count(db, "select count(*) from team_adjustment where team_id = ?"
        + " and kind = 'first-blood'", s.teamA()));
    // One set of points: the value (100) and the first-blood bonus (10 %), once.
    assertEquals(110, score(board(s, 1, 110), "race Alpha"));
    // The other team solves too: a solve of its own, in second place.
    submit(member(s, "b1"), slug, "B2C{race}").statusCode(200).body("status", equalTo("correct"));
    assertEquals(1, Api.count(db, "select count(*) from team_solve where team_id = ?",
        s.teamB()));
  }

  @Test
  void shouldPushTheTeamsRankAndFirstBloodLive() throws Exception {
    String slug = "team-live";
    TestChallenges.write(catalog, slug, TestChallenges.staticChallenge(slug, "B2C{live}", null));
    Setup s = setup("live", slug);
    try (SseClient client = new SseClient(teamStream, null)) {
      assertEquals("snapshot", client.await(r -> true).name());
      submit(member(s, "b2"), slug, "B2C{live}").statusCode(200)
          .body("status", equalTo("correct"));
      SseClient.Received rank = client.await(SseClient.event("rank", "live Bravo"));
      assertTrue(rank.data().contains("\"score\":110"), rank.data());
      client.await(SseClient.event("first-blood", "live Bravo"));
    }
    // A trainee without a team cannot play the team exercise (the attacker's side: no points
    // land on nobody's account, nothing is solved).
    identity.ensure("live-loner", null, s.cohort());
    submit(as("live-loner", s.cohort()), slug, "B2C{live}").statusCode(409)
        .body("type", org.hamcrest.Matchers.endsWith("no-team"));
  }

  @Test
  void shouldRefuseATeamExerciseWhileTraineesHaveNoTeamAndListThem() {
    String slug = "team-refused";
    TestChallenges.write(catalog, slug, TestChallenges.staticChallenge(slug, "B2C{r}", null));
    String cohort = "tc-lonely";
    identity.ensure("lonely-a1", null, cohort);
    identity.ensure("lonely-a2", null, cohort);
    identity.ensure("lonely-c1", null, cohort);
    team("lonely Alpha", cohort, "lonely-a1", "lonely-a2");
    exercise("lonely", cohort, slug).then().statusCode(409)
        .body("type", org.hamcrest.Matchers.endsWith("teams-incomplete"))
        .body("errors", hasItem("without team: lonely-c1"));
  }

  @Test
  void shouldRejectTeamsBreakingTheRulesAndLetOnlyInstructorsFormThem() {
    String cohort = "tc-rules";
    for (String u : List.of("r1", "r2", "r3", "x1")) {
      identity.ensure("rules-" + u, null, u.startsWith("x") ? "tc-other" : cohort);
    }
    // A trainee cannot form teams (the attacker's test next to the user's).
    as("rules-r1", cohort).contentType("application/json")
        .body(Map.of("name", "mine", "cohort", cohort, "members", List.of("rules-r1", "rules-r2")))
        .post("/api/admin/teams").then().statusCode(403);
    // One member is too few; a member of another cohort does not fit.
    instructor().body(Map.of("name", "solo", "cohort", cohort, "members", List.of("rules-r1")))
        .post("/api/admin/teams").then().statusCode(400)
        .body("type", org.hamcrest.Matchers.endsWith("invalid-team"));
    instructor().body(Map.of("name", "mixed", "cohort", cohort,
            "members", List.of("rules-r1", "rules-x1")))
        .post("/api/admin/teams").then().statusCode(400)
        .body("errors", hasItem("members: 'rules-x1' is not in cohort 'tc-rules'"));
    long team = team("rules Alpha", cohort, "rules-r1", "rules-r2");
    // Already in a team: create refuses, a move is the way.
    instructor().body(Map.of("name", "rules Bravo", "cohort", cohort,
            "members", List.of("rules-r1", "rules-r3")))
        .post("/api/admin/teams").then().statusCode(400);
    instructor().body(Map.of("name", "Rules Alpha")).put("/api/admin/teams/" + team + "/name")
        .then().statusCode(200).body("name", equalTo("Rules Alpha"));
    as("rules-r1", cohort).get("/api/me").then().statusCode(200)
        .body("team", equalTo("Rules Alpha"));
    as("rules-r3", cohort).get("/api/me").then().statusCode(200).body("team", nullValue());
    instructor().delete("/api/admin/teams/" + team).then().statusCode(200)
        .body("dissolved", equalTo(true));
    as("rules-r1", cohort).get("/api/me").then().statusCode(200).body("team", nullValue());
    // Every change is in the audit trail (sealed or still pending).
    for (String action : List.of("team.create", "team.rename", "team.dissolve")) {
      assertTrue(Api.count(db, "select (select count(*) from audit_log where action = ? and"
          + " subject = ?) + (select count(*) from audit_pending where action = ? and"
          + " subject = ?)", action, "team:" + team, action, "team:" + team) > 0, action);
    }
  }

  @Test
  void shouldSolveTeamLogicOnlyAfterEveryMember() {
    String slug = "team-logic";
    TestChallenges.write(catalog, slug, TestChallenges.staticChallenge(slug, "B2C{all}",
        "logic: team"));
    Setup s = setup("logic", slug);
    submit(member(s, "a1"), slug, "B2C{all}").statusCode(200).body("status", equalTo("partial"))
        .body("correct", equalTo(true));
    assertEquals(0, Api.count(db, "select count(*) from team_solve where team_id = ?",
        s.teamA()));
    submit(member(s, "a2"), slug, "B2C{all}").statusCode(200).body("status", equalTo("correct"));
    assertEquals(1, Api.count(db, "select count(*) from team_solve where team_id = ?",
        s.teamA()));
  }

  @Test
  void shouldChargeATeamHintOnceAndLetEveryMemberReadIt() throws Exception {
    String slug = "team-hint";
    TestChallenges.write(catalog, slug, TestChallenges.staticChallenge(slug, "B2C{hint}", """
        hints:
          - {title: "Costly", content: "Look in the logs.", cost: 10}"""));
    Setup s = setup("hint", slug);
    member(s, "a2").get("/api/challenges/" + slug + "/hints/0").then().statusCode(403);
    member(s, "a1").contentType("application/json")
        .post("/api/challenges/" + slug + "/hints/0/unlock").then().statusCode(200)
        .body("charged", equalTo(true));
    member(s, "a2").contentType("application/json")
        .post("/api/challenges/" + slug + "/hints/0/unlock").then().statusCode(200)
        .body("charged", equalTo(false));
    member(s, "a2").get("/api/challenges/" + slug + "/hints/0").then().statusCode(200)
        .body("content", equalTo("Look in the logs."));
    assertEquals(1, Api.count(db, "select count(*) from team_adjustment where team_id = ?"
        + " and kind = 'hint'", s.teamA()));
    // A member of the other team still has to pay for it.
    member(s, "b1").get("/api/challenges/" + slug + "/hints/0").then().statusCode(403);
    assertEquals(-10, score(board(s, 1, -10), "hint Alpha"));
  }

  @Test
  void shouldKeepPointsWithTheEarningTeamAndRebuildTheBoardItShowsLive() throws Exception {
    String first = "team-move-1";
    String second = "team-move-2";
    TestChallenges.write(catalog, first, TestChallenges.staticChallenge(first, "B2C{m1}", null));
    TestChallenges.write(catalog, second,
        TestChallenges.staticChallenge(second, "B2C{m2}", null));
    Setup s = setup("move", first, second);
    submit(member(s, "a1"), first, "B2C{m1}").statusCode(200).body("status", equalTo("correct"));
    member(s, "a1").get("/api/challenges/" + first).then().body("solved", equalTo(true));
    // a1 moves to Bravo mid-exercise: Alpha keeps what a1 earned for it.
    instructor().body(Map.of("username", s.user("a1")))
        .post("/api/admin/teams/" + s.teamB() + "/members").then().statusCode(200)
        .body("members", hasItem(s.user("a1")));
    member(s, "a1").get("/api/me").then().body("team", equalTo("move Bravo"));
    // For a1 the challenge is now Bravo's to solve: what a1 sees follows the move at once.
    member(s, "a1").get("/api/challenges/" + first).then().body("solved", equalTo(false));
    submit(member(s, "a1"), second, "B2C{m2}").statusCode(200)
        .body("status", equalTo("correct"));
    // The first challenge is Alpha's, not Bravo's: a1 can solve it again for Bravo.
    submit(member(s, "a1"), first, "B2C{m1}").statusCode(200).body("status", equalTo("correct"));
    // Alpha: 100 + 10 % first blood. Bravo: 100 + 10 % on the second, 100 + 5 % as the second
    // team to solve the first.
    List<Map<String, Object>> live = board(s, 2, 325);
    assertEquals(110, score(live, "move Alpha"));
    assertEquals(215, score(live, "move Bravo"));
    official().post("/api/scoreboard/teams/rebuild").then().statusCode(200);
    assertEquals(live, board(s, 2, 325));
    // Officials see each member's share: a1 solved one challenge for each team.
    JsonPath shares = official().queryParam("exercise", s.exercise())
        .get("/api/scoreboard/teams/contributions").then().statusCode(200).extract().jsonPath();
    assertEquals(1, shares.getInt("find { it.team == 'move Alpha' && it.member == '"
        + s.user("a1") + "' }.solves"));
    assertEquals(2, shares.getInt("find { it.team == 'move Bravo' && it.member == '"
        + s.user("a1") + "' }.solves"));
    // The export of a team exercise lists teams.
    String csv = official().queryParam("exercise", s.exercise())
        .get("/api/scoreboard/export.csv").then().statusCode(200).extract().asString();
    assertTrue(csv.contains("move Alpha") && csv.contains("move Bravo"), csv);
  }

  @Test
  void shouldShowATeamsSolveToEveryMemberAndToNoOtherTeam() throws Exception {
    String slug = "team-seen";
    TestChallenges.write(catalog, slug, TestChallenges.staticChallenge(slug, "B2C{seen}", null));
    Setup s = setup("seen", slug);
    member(s, "a2").get("/api/challenges/" + slug).then().statusCode(200)
        .body("solved", equalTo(false)).body("solves", equalTo(0));
    submit(member(s, "a1"), slug, "B2C{seen}").statusCode(200).body("status", equalTo("correct"));
    // Every member sees it solved (not only the one who sent the flag); the team counts once.
    for (String m : List.of("a1", "a2")) {
      member(s, m).get("/api/challenges/" + slug).then().statusCode(200)
          .body("solved", equalTo(true)).body("solves", equalTo(1));
      member(s, m).get("/api/challenges").then().statusCode(200)
          .body("challenges.flatten().find { it.slug == '" + slug + "' }.solved",
              equalTo(true));
    }
    submit(member(s, "a2"), slug, "B2C{seen}").statusCode(200)
        .body("status", equalTo("already_solved"));
    // The attacker's side: a member of the other team, reading the same public board stream,
    // learns the count but not a solve of theirs, and can still solve it for Bravo.
    member(s, "b1").get("/api/challenges/" + slug).then().statusCode(200)
        .body("solved", equalTo(false)).body("solves", equalTo(1));
    submit(member(s, "b1"), slug, "B2C{seen}").statusCode(200).body("status", equalTo("correct"));
    member(s, "b2").get("/api/challenges/" + slug).then().statusCode(200)
        .body("solved", equalTo(true)).body("solves", equalTo(2));
    // A member's page shows the team's score (once the team board has it).
    assertEquals(110, score(board(s, 2, 215), "seen Alpha"));
    member(s, "a2").accept("text/html").get("/me").then().statusCode(200)
        .body(containsString("id=\"team-score\">110<"));
  }

  @Test
  void shouldOpenAChallengeToEveryMemberOnceATeammateSolvedWhatItRequires() {
    String first = "team-pre-1";
    String second = "team-pre-2";
    TestChallenges.write(catalog, first, TestChallenges.staticChallenge(first, "B2C{p1}", null));
    TestChallenges.write(catalog, second, TestChallenges.staticChallenge(second, "B2C{p2}",
        "requirements: [" + first + "]"));
    Setup s = setup("pre", first, second);
    member(s, "a2").get("/api/challenges/" + second).then().statusCode(200)
        .body("requirements.met", equalTo(false));
    submit(member(s, "a1"), first, "B2C{p1}").statusCode(200).body("status", equalTo("correct"));
    // a2 never solved the first challenge: a1 did, for the team.
    member(s, "a2").get("/api/challenges/" + second).then().statusCode(200)
        .body("requirements.met", equalTo(true));
    submit(member(s, "a2"), second, "B2C{p2}").statusCode(200).body("status", equalTo("correct"));
    // The other team's members stay locked out until Bravo solves it.
    member(s, "b1").get("/api/challenges/" + second).then().statusCode(200)
        .body("requirements.met", equalTo(false)).body("requirements.missing", hasItem(first));
    submit(member(s, "b1"), second, "B2C{p2}").statusCode(403)
        .body("type", org.hamcrest.Matchers.endsWith("requirements-not-met"));
  }

  @Test
  void shouldPayADefenseCheckToTheTeamOncePerCheck() throws Exception {
    String first = "team-def-1";
    String second = "team-def-2";
    TestChallenges.write(catalog, first, TestChallenges.staticChallenge(first, "B2C{d1}", null));
    TestChallenges.write(catalog, second, TestChallenges.staticChallenge(second, "B2C{d2}",
        "requirements: [" + first + "]"));
    Setup s = setup("def", first, second);
    // Before the team solved what the challenge requires, its checks pay nothing.
    check(s, "a2", second, "patched");
    submit(member(s, "a1"), first, "B2C{d1}").statusCode(200).body("status", equalTo("correct"));
    // The same check held in two members' hands (and twice) pays the team once.
    check(s, "a2", second, "patched");
    check(s, "a2", second, "patched");
    check(s, "a1", second, "patched");
    assertEquals(150, score(board(s, 1, 150), "def Alpha"));
    assertEquals(1, Api.count(db, "select count(*) from team_adjustment where team_id = ?"
        + " and kind = 'defense'", s.teamA()));
    // The points are the team's, not the member's own; officials see who held the check.
    member(s, "a2").get("/api/me/score").then().statusCode(200).body("total", equalTo(0));
    JsonPath shares = official().queryParam("exercise", s.exercise())
        .get("/api/scoreboard/teams/contributions").then().statusCode(200).extract().jsonPath();
    assertEquals(1, shares.getInt("find { it.team == 'def Alpha' && it.member == '"
        + s.user("a2") + "' }.checks"));
    // Bravo has not solved the requirement: its member's check pays nobody.
    check(s, "b1", second, "patched");
    assertEquals(0, Api.count(db, "select count(*) from team_adjustment where team_id = ?",
        s.teamB()));
    // Rebuilt from stored facts, the board keeps the check's points.
    official().post("/api/scoreboard/teams/rebuild").then().statusCode(200);
    assertEquals(150, score(board(s, 1, 150), "def Alpha"));
  }

  @Test
  void shouldPayATeamLabsCheckToItsTeamAfterTheMemberWhoStartedItMoved() throws Exception {
    String slug = "team-def-lab";
    TestChallenges.write(catalog, slug, TestChallenges.staticChallenge(slug, "B2C{dl}", null));
    Setup s = setup("deflab", slug);
    long starter = identity.byUsername(s.user("a1")).orElseThrow().id();
    instructor().body(Map.of("username", s.user("a1")))
        .post("/api/admin/teams/" + s.teamB() + "/members").then().statusCode(200);
    // Alpha's lab, started by a1 before the move, holds a check: its points are Alpha's, and
    // the mover's new team gains nothing from a lab it never had.
    QuarkusTransaction.requiringNew().run(() -> defense.fire(new DefenseCheckPassed(starter,
        s.teamA(), slug, "patched", 40, "inst-" + s.tag(), Instant.now())));
    assertEquals(40, score(board(s, 1, 40), "deflab Alpha"));
    assertEquals(0, Api.count(db, "select count(*) from team_adjustment where team_id = ?",
        s.teamB()));
  }

  /** A defense check held in a member's lab, fired as the labs feature fires it. */
  private void check(Setup s, String member, String slug, String name) {
    long id = identity.byUsername(s.user(member)).orElseThrow().id();
    QuarkusTransaction.requiringNew().run(() -> defense.fire(new DefenseCheckPassed(id, null,
        slug, name, 40, "inst-" + s.tag(), Instant.now())));
  }
}
