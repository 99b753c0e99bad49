// Born2Control Range: tunnel client. Gives you a local port that reaches one tcp port of your
// lab through the range (the lab's ports are not published anywhere else).
//
//   java B2cTunnel.java '<tunnel url from the lab panel>' [local port]
//
// The url is the one the lab panel shows (ws://.../api/labs/<lab>/ports/<port>/tunnel?ticket=...);
// its one-time ticket is traded at once for a pass that this client uses for every connection
// until the lab ends. Without a ticket, set B2C_TOKEN to a bearer access token of the range.
// A tcp half-close is not carried: when your program closes its side, the lab connection ends.
// The local port defaults to the lab's port (a free one when that is below 1024 or taken); the
// client listens on 127.0.0.1 only. Needs JDK 11 or newer, nothing else.
//
// Born2Control Range: klien tunnel. Memberi port lokal yang menuju satu port tcp lab Anda lewat
// range. Jalankan dengan URL tunnel dari panel lab; port lokal boleh diberikan sesudahnya.

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class B2cTunnel {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  public static void main(String[] args) throws Exception {
    if (args.length < 1 || args.length > 2) {
      System.err.println("usage: java B2cTunnel.java '<tunnel url>' [local port]");
      System.exit(2);
    }
    URI given = URI.create(args[0]);
    Matcher path = Pattern.compile("/ports/(\\d+)/tunnel$").matcher(given.getPath());
    if (!path.find() || !given.getScheme().matches("wss?")) {
      System.err.println("not a lab tunnel url (ws[s]://<range>/api/labs/<lab>/ports/<port>/tunnel"
          + "?ticket=...): " + args[0]);
      System.exit(2);
    }
    String base = given.getScheme() + "://" + given.getRawAuthority() + given.getRawPath();
    String token = System.getenv("B2C_TOKEN");
    String ticket = param(given, "ticket");
    URI tunnel = URI.create(base);
    if (ticket != null) {
      tunnel = URI.create(base + "?pass=" + trade(base, ticket));
    } else if (token == null || token.isBlank()) {
      System.err.println("the url has no ticket and B2C_TOKEN is not set");
      System.exit(2);
    }
    int labPort = Integer.parseInt(path.group(1));
    int wanted = args.length == 2 ? Integer.parseInt(args[1]) : labPort >= 1024 ? labPort : 0;
    ServerSocket server = listen(wanted, args.length == 2);
    System.out.println("Listening on 127.0.0.1:" + server.getLocalPort() + " -> lab port "
        + labPort);
    System.out.flush();
    while (true) {
      Socket local = server.accept();
      URI to = tunnel;
      Thread t = new Thread(() -> serve(local, to, token), "tunnel-" + local.getPort());
      t.setDaemon(true);
      t.start();
    }
  }

  /** Trades the one-time ticket for a pass (POST <tunnel path>/pass). */
  private static String trade(String base, String ticket) throws Exception {
    String http = base.replaceFirst("^ws", "http") + "/pass";
    HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(http))
        .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"ticket\":\"" + ticket + "\"}")).build(),
        HttpResponse.BodyHandlers.ofString());
    Matcher pass = Pattern.compile("\"pass\"\\s*:\\s*\"([A-Za-z0-9_.-]+)\"").matcher(answer.body());
    if (answer.statusCode() != 200 || !pass.find()) {
      System.err.println("the range refused the ticket (" + answer.statusCode() + "): "
          + answer.body());
      System.err.println("get a fresh tunnel url from the lab panel (a ticket works once, 60 s)");
      System.exit(1);
    }
    return pass.group(1);
  }

  private static ServerSocket listen(int port, boolean exact) throws IOException {
    ServerSocket server = new ServerSocket();
    server.setReuseAddress(true);
    InetAddress loopback = InetAddress.getLoopbackAddress();
    try {
      server.bind(new InetSocketAddress(loopback, port));
    } catch (IOException taken) {
      if (exact) {
        throw taken;
      }
      server.bind(new InetSocketAddress(loopback, 0));
    }
    return server;
  }

  /** One local connection: one WebSocket; bytes both ways, each side waiting for the other. */
  private static void serve(Socket local, URI tunnel, String token) {
    try (local) {
      OutputStream toLocal = local.getOutputStream();
      CompletableFuture<Void> done = new CompletableFuture<>();
      WebSocket.Builder builder = HTTP.newWebSocketBuilder()
          .connectTimeout(Duration.ofSeconds(20));
      if (token != null && !token.isBlank() && tunnel.getRawQuery() == null) {
        builder.header("Authorization", "Bearer " + token);
      }
      WebSocket ws = builder.buildAsync(tunnel, new WebSocket.Listener() {
        @Override
        public void onOpen(WebSocket webSocket) {
          webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
          // Written before the next message is asked for: a slow local reader slows the lab.
          try {
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            toLocal.write(bytes);
            toLocal.flush();
            webSocket.request(1);
          } catch (IOException e) {
            done.complete(null);
          }
          return null;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence text, boolean last) {
          return onBinary(webSocket, java.nio.charset.StandardCharsets.UTF_8.encode(
              java.nio.CharBuffer.wrap(text)), last);
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int status, String reason) {
          done.complete(null);
          return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
          System.err.println("tunnel: " + error.getMessage());
          done.complete(null);
        }
      }).get(30, TimeUnit.SECONDS);
      Thread reader = new Thread(() -> {
        byte[] buffer = new byte[16 * 1024];
        try {
          InputStream fromLocal = local.getInputStream();
          for (int n; (n = fromLocal.read(buffer)) >= 0; ) {
            // join(): the next read waits until the range took this one.
            ws.sendBinary(ByteBuffer.wrap(buffer, 0, n), true).join();
          }
          ws.sendClose(WebSocket.NORMAL_CLOSURE, "").join();
        } catch (Exception e) {
          ws.abort();
        }
        done.complete(null);
      });
      reader.setDaemon(true);
      reader.start();
      done.join();
      ws.abort();
    } catch (Exception e) {
      System.err.println("tunnel: cannot open the tunnel: " + e);
    }
  }

  private static String param(URI uri, String name) {
    String query = uri.getRawQuery();
    if (query == null) {
      return null;
    }
    for (String pair : query.split("&")) {
      if (pair.startsWith(name + "=")) {
        return pair.substring(name.length() + 1);
      }
    }
    return null;
  }
}
