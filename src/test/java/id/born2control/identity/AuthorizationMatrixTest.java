package id.born2control.identity;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.arc.Arc;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Who may do what, for every HTTP endpoint and WebSocket of the service, with real tokens from the
 * running Keycloak. The endpoints are read from the service's own OpenAPI document (and the
 * WebSocket endpoints from the CDI container), so a new endpoint without a row here fails the test
 * — add its row when you add the endpoint. Each row gives the path to call (path parameters
 * filled in) and the expected status for: anonymous, trainee A, trainee B, instructor, official.
 * A POST without a body should name a non-form content type: RestAssured otherwise sends a form
 * content type, which the CSRF filter rightly refuses without a token.
 */
@QuarkusTest
class AuthorizationMatrixTest {

  private static final String[] CALLERS = {"anonymous", "traineeA", "traineeB", "instructor",
      "official"};

  /** A row: what to call and the status each caller gets. */
  record Row(String call, UnaryOperator<RequestSpecification> request, int... expected) {
    Row(String call, int... expected) {
      this(call, r -> r, expected);
    }
  }

  /** Rows keyed by "METHOD /openapi/path/{param}". */
  private static final Map<String, Row> HTTP = new LinkedHashMap<>();
  /** WebSocket endpoints keyed by their path template; the call is the handshake. */
  private static final Map<String, Row> WEBSOCKETS = new LinkedHashMap<>();

  static {
    // web pages
    HTTP.put("GET /", new Row("/", 200, 200, 200, 200, 200));
    HTTP.put("GET /login", new Row("/login", 303, 303, 303, 303, 303));
    // anonymous browsers are sent to Keycloak; signed-in callers straight back
    HTTP.put("GET /login/start", new Row("/login/start", 302, 303, 303, 303, 303));
    // identity
    HTTP.put("GET /api/me", new Row("/api/me", 401, 200, 200, 200, 200));
    HTTP.put("POST /api/admin/roster", new Row("/api/admin/roster",
        r -> r.contentType("text/csv").body(""), 401, 403, 403, 400, 400));
    HTTP.put("GET /api/admin/roster/{jobId}",
        new Row("/api/admin/roster/no-such-job", 401, 403, 403, 404, 404));
    HTTP.put("GET /api/admin/roster/{jobId}/result.csv",
        new Row("/api/admin/roster/no-such-job/result.csv", 401, 403, 403, 404, 404));
    // catalog: the board is public; administration is for instructors only
    HTTP.put("GET /api/challenges", new Row("/api/challenges", 200, 200, 200, 200, 200));
    HTTP.put("GET /api/challenges/{slug}",
        new Row("/api/challenges/log-forensics", 200, 200, 200, 200, 200));
    HTTP.put("GET /api/challenges/{slug}/files/{file}",
        new Row("/api/challenges/log-forensics/files/dist/access.log", 200, 200, 200, 200, 200));
    HTTP.put("GET /api/admin/catalog", new Row("/api/admin/catalog", 401, 403, 403, 200, 403));
    HTTP.put("POST /api/admin/catalog/sync",
        new Row("/api/admin/catalog/sync", r -> r.contentType("application/json"),
            401, 403, 403, 200, 403));
    HTTP.put("GET /api/admin/catalog/problems",
        new Row("/api/admin/catalog/problems", 401, 403, 403, 200, 403));
  }

  @TestHTTPResource("/")
  URL base;

  @Test
  void everyEndpointShouldAnswerEachCallerAsTheMatrixSays() {
    Map<String, Object> paths = given().when().get("/q/openapi?format=json")
        .then().statusCode(200).extract().jsonPath().getMap("paths");
    TreeSet<String> endpoints = new TreeSet<>();
    paths.forEach((path, operations) -> ((Map<?, ?>) operations).keySet().forEach(method -> {
      String m = method.toString().toUpperCase();
      if (List.of("GET", "POST", "PUT", "DELETE", "PATCH").contains(m)) {
        endpoints.add(m + " " + path);
      }
    }));
    List<String> problems = new ArrayList<>();
    endpoints.stream().filter(e -> !HTTP.containsKey(e))
        .forEach(e -> problems.add("no row in the authorization matrix for " + e));
    HTTP.keySet().stream().filter(e -> !endpoints.contains(e))
        .forEach(e -> problems.add("row for an endpoint that does not exist: " + e));
    TreeSet<String> sockets = webSocketPaths();
    sockets.stream().filter(p -> !WEBSOCKETS.containsKey(p))
        .forEach(p -> problems.add("no row in the authorization matrix for WebSocket " + p));

    String[] tokens = tokens();
    HTTP.forEach((endpoint, row) -> {
      String method = endpoint.substring(0, endpoint.indexOf(' '));
      for (int i = 0; i < CALLERS.length; i++) {
        RequestSpecification request = given().redirects().follow(false);
        if (tokens[i] != null) {
          request = request.auth().oauth2(tokens[i]);
        }
        int status = row.request().apply(request).when().request(method, row.call())
            .statusCode();
        if (status != row.expected()[i]) {
          problems.add(endpoint + " as " + CALLERS[i] + ": expected " + row.expected()[i]
              + ", got " + status);
        }
      }
    });
    WEBSOCKETS.forEach((path, row) -> {
      for (int i = 0; i < CALLERS.length; i++) {
        int status = handshake(row.call(), tokens[i]);
        if (status != row.expected()[i]) {
          problems.add("WebSocket " + path + " as " + CALLERS[i] + ": expected "
              + row.expected()[i] + ", got " + status);
        }
      }
    });
    assertTrue(problems.isEmpty(), String.join("\n", problems));
  }

  private static String[] tokens() {
    TestKeycloak keycloak = TestKeycloak.get();
    return new String[] {null, keycloak.demoToken("trainee1"), keycloak.demoToken("trainee2"),
        keycloak.demoToken("instructor1"), keycloak.demoToken("official1")};
  }

  /** Paths of WebSocket endpoints (quarkus-websockets-next), found by their annotation. */
  private static TreeSet<String> webSocketPaths() {
    TreeSet<String> found = new TreeSet<>();
    for (var bean : Arc.container().beanManager().getBeans(Object.class,
        jakarta.enterprise.inject.Any.Literal.INSTANCE)) {
      for (Annotation annotation : bean.getBeanClass().getAnnotations()) {
        if (annotation.annotationType().getName().equals("io.quarkus.websockets.next.WebSocket")) {
          try {
            found.add((String) annotation.annotationType().getMethod("path").invoke(annotation));
          } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
          }
        }
      }
    }
    return found;
  }

  /** The status line of a WebSocket opening handshake (101 when the upgrade is accepted). */
  private int handshake(String path, String token) {
    try (Socket socket = new Socket(base.getHost(), base.getPort())) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      String request = "GET " + path + " HTTP/1.1\r\n"
          + "Host: " + base.getHost() + ":" + base.getPort() + "\r\n"
          + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
          + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
          + (token == null ? "" : "Authorization: Bearer " + token + "\r\n")
          + "\r\n";
      out.write(request.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String status = new BufferedReader(new InputStreamReader(socket.getInputStream(),
          StandardCharsets.US_ASCII)).readLine();
      return Integer.parseInt(status.split(" ")[1]);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
