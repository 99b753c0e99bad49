package id.born2control.labs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.born2control.catalog.CatalogService;
import id.born2control.identity.IdentityService;
import id.born2control.identity.TestKeycloak;
import id.born2control.web.Browser;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.net.URI;
import java.net.URL;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.JavascriptExecutor;

/**
 * The attack of issue 14, played in Chromium with real Keycloak sign-in and real labs: trainee A,
 * root in their web lab, plants a page with a script; instructor1, signed in to the range, opens
 * it through the range's lab link. The script tries to act on the range with instructor1's
 * session, and every attempt fails: the page runs on the lab's own origin.
 */
@QuarkusTest
@Tag("docker")
@Tag("browser")
@Tag("keycloak")
class LabWebBrowserTest {

  @TestHTTPResource("/")
  URL base;

  @Inject CatalogService catalog;
  @Inject LabService labs;
  @Inject IdentityService identities;
  @Inject EntityManager db;

  @BeforeEach
  void install() {
    LabTestSupport.install(catalog);
  }

  @AfterEach
  void stopLabs() {
    for (String user : new String[] {"trainee1", "trainee2"}) {
      identities.byUsername(user).ifPresent(t -> labs.mine(t.id()).stream()
          .filter(l -> java.util.Set.of("PROVISIONING", "STARTING", "RUNNING")
              .contains(l.state()))
          .forEach(l -> labs.stop(l.id(), t.id(), false)));
    }
  }

  /**
   * Starts a labt-web lab of a realm user (the test challenge is hidden from trainees' API, so
   * through the service; the trainee record is the one their Keycloak sign-in uses).
   */
  private String startLab(String user) {
    TestKeycloak.get().demoToken(user);
    return LabTestSupport.startRunning(labs, catalog, identities, user, "labt-web");
  }

  private long awards() {
    return io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().call(() -> ((Number) db
        .createNativeQuery("select count(*) from points_adjustment").getSingleResult())
        .longValue());
  }

  @Test
  void shouldKeepAPlantedPageFromActingOnTheRangeWithTheInstructorsSession() {
    String labA = startLab("trainee1");
    String labB = startLab("trainee2");
    String range = base.getProtocol() + "://" + base.getHost() + ":" + base.getPort();
    // As the lab's own user (the site's owner; the lab's root has no DAC_OVERRIDE), as an
    // attacker in the lab would.
    String container = LabTestSupport.docker("ps", "-q", "--filter", "label=b2c.instance=" + labA,
        "--filter", "label=b2c.role=target");
    LabTestSupport.docker("exec", "-u", "www-data", container, "sh", "-c",
        "cat > /www/evil.html <<'EOF'\n" + evilPage(range, labB) + "\nEOF");
    long awardsBefore = awards();

    try (Browser instructor = Browser.desktop(base)) {
      instructor.signInAsDemo("instructor1", "/");
      // The range's lab link, as trainee A would send it: /api/labs/{A}/web/8080?path=...
      instructor.open("api/labs/" + labA + "/web/8080?path=/evil.html");
      instructor.until(d -> "done".equals(d.getTitle()));
      URI site = URI.create(instructor.driver().getCurrentUrl());
      assertTrue(site.getHost().matches("[0-9a-f]{32}\\.labs\\.localhost"), site.toString());
      @SuppressWarnings("unchecked")
      Map<String, Object> tried = (Map<String, Object>) ((JavascriptExecutor) instructor.driver())
          .executeScript("return window.b2cTried;");
      instructor.screenshot("lab-web-attack");

      String all = tried.toString();
      assertFalse(all.contains("instructor1"), "the page never reads the instructor: " + all);
      assertFalse(all.contains("csrf"), "nor a CSRF token: " + all);
      assertTrue(String.valueOf(tried.get("me")).startsWith("blocked"), all);
      assertTrue(String.valueOf(tried.get("meHere")).startsWith("404"), all);
      assertTrue(String.valueOf(tried.get("studio")).startsWith("blocked"), all);
      assertTrue(String.valueOf(tried.get("award")).startsWith("blocked"), all);
      assertEquals("refused", tried.get("terminal"), all);
      // Nor can it get a terminal ticket with the instructor's session (CORS, CSRF header).
      assertTrue(String.valueOf(tried.get("terminalTicket")).startsWith("blocked"), all);
      assertTrue(String.valueOf(tried.get("worker")).startsWith("blocked"), all);

      // Back on the range: still signed in, no service worker of the lab's, no award.
      instructor.open("/");
      Object workers = ((JavascriptExecutor) instructor.driver()).executeAsyncScript(
          "const done = arguments[0];"
              + "navigator.serviceWorker.getRegistrations().then(r => done(r.length),"
              + " e => done(-1));");
      assertTrue(((Number) workers).intValue() <= 0, "service workers on the range: " + workers);
    }
    assertEquals(awardsBefore, awards(), "the award table is unchanged");
    String victim = LabTestSupport.docker("ps", "-q", "--filter", "label=b2c.instance=" + labB,
        "--filter", "label=b2c.role=target");
    assertEquals("clean", LabTestSupport.docker("exec", victim, "sh", "-c",
        "test -e /tmp/pwned && echo pwned || echo clean"));
  }

