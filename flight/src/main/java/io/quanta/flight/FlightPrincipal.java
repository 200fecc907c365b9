package io.quanta.flight;

import static java.util.Objects.requireNonNull;

import io.quanta.error.ErrorCode;
import io.quanta.error.QuantaException;
import io.quanta.governance.Principal;
import io.quanta.governance.Reader;
import io.quanta.platform.auth.Authenticator;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.arrow.flight.CallHeaders;
import org.apache.arrow.flight.CallInfo;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightConstants;
import org.apache.arrow.flight.FlightProducer.CallContext;
import org.apache.arrow.flight.FlightServerMiddleware;
import org.apache.arrow.flight.RequestContext;
import org.apache.arrow.flight.ServerHeaderMiddleware;
import org.apache.arrow.flight.auth2.Auth2Constants;

/**
 * Who a Flight SQL call comes from. Every call (the handshake included) is authenticated from its
 * {@code authorization: Bearer <token>} header before the producer sees it, which the JDBC driver
 * sends when its URL or properties have {@code token=...}:
 *
 * <pre>
 *   jdbc:arrow-flight-sql://localhost:31337/?useEncryption=false&amp;token=qnt_...
 * </pre>
 *
 * A call without valid credentials (where the mesh does not allow anonymous reads) ends with gRPC
 * {@code UNAUTHENTICATED} and a message saying how to get a token. The producer asks for the
 * principal with {@link #of(CallContext)}.
 */
public final class FlightPrincipal implements FlightServerMiddleware {
  /** The key the middleware is registered under. */
  static final FlightServerMiddleware.Key<FlightPrincipal> KEY =
      FlightServerMiddleware.Key.of("quanta-principal");

  /**
   * The headers naming what a connection reads for: the JDBC URL's {@code purpose=} parameter
   * (which the driver sends as a header), or the header of the HTTP API.
   */
  private static final String[] PURPOSE_HEADERS = {"purpose", "x-quanta-purpose"};

  private final Principal principal;

  private FlightPrincipal(Principal principal) {
    this.principal = principal;
  }

  /**
   * The principal of the call.
   *
   * @throws IllegalStateException on a server started without authentication
   */
  public static Principal of(CallContext context) {
    FlightPrincipal middleware = context.getMiddleware(KEY);
    if (middleware == null) {
      throw new IllegalStateException("The Flight SQL call was not authenticated");
    }
    return middleware.principal;
  }

  /** The call's reader: its principal and the purpose its connection declared. */
  public static Reader reader(CallContext context) {
    ServerHeaderMiddleware headers = context.getMiddleware(FlightConstants.HEADER_KEY);
    Optional<String> purpose =
        headers == null || headers.headers() == null
            ? Optional.empty()
            : Stream.of(PURPOSE_HEADERS)
                .map(headers.headers()::get)
                .filter(Objects::nonNull)
                .findFirst();
    return new Reader(of(context), purpose);
  }

  @Override
  public void onBeforeSendingHeaders(CallHeaders outgoingHeaders) {}

  @Override
  public void onCallCompleted(CallStatus status) {}

  @Override
  public void onCallErrored(Throwable error) {}

  /** Authenticates each call as it starts; refuses it when its credentials are refused. */
  static final class Factory implements FlightServerMiddleware.Factory<FlightPrincipal> {
    private final Authenticator authenticator;

    Factory(Authenticator authenticator) {
      this.authenticator = requireNonNull(authenticator, "authenticator is null");
    }

    @Override
    public FlightPrincipal onCallStarted(
        CallInfo info, CallHeaders incomingHeaders, RequestContext context) {
      Principal principal;
      try {
        principal =
            authenticator.authenticate(
                Optional.ofNullable(incomingHeaders.get(Auth2Constants.AUTHORIZATION_HEADER)));
      } catch (QuantaException e) {
        if (e.code() == ErrorCode.UNAUTHENTICATED) {
          throw CallStatus.UNAUTHENTICATED.withDescription(e.getMessage()).toRuntimeException();
        }
        throw FlightErrors.toFlight(e);
      } catch (RuntimeException e) {
        throw FlightErrors.toFlight(e);
      }
      // The user is the call's peer identity too, which Flight's own logs and tools show.
      context.put(Auth2Constants.PEER_IDENTITY_KEY, principal.user());
      return new FlightPrincipal(principal);
    }
  }
}
