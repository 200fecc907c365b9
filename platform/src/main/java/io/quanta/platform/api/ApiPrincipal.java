package io.quanta.platform.api;

import static java.util.Objects.requireNonNull;

import io.javalin.http.Context;
import io.quanta.error.ErrorCode;
import io.quanta.error.QuantaException;
import io.quanta.governance.Principal;
import io.quanta.governance.Reader;
import io.quanta.platform.auth.Authenticator;
import java.util.Optional;

/**
 * Who an API request comes from. Every request under {@code /api/v1} but the health check is
 * authenticated before its route runs, from its {@code Authorization: Bearer <token>} header;
 * routes ask for the result here. A request refused for its credentials gets {@code 401} with a
 * {@code WWW-Authenticate: Bearer} header (RFC 6750).
 */
public final class ApiPrincipal {
  /** The header naming what a consumer reads for, which access rules may look at. */
  public static final String PURPOSE_HEADER = "X-Quanta-Purpose";

  private static final String ATTRIBUTE = "quanta.principal";
  private static final String HEALTH = "/api/v1/health";

  private ApiPrincipal() {}

  /**
   * The principal of the request.
   *
   * @throws IllegalStateException for a request that was not authenticated (the health check, or a
   *     path outside {@code /api/v1})
   */
  public static Principal of(Context context) {
    Principal principal = context.attribute(ATTRIBUTE);
    if (principal == null) {
      throw new IllegalStateException("The request to " + context.path() + " is not authenticated");
    }
    return principal;
  }

  /** The request's reader: its principal and the purpose of its {@value #PURPOSE_HEADER} header. */
  public static Reader reader(Context context) {
    return new Reader(of(context), Optional.ofNullable(context.header(PURPOSE_HEADER)));
  }

  /** Authenticates a request under {@code /api/v1}; the health check needs no credentials. */
  static void authenticate(Context context, Authenticator authenticator) {
    requireNonNull(authenticator, "authenticator is null");
    String path = context.path();
    if (!path.startsWith("/api/v1/") || path.equals(HEALTH)) {
      return;
    }
    Optional<String> credentials = Optional.ofNullable(context.header("Authorization"));
    try {
      context.attribute(ATTRIBUTE, authenticator.authenticate(credentials));
    } catch (QuantaException e) {
      if (e.code() == ErrorCode.UNAUTHENTICATED) {
        context.header(
            "WWW-Authenticate",
            credentials.isPresent()
                ? "Bearer realm=\"quanta\", error=\"invalid_token\""
                : "Bearer realm=\"quanta\"");
      }
      throw e;
    }
  }
}