  /**
   * The planted page: each attempt stores its outcome in {@code window.b2cTried}, then the
   * title turns "done". The range's session would let instructor1 do all of this.
   */
  private static String evilPage(String range, String victimLab) {
    String ws = range.replace("http", "ws");
    return """
        <!doctype html><html><head><title>loading</title></head><body><script>
        const range = '%s';
        const tried = {};
        window.b2cTried = tried;
        async function attempt(name, work) {
          try { tried[name] = String(await work()); } catch (e) { tried[name] = 'blocked: ' + e; }
        }
        (async () => {
          await attempt('me', async () => {
            const r = await fetch(range + '/api/me', {credentials: 'include'});
            return r.status + ' ' + (await r.text()).slice(0, 200);
          });
          await attempt('meHere', async () => {
            const r = await fetch('/api/me');
            return r.status + ' ' + (await r.text()).slice(0, 200);
          });
          await attempt('studio', async () => {
            const r = await fetch(range + '/studio/fleet', {credentials: 'include'});
            return r.status + ' ' + (await r.text()).slice(0, 2000);
          });
          await attempt('award', async () => {
            const r = await fetch(range + '/api/admin/trainees/trainee1/awards', {
              method: 'POST', credentials: 'include',
              headers: {'Content-Type': 'application/json'},
              body: JSON.stringify({points: 500, reason: 'planted'})});
            return r.status;
          });
          await attempt('awardBlind', async () => {
            await fetch(range + '/api/admin/trainees/trainee1/awards', {
              method: 'POST', mode: 'no-cors', credentials: 'include',
              headers: {'Content-Type': 'text/plain'},
              body: JSON.stringify({points: 500, reason: 'planted'})});
            return 'sent';
          });
          await attempt('terminal', () => new Promise((done) => {
            const socket = new WebSocket('%s/api/labs/%s/terminal');
            socket.onopen = () => { socket.send('touch /tmp/pwned\\n'); done('opened'); };
            socket.onerror = () => done('refused');
            socket.onclose = (e) => done(e.code >= 4000 ? 'closed ' + e.code : 'refused');
            setTimeout(() => done('refused'), 10000);
          }));
          await attempt('terminalTicket', async () => {
            const r = await fetch(range + '/api/labs/%s/terminal/ticket', {
              method: 'POST', credentials: 'include', headers: {'X-B2C-Request': '1'}});
            const ticket = await r.json();
            return await new Promise((done) => {
              const socket = new WebSocket('%s' + ticket.socket);
              socket.onopen = () => { socket.send('touch /tmp/pwned\\n'); done('opened'); };
              socket.onerror = () => done('refused');
              setTimeout(() => done('refused'), 10000);
            });
          });
          await attempt('worker', async () => {
            const r = await navigator.serviceWorker.register(range + '/sw.js', {scope: range + '/'});
            return 'registered ' + r.scope;
          });
          document.title = 'done';
        })();
        </script></body></html>""".formatted(range, ws, victimLab, victimLab, ws);
  }
}
