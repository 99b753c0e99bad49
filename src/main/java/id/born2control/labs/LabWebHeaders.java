package id.born2control.labs;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;
import java.util.StringJoiner;

/**
 * What passes between a browser and a lab's web port, header by header: pure functions, so each
 * rule is tested on its own.
 */
final class LabWebHeaders {

  /**
   * The sandbox every lab response gets on top of its own policy. {@code allow-same-origin} is
   * deliberate: the lab's origin is its own host ({@code <label>.<web-domain>}), which holds no
   * cookie of the range and is refused by every range endpoint, so "same origin" grants a lab
   * page only its own lab; without it the page would run in an opaque origin where the lab's own
   * cookies (and the lab host's pass cookie, SameSite=Lax) are never sent, breaking every real
   * web app. What the sandbox still takes away: top-level navigation of other windows, plugins,
   * pointer lock and the like. Modals and downloads stay (XSS exercises show {@code alert}).
   */
  static final String SANDBOX = "sandbox allow-scripts allow-forms allow-popups allow-modals"
      + " allow-downloads allow-same-origin";

  private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive",
      "proxy-connection", "transfer-encoding", "te", "trailer", "upgrade");

  private LabWebHeaders() {}

  /** Headers that describe one connection, not the message: never relayed as they came. */
  static boolean hopByHop(String name) {
    return HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT));
  }

  /**
   * Cookies the range sets on its own origin (Quarkus's {@code q_*} session and state cookies,
   * {@code csrf-token}) and the range's {@code b2c_*} cookies, the lab host's pass included: none
   * of them is ever relayed to a lab, nor may a lab set one.
   */
  static boolean rangeCookie(String name) {
    String n = name.strip();
    return n.startsWith("q_") || n.equals("csrf-token") || n.startsWith("b2c_");
  }

  /** A request's Cookie header without the range's cookies; null when none is left. */
  static String labCookies(String header) {
    if (header == null) {
      return null;
    }
    StringJoiner kept = new StringJoiner("; ");
    for (String pair : header.split(";")) {
      String p = pair.strip();
      int eq = p.indexOf('=');
      if (!p.isEmpty() && !rangeCookie(eq < 0 ? p : p.substring(0, eq))) {
        kept.add(p);
      }
    }
    return kept.length() == 0 ? null : kept.toString();
  }

  /**
   * A lab's Set-Cookie as the browser may get it: null (dropped) for the range's cookie names;
   * otherwise host-only, without a {@code Domain} attribute, so a lab cannot set cookies on other
   * lab hosts or on a parent domain the range may share.
   */
  static String setCookie(String value) {
    String[] parts = value.split(";");
    String first = parts[0].strip();
    int eq = first.indexOf('=');
    if (eq < 1 || rangeCookie(first.substring(0, eq))) {
      return null;
    }
    StringJoiner kept = new StringJoiner("; ");
    kept.add(first);
    for (int i = 1; i < parts.length; i++) {
      String attribute = parts[i].strip();
      if (!attribute.toLowerCase(Locale.ROOT).startsWith("domain")) {
        kept.add(attribute);
      }
    }
    return kept.toString();
  }

  /**
   * A redirect target as the browser should follow it: an absolute URL naming the lab's internal
   * address (a loopback, private or single-label host on one of {@code internalPorts}, as an app
   * configured with {@code http://localhost:8080} writes it) becomes the same path on the lab's
   * origin; anything else is left alone.
   */
  static String location(String value, String origin, Set<Integer> internalPorts) {
    URI uri;
    try {
      uri = new URI(value.strip());
    } catch (URISyntaxException e) {
      return value;
    }
    String host = uri.getHost();
    if (host == null) {
      return value;
    }
    int port = uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme())
        ? 443 : 80;
    if (!internalHost(host) || !internalPorts.contains(port)) {
      return value;
    }
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    return origin + path + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())
        + (uri.getRawFragment() == null ? "" : "#" + uri.getRawFragment());
  }

  private static boolean internalHost(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    if (h.equals("localhost") || h.equals("[::1]") || h.equals("0.0.0.0") || !h.contains(".")) {
      return true;
    }
    String[] octets = h.split("\\.");
    if (octets.length != 4 || !h.matches("[0-9.]+")) {
      return false;
    }
    int a = Integer.parseInt(octets[0]);
    int b = Integer.parseInt(octets[1]);
    return a == 127 || a == 10 || (a == 172 && b >= 16 && b <= 31) || (a == 192 && b == 168);
  }
}
