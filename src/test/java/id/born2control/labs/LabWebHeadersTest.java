package id.born2control.labs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The header rules between browsers and lab web ports, and the lab host's pass, one by one. */
class LabWebHeadersTest {

  private static final String ORIGIN = "http://0123456789abcdef0123456789abcdef.labs.localhost:8080";

  @Test
  void shouldKeepOnlyTheLabsOwnCookiesOnTheWayToTheLab() {
    assertEquals("mine=1; other=2", LabWebHeaders.labCookies(
        "q_session=a; mine=1; csrf-token=b; b2c_lab=c; q_session_at=d; other=2; b2c_lang=en"));
    assertNull(LabWebHeaders.labCookies("q_session=a; b2c_lab=c"));
    assertNull(LabWebHeaders.labCookies(null));
  }

  @Test
  void shouldDropTheRangesCookieNamesAndDomainsFromWhatTheLabSets() {
    assertEquals("sid=1; Path=/; HttpOnly", LabWebHeaders.setCookie("sid=1; Path=/; HttpOnly"));
    assertEquals("sid=1; Path=/", LabWebHeaders.setCookie("sid=1; Domain=labs.localhost; Path=/"));
    assertEquals("sid=1", LabWebHeaders.setCookie("sid=1;domain=.example.org"));
    assertNull(LabWebHeaders.setCookie("q_session=planted; Path=/"));
    assertNull(LabWebHeaders.setCookie("csrf-token=x"));
    assertNull(LabWebHeaders.setCookie("b2c_lab=forged"));
  }

  @Test
  void shouldRewriteRedirectsToTheLabsInternalAddressOnly() {
    Set<Integer> internal = Set.of(8080, 40123);
    assertEquals(ORIGIN + "/landed.html?a=1#top", LabWebHeaders.location(
        "http://127.0.0.1:8080/landed.html?a=1#top", ORIGIN, internal));
    assertEquals(ORIGIN + "/", LabWebHeaders.location("http://localhost:40123", ORIGIN, internal));
    assertEquals(ORIGIN + "/x", LabWebHeaders.location("http://target:8080/x", ORIGIN, internal));
    assertEquals(ORIGIN + "/x", LabWebHeaders.location("http://10.213.0.5:8080/x", ORIGIN,
        internal));
    // Relative targets, other ports and real sites stay as they are.
    assertEquals("/next", LabWebHeaders.location("/next", ORIGIN, internal));
    assertEquals("http://127.0.0.1:9999/", LabWebHeaders.location("http://127.0.0.1:9999/",
        ORIGIN, internal));
    assertEquals("https://example.org:8080/", LabWebHeaders.location("https://example.org:8080/",
        ORIGIN, internal));
    assertEquals(ORIGIN + "/same", LabWebHeaders.location(ORIGIN + "/same", ORIGIN, internal));
  }

  @Test
  void shouldFindTheLabLabelInTheHostHeader() {
    assertEquals(Optional.of("abc"), LabWebOrigin.label("abc.labs.localhost:8080",
        "labs.localhost"));
    assertEquals(Optional.of("abc"), LabWebOrigin.label("ABC.Labs.Localhost.", "labs.localhost"));
    assertEquals(Optional.of(""), LabWebOrigin.label("labs.localhost", "labs.localhost"));
    assertEquals(Optional.empty(), LabWebOrigin.label("localhost:8080", "labs.localhost"));
    assertEquals(Optional.empty(), LabWebOrigin.label("evillabs.localhost", "labs.localhost"));
    assertEquals(Optional.empty(), LabWebOrigin.label(null, "labs.localhost"));
  }

  @Test
  void shouldAcceptOnlyAPassSignedWithTheKeyAndNotExpired() {
    byte[] key = "0123456789abcdef0123456789abcdef".getBytes();
    Instant now = Instant.ofEpochSecond(1_000_000);
    LabWebPass pass = new LabWebPass("lab0011", 8080, 42, true, now.getEpochSecond() + 60);
    String cookie = pass.encode(key);
    assertEquals(Optional.of(pass), LabWebPass.decode(key, cookie, now));
    assertEquals(Optional.empty(), LabWebPass.decode(key, cookie, now.plusSeconds(61)));
    assertEquals(Optional.empty(), LabWebPass.decode("another key, another installation".getBytes(),
        cookie, now));
    String forged = new LabWebPass("lab0011", 8080, 7, true, now.getEpochSecond() + 60)
        .encode(key).split("\\.")[0] + "." + cookie.split("\\.")[1];
    assertEquals(Optional.empty(), LabWebPass.decode(key, forged, now));
    assertEquals(Optional.empty(), LabWebPass.decode(key, "garbage", now));
    String label = LabWebPass.label(key, "lab0011", 8080);
    assertTrue(label.matches("[0-9a-f]{32}"), label);
    assertTrue(!label.equals(LabWebPass.label(key, "lab0011", 8081)), "one host per port");
  }
}
