package io.quanta.platform.api;

import io.javalin.http.Context;
import io.quanta.error.ErrorCode;
import io.quanta.error.QuantaException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Set;

/**
 * Protects the API from the browser: a web page the user visits must not be able to drive it (an
 * API on localhost may allow anonymous reads, and a page must not read what the user can).
 *
 * <ul>
 *   <li>Cross-origin requests (an {@code Origin} header naming another host than the one the
 *       request addresses, or a loopback one) are refused.
 *   <li>When the server listens on a loopback address, the {@code Host} header must name a loopback
 *       host, which defeats DNS rebinding.
 *   <li>Requests with a body must say it is JSON or YAML: the content types a page can send without
 *       a CORS preflight (plain text, forms) are refused.
 * </ul>
 */
final class RequestGuard {
  private static final Set<String> LOOPBACK_NAMES =
      Set.of("localhost", "127.0.0.1", "[::1]", "::1");
  private static final Set<String> BODY_TYPES =
      Set.of("application/json", "application/yaml", "application/x-yaml", "text/yaml");

  private final boolean loopbackOnly;

  RequestGuard(String host) {
    this.loopbackOnly = isLoopback(host);
  }

  void check(Context context) {
    String origin = context.header("Origin");
    if (origin != null
        && !origin.equals("null")
        && !isLoopbackUrl(origin)
        && !sameOrigin(origin, context.header("Host"))) {
      throw new QuantaException(
          ErrorCode.FORBIDDEN, "Cross-origin requests are refused (Origin: " + origin + ")");
    }
    if (loopbackOnly) {
      String host = hostName(context.header("Host"));
      if (host != null && !LOOPBACK_NAMES.contains(host)) {
        throw new QuantaException(
            ErrorCode.FORBIDDEN,
            "This server listens on a loopback address; address it as localhost or 127.0.0.1,"
                + " not '"
                + host
                + "'");
      }
    }
    String method = context.req().getMethod();
    if ((method.equals("POST") || method.equals("PUT")) && !context.body().isEmpty()) {
      String type = context.contentType();
      String bare = type == null ? "" : type.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
      if (!BODY_TYPES.contains(bare)) {
        throw new QuantaException(
            ErrorCode.UNSUPPORTED_MEDIA_TYPE,
            "Send the body as application/json or application/yaml, not '"
                + (type == null ? "no content type" : type)
                + "'");
      }
    }
  }

  private static boolean isLoopbackUrl(String origin) {
    try {
      String host = URI.create(origin).getHost();
      return host != null && LOOPBACK_NAMES.contains(host.toLowerCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /**
   * Whether the Origin is the server itself as the request addressed it: the web UI's own pages,
   * served from a non-loopback address, send their Origin with module scripts and POSTs. A page of
   * another site has another Origin; a rebinding one still needs a token, which is no cookie.
   */
  static boolean sameOrigin(String origin, String hostHeader) {
    if (hostHeader == null || hostHeader.isBlank()) {
      return false;
    }
    try {
      URI uri = URI.create(origin);
      if (!"http".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
        return false;
      }
      String authority =
          uri.getHost().toLowerCase(Locale.ROOT) + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
      return withoutDefaultPort(authority)
          .equals(withoutDefaultPort(hostHeader.strip().toLowerCase(Locale.ROOT)));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static String withoutDefaultPort(String authority) {
    return authority.endsWith(":80") ? authority.substring(0, authority.length() - 3) : authority;
  }

  /** The host name of a Host header, without its port. */
  static String hostName(String header) {
    if (header == null || header.isBlank()) {
      return null;
    }
    String value = header.strip().toLowerCase(Locale.ROOT);
    if (value.startsWith("[")) {
      int end = value.indexOf(']');
      return end > 0 ? value.substring(0, end + 1) : value;
    }
    int colon = value.lastIndexOf(':');
    return colon > 0 ? value.substring(0, colon) : value;
  }

  private static boolean isLoopback(String host) {
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
