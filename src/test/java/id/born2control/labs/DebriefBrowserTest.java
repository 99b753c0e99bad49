package id.born2control.labs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.born2control.catalog.CatalogService;
import id.born2control.identity.IdentityService;
import id.born2control.labs.TerminalClient.Listener;
import id.born2control.scoring.Api;
import id.born2control.web.Browser;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * An instructor, signed in through Keycloak in a real browser, opens a trainee's debrief from
 * the fleet and replays the terminal session the trainee had in their lab on the Docker engine:
 * the player (asciinema-player, bundled by the build) shows what the trainee typed and saw.
 */
@QuarkusTest
@Tag("docker")
@Tag("keycloak")
@Tag("browser")
class DebriefBrowserTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @Inject CatalogService catalog;
  @Inject LabService labs;
  @Inject IdentityService identities;

  @TestHTTPResource("/")
  URL base;

  @AfterAll
  static void nothingLeftBehind() {
    LabTestSupport.stopAllAndAssertClean(
        io.quarkus.arc.Arc.container().instance(LabService.class).get());
  }

  @Test
  void shouldLetAnInstructorReplayATraineesTerminalSessionInTheDebrief() throws Exception {
    LabTestSupport.install(catalog);
    String lab = LabTestSupport.startRunning(labs, catalog, identities, "debrief-trainee",
        "labt-web");

    // The trainee's session: a command typed, its answer seen, the terminal closed.
    Listener listener = new Listener();
    URI uri = base.toURI();
    WebSocket socket = TerminalClient.open(uri, lab,
        TerminalClient.ticket(Api.as("debrief-trainee", null), lab), listener);
    socket.sendText("{\"type\":\"resize\",\"cols\":90,\"rows\":20}", true).get();
    socket.sendText("echo replayed-$((20+22)) > /tmp/seen; cat /tmp/seen\n", true).get();
    listener.awaitOutput("replayed-42", WAIT);
    socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get();
    listener.closed.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    long until = System.nanoTime() + WAIT.toNanos();
    while (Api.as("debrief-trainee", null).get("/api/labs/" + lab + "/recordings").jsonPath()
        .getList("endedAt").stream().noneMatch(at -> at != null)) {
      assertTrue(System.nanoTime() < until, "the recording was not stored");
      LabTestSupport.sleep(200);
    }

    try (Browser browser = Browser.desktop(base)) {
      browser.signInAsDemo("instructor1", "/studio/fleet");
      WebElement row = browser.waitFor(By.cssSelector("tr[data-lab='" + lab + "']"));
      browser.driver().get(row.findElement(By.cssSelector("a.lab-debrief")).getAttribute("href"));
      WebElement facts = browser.waitFor(By.id("debrief-facts"));
      assertEquals("debrief-trainee", facts.getAttribute("data-owner"));
      List<WebElement> sessions = browser.driver()
          .findElements(By.cssSelector("#debrief tr[data-kind='terminal']"));
      assertEquals(1, sessions.size());
      assertTrue(sessions.get(0).getText().contains("debrief-trainee"),
          sessions.get(0).getText());

      sessions.get(0).findElement(By.cssSelector("button.replay")).click();
      WebElement player = sessions.get(0).findElement(By.cssSelector(".cast-player"));
      // What the trainee typed (the shell's echo of it) and what came back, replayed.
      browser.until(d -> player.getText().contains("replayed-42")
          && player.getText().contains("echo replayed-"));
      browser.screenshot("instructor-debrief-replay");
    }
  }
}
