package io.quanta.flight;

import io.quanta.error.Problem;
import io.quanta.error.QuantaException;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightRuntimeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns failures into the Flight errors clients see. A {@link QuantaException} keeps its message
 * (and where in the query the problem is); anything else is an internal error whose details stay in
 * the server's log, so no stack trace or file path reaches a client.
 */
final class FlightErrors {
  private static final Logger LOG = LoggerFactory.getLogger(FlightErrors.class);

  /** What every write, transaction or Substrait request is told. */
  static final String READ_ONLY =
      "Quanta's SQL port is read-only: it runs SELECT queries over output ports, and data products"
          + " change only through their runs";

  /** What a query with parameters ({@code ?}) is told. */
  static final String NO_PARAMETERS =
      "Quanta's SQL port does not bind query parameters (?): write the values into the SQL";

  private FlightErrors() {}

  /** The Flight error a client should see for the failure. */
  static FlightRuntimeException toFlight(Throwable failure) {
    if (failure instanceof FlightRuntimeException flight) {
      return flight;
    }
    if (failure instanceof QuantaException quanta) {
      return status(quanta).withDescription(describe(quanta)).toRuntimeException();
    }
    LOG.error("Flight SQL request failed", failure);
    return CallStatus.INTERNAL
        .withDescription("Quanta's SQL port failed unexpectedly; the server log has the details")
        .toRuntimeException();
  }

  static FlightRuntimeException readOnly() {
    return CallStatus.UNIMPLEMENTED.withDescription(READ_ONLY).toRuntimeException();
  }

  static FlightRuntimeException invalidArgument(String message) {
    return CallStatus.INVALID_ARGUMENT.withDescription(message).toRuntimeException();
  }

  private static CallStatus status(QuantaException failure) {
    switch (failure.code()) {
      case INVALID_QUERY:
      case INVALID_REQUEST:
        return CallStatus.INVALID_ARGUMENT;
      case QUERY_REFUSED:
      case FORBIDDEN:
      case ACCESS_DENIED:
        return CallStatus.UNAUTHORIZED; // gRPC PERMISSION_DENIED
      case UNAUTHENTICATED:
        return CallStatus.UNAUTHENTICATED;
      case NOT_FOUND:
      case GONE: // gRPC has no "gone": a retired version is not found, its message says why
        return CallStatus.NOT_FOUND;
      case QUERY_TIMEOUT:
        return CallStatus.TIMED_OUT; // gRPC DEADLINE_EXCEEDED
      case BUSY:
        return CallStatus.UNAVAILABLE;
      default:
        return CallStatus.INTERNAL;
    }
  }

  /** The message, with the line and column of the first located problem. */
  private static String describe(QuantaException failure) {
    for (Problem problem : failure.problems()) {
      if (problem.line() > 0) {
        return failure.getMessage()
            + " (line "
            + problem.line()
            + ", column "
            + problem.column()
            + ")";
      }
    }
    return failure.getMessage();
  }
}
