package id.born2control.labs;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.born2control.TestUsers;
import id.born2control.catalog.CatalogService;
import id.born2control.identity.IdentityService;
import id.born2control.identity.TraineeRef;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketConnectOptions;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Lab web sites on their own origins: the one-time link, the lab host's pass cookie, who gets a
 * link, what a lab host refuses, and real web apps (the shipped web lab, a test app using
 * absolute links, a redirect, its own cookies, bare-LF CGI and a WebSocket) working through it.
 */
@QuarkusTest
@Tag("docker")
class LabProxyTest {

  @Inject CatalogService catalog;
  @Inject LabService labs;
  @Inject IdentityService identities;
  @Inject Vertx vertx;

  @BeforeEach
  void install() {
    LabTestSupport.install(catalog);
  }

  @AfterAll
  static void nothingLeftBehind() {
    LabTestSupport.stopAllAndAssertClean(
        io.quarkus.arc.Arc.container().instance(LabService.class).get());
  }

  private String runningLab(String username, String slug) {
    return LabTestSupport.startRunning(labs, catalog, identities, username, slug);
  }

  /**
   * Signed in as {@code user} through the test sign-in mechanism (real Keycloak tokens are used
   * by {@code LabWebBrowserTest} and the authorization matrix).
   */
  private static RequestSpecification as(String user) {
    return given().header(TestUsers.USER, user);
  }

  private static RequestSpecification asInstructor(String user) {
    return as(user).header(TestUsers.ROLES, "instructor");
  }

  @Test
  void shouldLetTheOwnerIntoTheLabSiteOnceThroughAOneTimeLink() {
    String id = runningLab("web-owner", "labt-web");
    URI link = LabWebClient.link(as("web-owner"), id, 8080);
    // Its own origin: an opaque host under the lab domain, on the port the range answers.
    assertTrue(link.getHost().matches("[0-9a-f]{32}\\.labs\\.localhost"), link.toString());
    assertEquals(io.restassured.RestAssured.port, link.getPort());
    assertEquals("/.b2c/enter", link.getPath());

    Response entered = LabWebClient.on(link).get(link.getRawPath() + "?" + link.getRawQuery());
    assertEquals(303, entered.statusCode());
    assertEquals("/", entered.header("Location"));
    String setCookie = entered.header("Set-Cookie");
    String attributes = setCookie.toLowerCase(java.util.Locale.ROOT);
    assertTrue(attributes.contains("httponly") && attributes.contains("samesite=lax")
        && !attributes.contains("domain="), "a host-only pass: " + setCookie);
    String pass = entered.cookie(LabWebPass.COOKIE);

    LabWebClient.on(link, pass).get("/").then().statusCode(200).body(equalTo("lab ok\n"))
        .header("Content-Security-Policy", containsString("sandbox allow-scripts"));
    LabWebClient.on(link, pass).get("/flag.txt?x=1").then().statusCode(200)
        .body(matchesPattern("B2C\\{labtest_[0-9a-f]+\\}\\n"));

    // The ticket opened once: not again, in this browser or another.
    LabWebClient.on(link).get(link.getRawPath() + "?" + link.getRawQuery()).then()
        .statusCode(403).body(containsString("used already"));
    // Without the pass (another browser) the lab host answers nothing of the lab.
    LabWebClient.on(link).get("/flag.txt").then().statusCode(401)
        .body(not(containsString("B2C{")));
    LabWebClient.on(link, "forged.pass").get("/flag.txt").then().statusCode(401);

    // A port the lab does not declare as http gets no link.
    as("web-owner").redirects().follow(false).get("/api/labs/" + id + "/web/22").then()
        .statusCode(404);
    TraineeRef owner = identities.byUsername("web-owner").orElseThrow();
    labs.stop(id, owner.id(), false);
    LabWebClient.on(link, pass).get("/").then().statusCode(409);
  }

