package id.born2control.catalog;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The catalog through its HTTP API, on a real PostgreSQL and a copy of the shipped challenges
 * that tests add their own folders to (each test uses its own slugs).
 */
@QuarkusTest
class CatalogApiTest {

  // The operations endpoints of the loopback-only management interface (a free port in tests).
  @TestHTTPResource(value = "/metrics", management = true)
  URL metrics;

  @TestHTTPResource(value = "/openapi", management = true)
  URL openapi;

  @TestHTTPResource(value = "/swagger-ui/", management = true)
  URL swaggerUi;

  @ConfigProperty(name = "b2c.catalog.path")
  Path catalog;

  private void write(String slug, String file, String content) throws IOException {
    Path path = catalog.resolve(slug).resolve(file);
    Files.createDirectories(path.getParent());
    Files.writeString(path, content);
  }

  private JsonPath sync() {
    return given().contentType("application/json").when().post("/api/admin/catalog/sync").then().statusCode(200)
        .extract().jsonPath();
  }

  @Test
  @TestSecurity(user = "instructor-catalog", roles = "instructor")
  void shouldLoadEveryShippedChallenge() throws IOException {
    Set<String> shipped;
    try (Stream<Path> folders = Files.list(Path.of("challenges"))) {
      shipped = folders.filter(p -> Files.exists(p.resolve("challenge.yml")))
          .map(p -> p.getFileName().toString()).collect(Collectors.toSet());
    }
    assertTrue(shipped.size() >= 8, "at least 8 sample challenges ship: " + shipped);
    JsonPath report = sync();
    assertEquals(List.of(), report.getList("failed"));
    Set<String> live = Set.copyOf(given().when().get("/api/admin/catalog").then().statusCode(200)
        .extract().jsonPath().getList("slug", String.class));
    assertTrue(live.containsAll(shipped), "live: " + live + ", shipped: " + shipped);
    List<String> shippedErrors = given().when().get("/api/admin/catalog/problems").then()
        .statusCode(200).extract().jsonPath().<String>getList("findAll { it.severity == 'error' }.slug")
        .stream().filter(shipped::contains).toList();
    assertEquals(List.of(), shippedErrors, "shipped challenges must have no errors");
  }

  @Test
  @TestSecurity(user = "instructor-catalog", roles = "instructor")
  void shouldKeepPreviousVersionLiveWhenAnEditBreaksIt() throws IOException {
    write("keep-live", "challenge.yml", """
        name: Keep Live v1
        category: test
        description: First version
        value: 100
        flags: ["B2C{keep}"]
        """);
    sync();
    given().when().get("/api/challenges/keep-live").then().statusCode(200)
        .body("name", equalTo("Keep Live v1")).body("version", equalTo(1));

    write("keep-live", "challenge.yml", """
        name: Keep Live v2
        category: test
        description: Broken version
        value: 100
        flags:
          - {type: regexp, content: "B2C{.*}"}
        """);
    JsonPath report = sync();
    assertTrue(report.getList("failed").contains("keep-live"));
    assertTrue(report.getList("problems.location", String.class).stream().anyMatch(p ->
        p.endsWith("keep-live/challenge.yml:6:12: flags[0].type must be static or regex")),
        "problems: " + report.getList("problems.location"));
    given().when().get("/api/admin/catalog/problems").then().statusCode(200)
        .body("findAll { it.slug == 'keep-live' }.message",
            hasItem("flags[0].type must be static or regex"));
    // The broken edit changed nothing that trainees see.
    given().when().get("/api/challenges/keep-live").then().statusCode(200)
        .body("name", equalTo("Keep Live v1")).body("version", equalTo(1));

    write("keep-live", "challenge.yml", """
        name: Keep Live v2
        category: test
        description: Fixed version
        value: 100
        flags: ["B2C{keep2}"]
        """);
    assertTrue(sync().getList("updated").contains("keep-live"));
    given().when().get("/api/challenges/keep-live").then().statusCode(200)
        .body("name", equalTo("Keep Live v2")).body("version", equalTo(2));
    given().when().get("/api/admin/catalog/problems").then().statusCode(200)
        .body("slug", not(hasItem("keep-live")));
  }

