package io.quanta.flight;

import io.quanta.error.QuantaException;
import io.quanta.ports.sql.ReadOptions;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import org.apache.arrow.flight.CallHeaders;
import org.apache.arrow.flight.FlightConstants;
import org.apache.arrow.flight.FlightProducer.CallContext;
import org.apache.arrow.flight.ServerHeaderMiddleware;

/**
 * How a client connection reads the ports, from the gRPC headers of each call.
 *
 * <p>The Flight SQL JDBC driver sends every connection property it does not know itself (URL
 * parameters or {@code Properties}) as a gRPC header on every call (see "Any URI parameters that
 * are not handled by the driver are passed to the Flight SQL service as gRPC headers" in the
 * driver's documentation), so these settings work from a plain JDBC URL:
 *
 * <pre>
 *   jdbc:arrow-flight-sql://localhost:31337/?useEncryption=false&amp;asof=2026-11-21T10:15:00Z
 * </pre>
 *
 * <ul>
 *   <li>{@value #AS_OF}: every query of the connection reads the ports as the mesh knew them at
 *       that processing time (an ISO-8601 instant, a date-time with an offset, {@code +} written
 *       {@code %2B} in a URL, or a date). Without it each query reads as of its own now.
 *   <li>{@value #HISTORY}: {@code true} reads every row ever written, corrections included, instead
 *       of the latest row per key.
 *   <li>{@value #SINCE}: with history, only the rows processed after that time.
 *   <li>{@value #FROM} and {@value #TO}: the event-time window, from inclusive to exclusive.
 * </ul>
 *
 * These are the read options of every other port, with the same names (DESIGN.md §5).
 *
 * <p>gRPC header names are lower case, so {@code asOf} in a URL arrives as {@code asof}.
 */
final class ConnectionSettings {
  static final String AS_OF = "asof";
  static final String HISTORY = "history";
  static final String SINCE = "since";
  static final String FROM = "from";
  static final String TO = "to";

  private ConnectionSettings() {}

  /**
   * The read options of the call's connection.
   *
   * @throws QuantaException {@code INVALID_REQUEST} for a malformed time or history flag
   */
  static ReadOptions readOptions(CallContext context) {
    ServerHeaderMiddleware middleware = context.getMiddleware(FlightConstants.HEADER_KEY);
    CallHeaders headers = middleware == null ? null : middleware.headers();
    if (headers == null) {
      return ReadOptions.LATEST;
    }
    boolean history = parseFlag(HISTORY, headers.get(HISTORY));
    try {
      return new ReadOptions(
          time(headers, AS_OF),
          history,
          time(headers, SINCE),
          time(headers, FROM),
          time(headers, TO));
    } catch (IllegalArgumentException e) {
      throw QuantaException.invalidRequest(e.getMessage());
    }
  }

  private static Optional<Instant> time(CallHeaders headers, String name) {
    return Optional.ofNullable(headers.get(name))
        .filter(text -> !text.isBlank())
        .map(text -> ReadOptions.parseTime(name, text));
  }

  private static boolean parseFlag(String name, String text) {
    if (text == null || text.isBlank()) {
      return false;
    }
    switch (text.strip().toLowerCase(Locale.ROOT)) {
      case "true":
      case "1":
        return true;
      case "false":
      case "0":
        return false;
      default:
        throw QuantaException.invalidRequest(
            name + " '" + text + "' is not a flag: use true or false");
    }
  }
}