  @Test
  void shouldNotBindAPassToAnotherLabHost() {
    String mine = runningLab("web-host-a", "labt-web");
    String theirs = runningLab("web-host-b", "labt-web");
    URI myLink = LabWebClient.link(as("web-host-a"), mine, 8080);
    URI theirLink = LabWebClient.link(as("web-host-b"), theirs, 8080);
    String myPass = LabWebClient.enter(myLink);
    // My pass on their host: refused. My ticket on their host: refused (and used up).
    LabWebClient.on(theirLink, myPass).get("/flag.txt").then().statusCode(401);
    URI another = LabWebClient.link(as("web-host-a"), mine, 8080);
    LabWebClient.on(theirLink).get(another.getRawPath() + "?" + another.getRawQuery()).then()
        .statusCode(403);
    LabWebClient.on(myLink).get(another.getRawPath() + "?" + another.getRawQuery()).then()
        .statusCode(403);
  }

  @Test
  void shouldGiveNoLinkToAnotherTraineesLabButToAnInstructor() {
    String id = runningLab("web-victim", "labt-web");
    as("web-intruder").redirects().follow(false).get("/api/labs/" + id + "/web/8080").then()
        .statusCode(404);
    URI link = LabWebClient.link(asInstructor("web-teacher"), id, 8080);
    String pass = LabWebClient.enter(link);
    LabWebClient.on(link, pass).get("/").then().statusCode(200).body(equalTo("lab ok\n"));
    given().redirects().follow(false).get("/api/labs/" + id + "/web/8080").then().statusCode(401);
  }

  @Test
  void shouldRefuseEveryRangeEndpointOnALabHost() {
    String id = runningLab("web-range", "labt-web");
    URI link = LabWebClient.link(as("web-range"), id, 8080);
    String pass = LabWebClient.enter(link);
    // Signed in to the range (test sign-in header) but on a lab host: never a range answer.
    for (String path : List.of("/api/me", "/api/labs", "/q/health", "/studio", "/")) {
      LabWebClient.on(link).header(TestUsers.USER, "web-range").header(TestUsers.ROLES,
          "instructor").get(path).then().statusCode(401);
    }
    // With the pass, the same paths reach the lab's own server (busybox has no /api/me).
    LabWebClient.on(link, pass).header(TestUsers.USER, "web-range").get("/api/me").then()
        .statusCode(404).body(not(containsString("web-range")));
    // Hosts under the lab domain that name no lab are refused too.
    given().header("Host", "labs.localhost").redirects().follow(false).get("/api/me").then()
        .statusCode(404);
    given().header("Host", "not-a-lab.labs.localhost").redirects().follow(false).get("/q/health")
        .then().statusCode(404);
  }

  @Test
  void shouldSendTheOldProxyPathToTheOneTimeLink() {
    given().redirects().follow(false).get("/labs/lab0000/proxy/8080/cgi-bin/a.cgi?b=1").then()
        .statusCode(303).header("Location",
            "/api/labs/lab0000/web/8080?path=%2Fcgi-bin%2Fa.cgi%3Fb%3D1");
    given().redirects().follow(false).get("/labs/lab0000/proxy/8080/").then().statusCode(303)
        .header("Location", "/api/labs/lab0000/web/8080");
    given().redirects().follow(false).get("/api/labs/lab0000/web/8080").then().statusCode(401);

    String id = runningLab("web-old", "labt-web");
    Response old = as("web-old").redirects().follow(false)
        .get("/labs/" + id + "/proxy/8080/flag.txt");
    assertEquals(303, old.statusCode());
    URI link = LabWebClient.link(as("web-old"), id, 8080);
    Response viaOld = as("web-old").urlEncodingEnabled(false).redirects().follow(false)
        .get(old.header("Location"));
    URI oldLink = URI.create(viaOld.header("Location"));
    assertEquals(link.getHost(), oldLink.getHost(), "one host per lab port");
    Response entered = LabWebClient.on(oldLink)
        .get(oldLink.getRawPath() + "?" + oldLink.getRawQuery());
    assertEquals("/flag.txt", entered.header("Location"));
    // Only paths on the lab's own site: "//host" would leave it.
    as("web-old").redirects().follow(false).queryParam("path", "//evil.example")
        .get("/api/labs/" + id + "/web/8080").then().statusCode(400);
  }