  @Test
  @TestSecurity(user = "instructor-catalog", roles = "instructor")
  void shouldImportCtfcliFolderAsPublicRepositoriesWriteIt() throws IOException {
    write("ctfcli-import", "dist/cipher.txt", "Uryyb");
    write("ctfcli-import", "challenge.yml", """
        name: "Rot Warmup"
        author: "someone"
        category: crypto
        description: |-
          ## Decode it
          The file holds a *rotated* message. <script>alert('x')</script>
        value: 100
        type: dynamic
        extra:
          initial: 100
          decay: 20
          minimum: 25
        flags:
          - {type: "static", content: "flag{hello}", data: "case_insensitive"}
        tags:
          - crypto
        files:
          - dist/cipher.txt
        hints:
          - {content: "ROT13", cost: 5}
        state: visible
        version: "0.1"
        deploy_notes: "ctfcli files carry extras like this"
        """);
    JsonPath report = sync();
    assertTrue(report.getList("added").contains("ctfcli-import"));
    assertTrue(report.getList("problems.location", String.class).stream().anyMatch(p ->
        p.endsWith("ctfcli-import/challenge.yml:23:1: unknown key 'deploy_notes' is ignored")));
    given().when().get("/api/challenges/ctfcli-import").then().statusCode(200)
        .body("scoring", equalTo("dynamic"))
        .body("value", equalTo(100))
        .body("descriptionHtml", containsString("<h2>Decode it</h2>"))
        .body("descriptionHtml", not(containsString("<script")))
        .body("hints[0].cost", equalTo(5))
        .body("hints[0]", not(org.hamcrest.Matchers.hasKey("content")))
        .body("files[0].url", equalTo("/api/challenges/ctfcli-import/files/dist/cipher.txt"));
    given().when().get("/api/challenges/ctfcli-import/files/dist/cipher.txt").then()
        .statusCode(200).body(equalTo("Uryyb"));
  }

  @Test
  void shouldListShippedChallengesByCategory() {
    given().when().get("/api/challenges").then().statusCode(200)
        .body("challenges.flatten().slug", hasItem("log-forensics"))
        .body("find { it.category == 'forensics' }.challenges[0].requirements.met",
            equalTo(true));
  }

  @Test
  @TestSecurity(user = "instructor-catalog", roles = "instructor")
  void shouldHideHiddenAndNotYetScheduledChallenges() throws IOException {
    write("hidden-one", "challenge.yml", """
        name: Hidden
        category: test
        description: not yet
        value: 10
        flags: [a]
        state: hidden
        """);
    write("later-one", "challenge.yml", """
        name: Later
        category: test
        description: not yet
        value: 10
        flags: [a]
        scheduled_at: 2999-01-01T00:00:00Z
        """);
    sync();
    given().when().get("/api/challenges/hidden-one").then().statusCode(404);
    given().when().get("/api/challenges/later-one").then().statusCode(404);
    given().when().get("/api/challenges").then().statusCode(200)
        .body("challenges.flatten().slug", not(hasItem("hidden-one")))
        .body("challenges.flatten().slug", not(hasItem("later-one")));
    given().when().get("/api/admin/catalog").then().statusCode(200)
        .body("find { it.slug == 'hidden-one' }.state", equalTo("hidden"));
  }

  @Test
  @TestSecurity(user = "instructor-catalog", roles = "instructor")
  void shouldLoadNestedFoldersWithSlugsFromTheirPaths() throws IOException {
    write("Api Nested/Round 1", "challenge.yml", """
        name: "Round 1 🚩"
        category: Nested
        description: a category folder one level up
        value: 10
        flags: ["flag{nested}"]
        """);
    JsonPath report = sync();
    assertTrue(report.getList("added").contains("api-nested-round-1")
        || report.getList("unchanged").contains("api-nested-round-1"), report.prettify());
    given().when().get("/api/challenges/api-nested-round-1").then().statusCode(200)
        .body("name", equalTo("Round 1 🚩"));
  }

  @Test
  @TestSecurity(user = "instructor-catalog", roles = "instructor")
  void shouldChangeNothingWhenTwoFoldersGiveOneSlug() throws IOException {
    write("twin-slug", "challenge.yml", """
        name: Twin v1
        category: test
        description: the first folder
        value: 10
        flags: ["flag{one}"]
        """);
    sync();
    write("Twin_Slug", "challenge.yml", """
        name: Twin v2
        category: test
        description: a second folder giving the same slug
        value: 20
        flags: ["flag{two}"]
        """);
    JsonPath report = sync();
    try {
      assertTrue(report.getList("failed").contains("twin-slug"), report.prettify());
      List<String> locations = report.getList("problems.location", String.class);
      assertEquals(2, locations.stream().filter(l -> l.contains("the folders 'Twin_Slug' and"
          + " 'twin-slug' both give the slug 'twin-slug'")).count(), "problems: " + locations);
      given().when().get("/api/challenges/twin-slug").then().statusCode(200)
          .body("name", equalTo("Twin v1"));
    } finally {
      Files.delete(catalog.resolve("Twin_Slug/challenge.yml"));
      Files.delete(catalog.resolve("Twin_Slug"));
      sync();
    }
  }

