package id.born2control.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import id.born2control.identity.TestKeycloak;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;

/**
 * Pages with pushed streams give their connections back when left. Over plain HTTP/1.1 a browser
 * keeps at most six connections to one host; a left page in the back-forward cache that kept its
 * streams open made every later request of the range wait for a connection that never freed
 * (a defense check that never left the browser, a page that never loaded).
 */
@QuarkusTest
@Tag("keycloak")
@Tag("browser")
class PageStreamsBrowserTest {

  @TestHTTPResource("/")
  URL base;

  @Test
  void shouldKeepAnsweringATraineeWhoWentThroughManyLivePages() {
    String me = "streams-" + UUID.randomUUID().toString().substring(0, 8);
    String password = "pw-" + UUID.randomUUID();
    TestKeycloak.get().createTrainee(me, password, "cohort-a");
    try (Browser browser = Browser.desktop(base)) {
      browser.signIn(me, password, "/");
      // Each of these pages opens one or two streams: twice round is well over six of them.
      List<String> pages = List.of("/", "/challenges/quiz-incident-response",
          "/challenges/log-forensics", "/me");
      // Loaded without Browser.open's retries: a load stalled for a connection ends only when
      // the host's networks change (Chromium then abandons it), which must not be needed here.
      JavascriptExecutor js = (JavascriptExecutor) browser.driver();
      for (int round = 0; round < 2; round++) {
        for (String page : pages) {
          browser.driver().get(base + page.substring(1));
          assertEquals(Boolean.FALSE, js.executeScript(
              "return document.querySelector('#main-message .error-code') !== null;"),
              "Chromium could not load " + page);
          browser.waitFor(By.tagName("h1"));
        }
      }
      // A call of the page's own scripts still reaches the range (bounded: a stalled request
      // would otherwise wait for ever).
      Object status = js.executeAsyncScript("""
          const done = arguments[arguments.length - 1];
          fetch('/api/me', { signal: AbortSignal.timeout(20000) })
            .then((r) => done(String(r.status)), (e) => done(e.name + ': ' + e.message));""");
      assertEquals("200", status);
    }
  }
}
