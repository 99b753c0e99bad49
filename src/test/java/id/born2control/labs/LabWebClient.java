package id.born2control.labs;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.net.URI;

/**
 * A browser's way into a lab's web origin, spoken over plain HTTP: lab hosts
 * ({@code <label>.labs.localhost}) resolve to loopback in browsers only, so requests go to
 * 127.0.0.1 on the link's port and name the lab host in their Host header.
 */
final class LabWebClient {

  private LabWebClient() {}

  /** The one-time link the range hands {@code caller} for a lab's web port (its 303). */
  static URI link(RequestSpecification caller, String labId, int port) {
    Response answer = caller.redirects().follow(false).get("/api/labs/" + labId + "/web/" + port);
    assertEquals(303, answer.statusCode(), answer.asString());
    return URI.create(answer.header("Location"));
  }

  /** A request to the host of {@code link} (no cookie yet). */
  static RequestSpecification on(URI link) {
    return given().baseUri("http://127.0.0.1").port(link.getPort()).redirects().follow(false)
        .header("Host", link.getHost() + ":" + link.getPort());
  }

  /** Opens the one-time link; the lab host's pass cookie it sets. */
  static String enter(URI link) {
    Response answer = on(link).get(link.getRawPath() + "?" + link.getRawQuery());
    assertEquals(303, answer.statusCode(), answer.asString());
    String pass = answer.cookie(LabWebPass.COOKIE);
    assertNotNull(pass, "the link sets the lab host's pass cookie");
    return pass;
  }

  /** A request to the lab host of {@code link} with its pass. */
  static RequestSpecification on(URI link, String pass) {
    return on(link).cookie(LabWebPass.COOKIE, pass);
  }

  /** The lab origin of a link, as its pages see it. */
  static String origin(URI link) {
    return "http://" + link.getHost() + ":" + link.getPort();
  }
}
