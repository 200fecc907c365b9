package io.quanta.platform.auth;

import static java.util.Objects.requireNonNull;

import io.quanta.error.ErrorCode;
import io.quanta.error.QuantaException;
import io.quanta.governance.Principal;
import io.quanta.governance.identity.JwtVerifier;
import io.quanta.governance.identity.Tokens;
import io.quanta.platform.MeshConfig;
import io.quanta.platform.registry.Registry;
import io.quanta.platform.registry.TokenRecord;
import io.quanta.platform.registry.TokenStore;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * Says who a request comes from, given its credentials: a token of {@code quanta token create}
 * (looked up by its hash; unknown, revoked and expired tokens are refused) or, when the mesh config
 * accepts them, a JWT of the organisation's identity provider. A request without credentials is the
 * anonymous principal where the config allows anonymous reads, and refused otherwise. Every surface
 * (HTTP API, Flight SQL, CLI) authenticates through this class.
 *
 * <p>Thread safe. Each call reads the registry, so a revocation takes effect at once.
 */
public final class Authenticator {
  /** The scheme of an {@code Authorization} header carrying a token (RFC 6750). */
  public static final String BEARER = "Bearer";

  private static final String HOW_TO_GET_ONE =
      "create a token with `quanta token create --user NAME` and send it as 'Authorization: Bearer"
          + " <token>' (CLI: --token or $QUANTA_TOKEN; JDBC: token= in the URL)";

  private final TokenStore tokens;
  private final AuthSettings settings;
  private final Optional<JwtVerifier> jwt;
  private final Clock clock;

  /**
   * An authenticator over the registry's tokens and the settings.
   *
   * @param environment looks up environment variables (the HS256 secret of JWTs), e.g. {@code
   *     System::getenv}
   */
  public Authenticator(
      TokenStore tokens, AuthSettings settings, Function<String, String> environment, Clock clock) {
    this.tokens = requireNonNull(tokens, "tokens is null");
    this.settings = requireNonNull(settings, "settings is null");
    this.clock = requireNonNull(clock, "clock is null");
    requireNonNull(environment, "environment is null");
    this.jwt = settings.jwt().map(jwtSettings -> new JwtVerifier(jwtSettings, environment, clock));
  }

  /** The authenticator of a mesh: its registry's tokens, its config, the process environment. */
  public static Authenticator create(Registry registry, MeshConfig config) {
    requireNonNull(registry, "registry is null");
    requireNonNull(config, "config is null");
    return new Authenticator(registry.tokens(), config.auth(), System::getenv, Clock.systemUTC());
  }

  /** Whether requests without credentials are served (as {@link Principal#ANONYMOUS}). */
  public boolean allowsAnonymous() {
    return settings.anonymous();
  }

  /**
   * The principal the credentials stand for.
   *
   * @param credentials an {@code Authorization} header's value ({@code Bearer <token>}) or the bare
   *     token; empty (or blank) when the request has none
   * @return the token's or JWT's principal; {@link Principal#ANONYMOUS} for no credentials where
   *     the mesh allows anonymous reads
   * @throws QuantaException {@code UNAUTHENTICATED} when credentials are needed and missing, or
   *     refused (unknown, revoked, expired, a JWT that does not verify), saying why and how to get
   *     a token
   */
  public Principal authenticate(Optional<String> credentials) {
    requireNonNull(credentials, "credentials is null");
    Optional<String> token = credentials.map(String::strip).filter(text -> !text.isEmpty());
    if (token.isEmpty()) {
      if (settings.anonymous()) {
        return Principal.ANONYMOUS;
      }
      throw refused("This mesh needs a token: " + HOW_TO_GET_ONE);
    }
    String bearer = bearer(token.get());
    if (bearer.startsWith(Tokens.PREFIX)) {
      return storedToken(bearer);
    }
    if (JwtVerifier.isJwt(bearer)) {
      return jwt.orElseThrow(
              () ->
                  refused(
                      "This mesh does not accept JWTs (its quanta.yaml has no auth.jwt): "
                          + HOW_TO_GET_ONE))
          .verify(bearer);
    }
    throw refused(
        "The bearer token is neither a Quanta token (qnt_...) nor a JWT: " + HOW_TO_GET_ONE);
  }

  /** The token of {@code Bearer <token>}, or the text itself when it names no scheme. */
  private static String bearer(String credentials) {
    int space = credentials.indexOf(' ');
    if (space < 0) {
      return credentials;
    }
    String scheme = credentials.substring(0, space);
    if (!scheme.toLowerCase(Locale.ROOT).equals("bearer")) {
      throw refused(
          "The request authenticates with '"
              + scheme
              + "'; this mesh takes bearer tokens only: "
              + HOW_TO_GET_ONE);
    }
    return credentials.substring(space + 1).strip();
  }

  private Principal storedToken(String token) {
    if (!Tokens.isToken(token)) {
      throw refused("The token is malformed (a Quanta token is qnt_ and 43 characters)");
    }
    String name = Tokens.PREFIX + Tokens.id(token);
    // Looked up by hash: the registry holds no tokens, and a 256-bit token cannot be guessed from
    // the timing of an index lookup.
    TokenRecord record =
        tokens
            .findByHash(Tokens.hash(token))
            .orElseThrow(
                () ->
                    refused(
                        "The token " + name + "... is not known to this mesh: " + HOW_TO_GET_ONE));
    if (record.revoked()) {
      throw refused(
          "The token "
              + name
              + "... was revoked at "
              + record.revokedAt().get()
              + ": ask for a new one");
    }
    Instant now = clock.instant();
    if (record.expiredAt(now)) {
      throw refused(
          "The token "
              + name
              + "... expired at "
              + record.expiresAt().get()
              + ": ask for a new one");
    }
    return record.principal();
  }

  private static QuantaException refused(String message) {
    return new QuantaException(ErrorCode.UNAUTHENTICATED, message);
  }
}
