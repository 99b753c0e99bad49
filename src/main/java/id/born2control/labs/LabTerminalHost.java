package id.born2control.labs;

import io.netty.handler.codec.http.QueryStringDecoder;
import io.quarkus.websockets.next.WebSocketConnection;
import java.util.List;

/** The {@code ?host=} of a terminal connection: which trainee host of the lab, null: default. */
final class LabTerminalHost {

  private LabTerminalHost() {}

  static String of(WebSocketConnection connection) {
    String query = connection.handshakeRequest().query();
    if (query == null || query.isEmpty()) {
      return null;
    }
    List<String> hosts = new QueryStringDecoder(query, false).parameters().get("host");
    return hosts == null || hosts.isEmpty() ? null : hosts.get(0);
  }
}
