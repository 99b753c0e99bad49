package id.born2control.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.born2control.TestUsers;
import id.born2control.catalog.CatalogService;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The address recorded with a submission is the submitter's: behind a load balancer it comes
 * from X-Forwarded-For, but only when the request arrives from a configured proxy
 * (quarkus.http.proxy.trusted-proxies, loopback by default); any other peer cannot choose the
 * address it is recorded with. Requests leave from chosen loopback addresses (127.0.0.1 is the
 * trusted proxy, 127.0.0.3 a trainee's machine) over plain sockets.
 */
@QuarkusTest
class SubmitterAddressTest {

  @Inject
  CatalogService catalog;

  @Inject
  AgroalDataSource db;

  @TestHTTPResource("/")
  URL base;

  @Test
  void shouldRecordTheForwardedAddressOnlyFromATrustedProxy() throws IOException {
    String slug = "t-addr-" + UUID.randomUUID().toString().substring(0, 8);
    TestChallenges.write(catalog, slug, TestChallenges.staticChallenge(slug, "B2C{addr}", null));

    // Through the load balancer (a trusted proxy): the submitter's own address is recorded.
    assertEquals(200, submit("127.0.0.1", slug, "addr-proxied", "203.0.113.7"));
    assertEquals(1, Api.count(db, "select count(*) from submission s join trainee t on"
        + " t.id = s.trainee_id where t.username = 'addr-proxied' and s.ip = '203.0.113.7'"));

    // Straight from an untrusted peer: its header is ignored, its real address recorded.
    assertEquals(200, submit("127.0.0.3", slug, "addr-direct", "198.51.100.9"));
    assertEquals(1, Api.count(db, "select count(*) from submission s join trainee t on"
        + " t.id = s.trainee_id where t.username = 'addr-direct' and s.ip = '127.0.0.3'"));
    assertEquals(0, Api.count(db, "select count(*) from submission where ip = '198.51.100.9'"));
  }

  /** A wrong-flag submission sent from {@code source}; answers the HTTP status. */
  private int submit(String source, String slug, String user, String forwardedFor)
      throws IOException {
    String body = "{\"flag\":\"B2C{guess}\"}";
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    try (Socket socket = new Socket()) {
      socket.bind(new InetSocketAddress(source, 0));
      socket.connect(new InetSocketAddress("127.0.0.1", base.getPort()), 5_000);
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      out.write(("POST /api/challenges/" + slug + "/submissions HTTP/1.1\r\n"
          + "Host: localhost:" + base.getPort() + "\r\n"
          + "Content-Type: application/json\r\n"
          + "Content-Length: " + bytes.length + "\r\n"
          + TestUsers.USER + ": " + user + "\r\n"
          + "X-Forwarded-For: " + forwardedFor + "\r\n"
          + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(bytes);
      out.flush();
      String status = new BufferedReader(new InputStreamReader(socket.getInputStream(),
          StandardCharsets.US_ASCII)).readLine();
      assertTrue(status != null && status.startsWith("HTTP/1.1 "), String.valueOf(status));
      return Integer.parseInt(status.substring(9, 12));
    }
  }
}
