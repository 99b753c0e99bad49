import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;

/**
 * Live fan-out load client for infra/bench/scoreboard.sh: opens N server-sent-event connections
 * to /api/scoreboard/stream from one thread (non-blocking sockets), waits until each got its
 * first snapshot, then for each round fires one solve through the bench build's /bench/fire and
 * records when every client sees the rank event naming that round's marker trainee.
 * Team mode (env): FANOUT_STREAM=/api/scoreboard/teams/stream, FANOUT_FIRE=/bench/teams/fire and
 * FANOUT_PREPARE=/bench/teams/prepare, which makes each round's marker team before the timed
 * solve (its name is the marker then).
 * Usage: java FanOut.java PORT CLIENTS ROUNDS   (talks to 127.0.0.1 only; bounded in time)
 */
public class FanOut {

  static final class Conn {
    final SocketChannel channel;
    byte[] tail = new byte[0];
    boolean ready;
    long seenAt;

    Conn(SocketChannel channel) {
      this.channel = channel;
    }
  }

  static volatile byte[] marker = null;
  static volatile long firedAt;

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    int clients = Integer.parseInt(args[1]);
    int rounds = Integer.parseInt(args[2]);
    String run = Long.toString(System.currentTimeMillis() % 1_000_000);
    InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);
    String stream = System.getenv().getOrDefault("FANOUT_STREAM", "/api/scoreboard/stream");
    String firePath = System.getenv().getOrDefault("FANOUT_FIRE", "/bench/fire");
    String prepare = System.getenv("FANOUT_PREPARE");
    byte[] request = ("GET " + stream + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
        + "\r\nAccept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    Selector selector = Selector.open();
    Conn[] conns = new Conn[clients];
    ByteBuffer buffer = ByteBuffer.allocateDirect(256 * 1024);
    byte[] chunk = new byte[256 * 1024];
    byte[] snapshot = "snapshot".getBytes(StandardCharsets.US_ASCII);
    long connectStart = System.nanoTime();
    int opened = 0;
    int ready = 0;
    long deadline = System.nanoTime() + 180_000_000_000L;
    while (ready < clients) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("only " + ready + " of " + clients + " clients ready");
      }
      // open in steps so the listen backlog never overflows
      while (opened < clients && opened - ready < 500) {
        SocketChannel ch = SocketChannel.open();
        ch.configureBlocking(false);
        ch.connect(address);
        conns[opened] = new Conn(ch);
        ch.register(selector, SelectionKey.OP_CONNECT, conns[opened]);
        opened++;
      }
      selector.select(100);
      Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
      while (keys.hasNext()) {
        SelectionKey key = keys.next();
        keys.remove();
        Conn c = (Conn) key.attachment();
        if (key.isConnectable()) {
          c.channel.finishConnect();
          c.channel.write(ByteBuffer.wrap(request));
          key.interestOps(SelectionKey.OP_READ);
        } else if (key.isReadable()) {
          byte[] data = read(c, key, buffer, chunk);
          if (data != null && !c.ready && indexOf(data, snapshot) >= 0) {
            c.ready = true;
            ready++;
          }
        }
      }
    }
    System.out.printf("connected %d SSE clients in %.1f s%n", clients,
        (System.nanoTime() - connectStart) / 1e9);
    System.out.println("CONNECTED " + clients);
    if (rounds > 0 && System.getenv("FANOUT_HOLD_SECONDS") != null) {
      // lets the caller read the service's resident memory with every client connected
      Thread.sleep(1000L * Integer.parseInt(System.getenv("FANOUT_HOLD_SECONDS")));
    }
    long[] lastClient = new long[rounds];
    long[] all = new long[rounds * clients];
    int filled = 0;
    for (int r = 0; r < rounds; r++) {
      String user = "bm-" + run + "-" + r;
      marker = ("\"" + user + "\"").getBytes(StandardCharsets.US_ASCII);
      for (Conn c : conns) {
        c.seenAt = 0;
      }
      if (prepare != null) {
        post("http://127.0.0.1:" + port + prepare + "?username=" + user);
      }
      Thread fire = new Thread(() -> {
        firedAt = System.nanoTime();
        post("http://127.0.0.1:" + port + firePath + "?slug=bench-00&username=" + user);
      });
      fire.start();
      int seen = 0;
      long roundDeadline = System.nanoTime() + 10_000_000_000L;
      while (seen < clients && System.nanoTime() < roundDeadline) {
        selector.select(50);
        Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
        while (keys.hasNext()) {
          SelectionKey key = keys.next();
          keys.remove();
          Conn c = (Conn) key.attachment();
          if (!key.isValid() || !key.isReadable()) {
            continue;
          }
          byte[] data = read(c, key, buffer, chunk);
          if (data != null && c.seenAt == 0 && indexOf(data, marker) >= 0) {
            c.seenAt = System.nanoTime();
            seen++;
          }
        }
      }
      fire.join();
      long worst = 0;
      for (Conn c : conns) {
        long latency = c.seenAt == 0 ? Long.MAX_VALUE : c.seenAt - firedAt;
        all[filled++] = latency;
        worst = Math.max(worst, latency);
      }
      lastClient[r] = worst;
      System.out.printf("round %d: %d/%d clients got the rank event, last after %s%n", r, seen,
          clients, worst == Long.MAX_VALUE ? "never (10 s timeout)" : (worst / 1_000_000) + " ms");
      Thread.sleep(300);
    }
    Arrays.sort(lastClient);
    Arrays.sort(all, 0, filled);
    System.out.printf("RESULT clients=%d rounds=%d per-client p50=%s p99=%s | last-client p50=%s"
        + " p99=%s max=%s%n", clients, rounds, ms(all[filled / 2]),
        ms(all[(int) Math.min(filled - 1, Math.ceil(filled * 0.99) - 1)]),
        ms(lastClient[rounds / 2]),
        ms(lastClient[(int) Math.min(rounds - 1, Math.ceil(rounds * 0.99) - 1)]),
        ms(lastClient[rounds - 1]));
    for (Conn c : conns) {
      c.channel.close();
    }
  }

  static String ms(long nanos) {
    return nanos == Long.MAX_VALUE ? "timeout" : (nanos / 1_000_000) + "ms";
  }

  /** Reads what is there; returns it joined to the tail of the previous read (split markers). */
  static byte[] read(Conn c, SelectionKey key, ByteBuffer buffer, byte[] chunk) throws Exception {
    buffer.clear();
    int n = c.channel.read(buffer);
    if (n < 0) {
      key.cancel();
      c.channel.close();
      return null;
    }
    buffer.flip();
    buffer.get(chunk, 0, n);
    byte[] data = new byte[c.tail.length + n];
    System.arraycopy(c.tail, 0, data, 0, c.tail.length);
    System.arraycopy(chunk, 0, data, c.tail.length, n);
    c.tail = Arrays.copyOfRange(data, Math.max(0, data.length - 64), data.length);
    return data;
  }

  static int indexOf(byte[] data, byte[] what) {
    outer:
    for (int i = 0; i + what.length <= data.length; i++) {
      for (int j = 0; j < what.length; j++) {
        if (data[i + j] != what[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  static void post(String url) {
    try {
      HttpURLConnection http = (HttpURLConnection) new URL(url).openConnection();
      http.setRequestMethod("POST");
      // Without a type HttpURLConnection sends a form post, which the range's CSRF check refuses.
      http.setRequestProperty("Content-Type", "application/json");
      http.setDoOutput(true);
      http.getOutputStream().close();
      try (InputStream in = http.getInputStream()) {
        in.transferTo(new ByteArrayOutputStream());
      }
    } catch (Exception e) {
      throw new IllegalStateException("cannot fire the marker solve", e);
    }
  }
}