  @Test
  @TestSecurity(user = "instructor-catalog", roles = "instructor")
  void shouldKeepLockedWhatRequiresSomethingNotInTheCatalog() throws IOException {
    write("needs-ctfd-id", "challenge.yml", """
        name: Needs a CTFd id
        category: test
        description: written for CTFd
        value: 10
        flags: ["flag{id}"]
        requirements:
          - 7
          - "Log Forensics Typo"
        """);
    JsonPath report = sync();
    List<String> locations = report.getList("problems.location", String.class);
    assertTrue(locations.stream().anyMatch(l -> l.endsWith("needs-ctfd-id/challenge.yml:7:5:"
        + " requirements[0] 7 is a CTFd challenge id, which names nothing here: write the"
        + " challenge's name or folder slug; the challenge stays locked until then")), locations.toString());
    assertTrue(locations.stream().anyMatch(l -> l.endsWith("needs-ctfd-id/challenge.yml:8:5:"
        + " requirements[1] 'Log Forensics Typo' names no challenge in the catalog (by name or"
        + " folder slug): the challenge stays locked until it does")), locations.toString());
    given().when().get("/api/challenges/needs-ctfd-id").then().statusCode(200)
        .body("requirements.met", equalTo(false))
        .body("requirements.missing", hasItem("Log Forensics Typo"));
  }

  /**
   * The attacker owns a challenge repository (or swaps a file once it loaded): a link to the
   * range's own files is refused at load with its line, and never served.
   */
  @Test
  @TestSecurity(user = "instructor-catalog", roles = "instructor")
  void shouldNeverServeASymbolicLinkOutOfTheChallengeFolder() throws IOException {
    write("link-swap", "dist/notes.txt", "harmless");
    write("link-swap", "challenge.yml", """
        name: Link swap
        category: test
        description: a file that becomes a link
        value: 10
        flags: ["flag{link}"]
        files: [dist/notes.txt]
        """);
    sync();
    given().when().get("/api/challenges/link-swap/files/dist/notes.txt").then()
        .statusCode(200).body(equalTo("harmless"));
    Path notes = catalog.resolve("link-swap/dist/notes.txt");
    Files.delete(notes);
    Files.createSymbolicLink(notes, Path.of("/etc/passwd"));
    try {
      // Swapped after loading: the download checks again.
      given().when().get("/api/challenges/link-swap/files/dist/notes.txt").then()
          .statusCode(404).body(not(containsString("root:")));
      JsonPath report = sync();
      assertTrue(report.getList("problems.location", String.class).stream().anyMatch(l ->
          l.endsWith("link-swap/challenge.yml:6:9: files[0] 'dist/notes.txt' is or passes"
              + " through a symbolic link: ship the file itself")), report.prettify());
      given().when().get("/api/challenges/link-swap/files/dist/notes.txt").then()
          .statusCode(404);
    } finally {
      // Other tests expect every challenge of the folder to load.
      Files.delete(notes);
      Files.delete(catalog.resolve("link-swap/dist"));
      Files.delete(catalog.resolve("link-swap/challenge.yml"));
      Files.delete(catalog.resolve("link-swap"));
      sync();
    }
  }

  @Test
  void shouldServeOnlyListedFiles() {
    given().when().get("/api/challenges/log-forensics/files/challenge.yml").then()
        .statusCode(404).contentType("application/problem+json")
        .body("type", equalTo("urn:born2control:problem:challenge-file-not-found"));
    given().urlEncodingEnabled(false)
        .when().get("/api/challenges/log-forensics/files/..%2F..%2Fpom.xml").then()
        .statusCode(404);
  }

  @Test
  void shouldAnswerUnknownChallengeWithProblemDetails() {
    given().when().get("/api/challenges/no-such-thing").then().statusCode(404)
        .contentType("application/problem+json")
        .body("type", equalTo("urn:born2control:problem:challenge-not-found"))
        .body("detail", not(containsString("Exception")));
  }

  @Test
  void shouldRefuseCatalogAdministrationToAnonymous() {
    given().contentType("application/json").when().post("/api/admin/catalog/sync").then().statusCode(401);
  }

  @Test
  void shouldServeOperationsEndpoints() {
    given().when().get("/q/health").then().statusCode(200).body("status", equalTo("UP"));
    given().when().get(metrics).then().statusCode(200)
        .body(containsString("http_server_requests"));
    given().when().get(openapi + "?format=json").then().statusCode(200)
        .body("paths", org.hamcrest.Matchers.hasKey("/api/challenges/{slug}"));
    given().when().get(swaggerUi).then().statusCode(200);
    given().accept("text/html").when().get("/").then().statusCode(200)
        .body(containsString("Born2Control Range"));
  }

  @Test
  void shouldKeepApiDocsAndMetricsOffThePublicPort() {
    // Trainees and their labs reach the public port; the API's map and the service's metrics
    // are only on the loopback-bound management interface.
    for (String path : List.of("/q/openapi", "/q/openapi?format=json", "/q/metrics",
        "/q/swagger-ui/")) {
      given().when().get(path).then().statusCode(404);
    }
  }
}