  @Test
  void shouldServeTheShippedWebLabsCgiPagesAndAbsoluteLinks() {
    String id = runningLab("web-shipped", "web-backdoor");
    URI link = LabWebClient.link(as("web-shipped"), id, 8080);
    String pass = LabWebClient.enter(link);
    LabWebClient.on(link, pass).get("/").then().statusCode(200)
        .body(containsString("href=\"/cgi-bin/status.cgi\""));
    // busybox CGI ends header lines with a bare LF: this answered 502 through the old proxy.
    LabWebClient.on(link, pass).get("/cgi-bin/status.cgi").then().statusCode(200)
        .contentType(containsString("text/plain")).body(containsString("Diskominfo web: OK"));
  }

  @Test
  void shouldServeARealWebAppUnchanged() throws Exception {
    String id = runningLab("web-app", "labt-webapp");
    URI link = LabWebClient.link(as("web-app"), id, 8080);
    String pass = LabWebClient.enter(link);
    String origin = LabWebClient.origin(link);

    LabWebClient.on(link, pass).get("/").then().statusCode(200)
        .body(containsString("href=\"/cgi-bin/hello.cgi?from=link\""));
    LabWebClient.on(link, pass).get("/cgi-bin/hello.cgi?from=link").then().statusCode(200)
        .body(containsString("hello from cgi"), containsString("query=from=link"),
            containsString("host=" + link.getHost() + ":" + link.getPort()));
    LabWebClient.on(link, pass).contentType("application/x-www-form-urlencoded")
        .body("msg=posted").post("/cgi-bin/hello.cgi").then().statusCode(200)
        .body(containsString("method=POST"), containsString("body=msg=posted"));
    // A redirect to the app's configured address lands on the lab origin.
    LabWebClient.on(link, pass).get("/cgi-bin/redirect.cgi").then().statusCode(302)
        .header("Location", origin + "/landed.html");
    // Its own cookie passes; the range's cookie names and Domain-wide cookies do not.
    Response cookies = LabWebClient.on(link, pass).get("/cgi-bin/cookie.cgi");
    List<String> set = cookies.headers().getValues("Set-Cookie");
    assertTrue(set.contains("labsession=s3cret; Path=/"), set.toString());
    assertTrue(set.contains("wide=1; Path=/"), "Domain dropped: " + set);
    assertFalse(set.stream().anyMatch(c -> c.startsWith("q_session")), set.toString());
    LabWebClient.on(link, pass).cookie("labsession", "s3cret").cookie("q_session", "range")
        .cookie("csrf-token", "range").header("Authorization", "Bearer range-token")
        .get("/cgi-bin/hello.cgi").then().statusCode(200)
        .body(containsString("cookies=labsession=s3cret\n"));

    // The WebSocket on the second port, from the lab's own pages only.
    URI wsLink = LabWebClient.link(as("web-app"), id, 8081);
    String wsPass = LabWebClient.enter(wsLink);
    assertEquals("hello-ws cookie=labsession=s3cret",
        webSocket(wsLink, LabWebClient.origin(wsLink), wsPass + "; labsession=s3cret"));
    assertEquals("refused 403", webSocket(wsLink, "http://localhost:" + wsLink.getPort(),
        wsPass));
    assertEquals("refused 403", webSocket(wsLink, origin, wsPass));
  }

  /** The first text message of the lab host's WebSocket at "/", or "refused STATUS". */
  private String webSocket(URI link, String origin, String cookies) throws Exception {
    CompletableFuture<String> first = new CompletableFuture<>();
    WebSocketConnectOptions options = new WebSocketConnectOptions()
        .setHost("127.0.0.1").setPort(link.getPort()).setURI("/")
        .addHeader("Host", link.getHost() + ":" + link.getPort())
        .addHeader("Origin", origin).addHeader("Cookie", LabWebPass.COOKIE + "=" + cookies);
    vertx.createWebSocketClient().connect(options).onComplete(opened -> {
      if (opened.failed()) {
        String why = opened.cause().getMessage();
        first.complete("refused " + why.replaceAll(".*\\D(\\d{3})\\D*$", "$1"));
        return;
      }
      opened.result().textMessageHandler(text -> {
        first.complete(text);
        opened.result().close();
      });
    });
    return first.get(30, TimeUnit.SECONDS);
  }
}
