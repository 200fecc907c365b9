package io.quanta.flight;

import static java.util.Objects.requireNonNull;

import org.apache.arrow.flight.CallHeaders;
import org.apache.arrow.flight.CallInfo;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightClientMiddleware;

/**
 * Sends {@code authorization: Bearer <token>} on every call of a Flight client, as the JDBC driver
 * does for a URL with {@code token=}.
 */
final class BearerToken implements FlightClientMiddleware.Factory {
  private final String token;

  BearerToken(String token) {
    this.token = requireNonNull(token, "token is null");
  }

  @Override
  public FlightClientMiddleware onCallStarted(CallInfo info) {
    return new FlightClientMiddleware() {
      @Override
      public void onBeforeSendingHeaders(CallHeaders outgoingHeaders) {
        outgoingHeaders.insert("authorization", "Bearer " + token);
      }

      @Override
      public void onHeadersReceived(CallHeaders incomingHeaders) {}

      @Override
      public void onCallCompleted(CallStatus status) {}
    };
  }
}
