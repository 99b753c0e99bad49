package id.born2control.labs;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketBase;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.impl.NetSocketInternal;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetSocketAddress;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Relays one browser request on a lab host to the lab's web port, as a browser would talk to the
 * lab itself. HTTP goes over a plain connection with Netty's HTTP codec in lenient mode: real lab
 * servers are lenient too (busybox {@code httpd} ends CGI header lines with a bare LF, which a
 * strict client, vertx-http-proxy's included, refuses with a 502). One connection per request
 * ({@code Connection: close}), both directions with backpressure. WebSockets are relayed frame by
 * frame, each side pausing the other while its writes queue up.
 */
@ApplicationScoped
class LabWebRelay {

  /** Lenient on line endings only; sizes as a browser tolerates them. */
  private static final HttpDecoderConfig LENIENT = new HttpDecoderConfig()
      .setStrictLineParsing(false).setMaxHeaderSize(64 * 1024).setMaxInitialLineLength(8192);

  private final NetClient client;
  private final WebSocketClient webSockets;

  LabWebRelay(Vertx vertx) {
    this.client = vertx.createNetClient(new NetClientOptions().setConnectTimeout(5000)
        .setTcpNoDelay(true));
    this.webSockets = vertx.createWebSocketClient();
  }

  /**
   * Where one request goes: the lab port's endpoint (reached directly, no listening relay), the
   * lab's own port number, and the lab's public origin.
   */
  record Target(InetSocketAddress endpoint, int labPort, String origin) {}

  void http(HttpServerRequest request, Target target) {
    HttpServerResponse response = request.response();
    client.connect(target.endpoint().getPort(), target.endpoint().getHostString()).onComplete(connected -> {
      if (connected.failed()) {
        LabWebOrigin.page(response, 502, "The lab does not answer",
            "Situs lab tidak menjawab. The lab's web server does not accept connections (yet).");
        return;
      }
      NetSocketInternal upstream = (NetSocketInternal) connected.result();
      upstream.channelHandlerContext().pipeline()
          .addBefore("handler", "http", new HttpClientCodec(LENIENT, false, false));
      boolean bodyExpected = request.method() != HttpMethod.HEAD;
      upstream.messageHandler(message -> {
        try {
          fromLab(message, response, upstream, target, bodyExpected);
        } finally {
          ReferenceCountUtil.release(message);
        }
      });
      upstream.endHandler(v -> {
        if (!response.ended()) {
          abort(response);
        }
      });
      upstream.exceptionHandler(e -> upstream.close());
      response.closeHandler(v -> upstream.close());
      toLab(request, upstream);
    });
  }

  private static void toLab(HttpServerRequest request, NetSocketInternal upstream) {
    HttpRequest head = new DefaultHttpRequest(HttpVersion.HTTP_1_1,
        io.netty.handler.codec.http.HttpMethod.valueOf(request.method().name()), request.uri());
    boolean chunked = false;
    for (Map.Entry<String, String> header : request.headers()) {
      String name = header.getKey().toLowerCase(Locale.ROOT);
      String value = header.getValue();
      if (name.equals("transfer-encoding")) {
        chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
      } else if (name.equals("cookie")) {
        String cookies = LabWebHeaders.labCookies(value);
        if (cookies != null) {
          head.headers().add(HttpHeaderNames.COOKIE, cookies);
        }
      } else if (!LabWebHeaders.hopByHop(name) && !name.equals("expect")
          && !(name.equals("authorization") && bearer(value))) {
        head.headers().add(header.getKey(), value);
      }
    }
    if (chunked) {
      head.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
    }
    head.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    upstream.writeMessage(head);
    if (request.isEnded()) {
      upstream.writeMessage(LastHttpContent.EMPTY_LAST_CONTENT);
      return;
    }
    request.handler(data -> {
      upstream.writeMessage(new DefaultHttpContent(Unpooled.wrappedBuffer(data.getBytes())));
      if (upstream.writeQueueFull()) {
        request.pause();
        upstream.drainHandler(v -> request.resume());
      }
    });
    request.endHandler(v -> upstream.writeMessage(LastHttpContent.EMPTY_LAST_CONTENT));
    request.resume();
  }

  private static void fromLab(Object message, HttpServerResponse response,
      NetSocketInternal upstream, Target target, boolean bodyExpected) {
    if (message instanceof HttpResponse head) {
      if (head.decoderResult().isFailure()) {
        LabWebOrigin.page(response, 502, "The lab answered something that is not HTTP",
            "Jawaban situs lab tidak dapat dibaca. " + head.decoderResult().cause().getMessage());
        upstream.close();
        return;
      }
      if (head.status().code() < 200) {
        return; // an interim answer (Expect is not relayed, so hardly ever)
      }
      response.setStatusCode(head.status().code());
      response.setStatusMessage(head.status().reasonPhrase());
      copyHeaders(head, response, target);
      int code = head.status().code();
      if (bodyExpected && code != 204 && code != 304
          && !head.headers().contains(HttpHeaderNames.CONTENT_LENGTH)) {
        response.setChunked(true);
      }
    }
    if (message instanceof HttpContent content && !response.ended()) {
      if (content.decoderResult().isFailure()) {
        abort(response);
        upstream.close();
        return;
      }
      ByteBuf data = content.content();
      if (data.isReadable()) {
        response.write(Buffer.buffer(ByteBufUtil.getBytes(data)));
        if (response.writeQueueFull()) {
          upstream.pause();
          response.drainHandler(v -> upstream.resume());
        }
      }
      if (content instanceof LastHttpContent) {
        response.end();
        upstream.close();
      }
    }
  }

  private static void copyHeaders(HttpResponse head, HttpServerResponse response, Target target) {
    Set<Integer> internal = new HashSet<>(List.of(target.labPort(), target.endpoint().getPort()));
    for (Map.Entry<String, String> header : head.headers()) {
      String name = header.getKey().toLowerCase(Locale.ROOT);
      String value = header.getValue();
      if (LabWebHeaders.hopByHop(name) || name.equals("service-worker-allowed")) {
        continue;
      }
      if (name.equals("set-cookie")) {
        value = LabWebHeaders.setCookie(value);
      } else if (name.equals("location")) {
        value = LabWebHeaders.location(value, target.origin(), internal);
      }
      if (value != null) {
        response.headers().add(header.getKey(), value);
      }
    }
    response.headers().add("Content-Security-Policy", LabWebHeaders.SANDBOX);
  }

  private static void abort(HttpServerResponse response) {
    if (response.headWritten()) {
      response.reset(); // the browser must not take a cut-off answer for a whole one
    } else {
      LabWebOrigin.page(response, 502, "The lab closed the connection",
          "Situs lab memutus sambungan. The lab's web server closed the connection without an"
              + " answer.");
    }
  }

  /** A WebSocket upgrade (its Origin already checked): connect to the lab, then accept. */
  void webSocket(HttpServerRequest request, Target target) {
    request.pause();
    // The lab sees its own host name, as with HTTP requests.
    WebSocketConnectOptions options = new WebSocketConnectOptions()
        .setHost(target.endpoint().getHostString()).setPort(target.endpoint().getPort()).setURI(request.uri())
        .addHeader("Host", request.getHeader("Host"));
    String cookies = LabWebHeaders.labCookies(request.getHeader("Cookie"));
    if (cookies != null) {
      options.addHeader("Cookie", cookies);
    }
    options.addHeader("Origin", request.getHeader("Origin"));
    String protocols = request.getHeader("Sec-WebSocket-Protocol");
    if (protocols != null) {
      options.setSubProtocols(List.of(protocols.split("\\s*,\\s*")));
    }
    webSockets.connect(options).onComplete(up -> {
      if (up.failed()) {
        LabWebOrigin.page(request.response(), 502, "The lab refused the WebSocket",
            "Situs lab menolak WebSocket. " + up.cause().getMessage());
        return;
      }
      WebSocket lab = up.result();
      // A lab may speak first: its frames wait here until the browser's side is piped, or they
      // would be dropped while the upgrade to the browser is still being answered.
      lab.pause();
      request.toWebSocket().onComplete(down -> {
        if (down.failed()) {
          lab.close();
          return;
        }
        pipe(down.result(), lab);
        pipe(lab, down.result());
        lab.resume();
      });
    });
  }

  private static void pipe(WebSocketBase from, WebSocketBase to) {
    from.frameHandler(frame -> {
      if (frame.isClose()) {
        return;
      }
      to.writeFrame(frame);
      if (to.writeQueueFull()) {
        from.pause();
        to.drainHandler(v -> from.resume());
      }
    });
    from.closeHandler(v -> {
      if (!to.isClosed()) {
        // 1005, 1006 and 1015 only describe a close; they may not be sent.
        Short status = from.closeStatusCode();
        boolean sendable = status != null && status != 1005 && status != 1006 && status != 1015;
        to.close(sendable ? status : 1000, sendable ? from.closeReason() : null);
      }
    });
    from.exceptionHandler(e -> to.close());
  }

  private static boolean bearer(String authorization) {
    return authorization.regionMatches(true, 0, "Bearer ", 0, 7);
  }
}
