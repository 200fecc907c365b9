package io.quanta.platform.auth;

import static java.util.Objects.requireNonNull;

import io.quanta.error.ErrorCode;
import io.quanta.error.QuantaException;
import io.quanta.governance.Principal;
import io.quanta.governance.identity.Tokens;
import io.quanta.platform.registry.TokenRecord;
import io.quanta.platform.registry.TokenStore;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * Creates, lists and revokes the mesh's bearer tokens ({@code quanta token ...}). A token is shown
 * once, when it is created; the registry keeps only its hash.
 *
 * <p>Thread safe.
 */
public final class TokenService {
  /** How often creating retries when a new token's id is already taken (48 random bits). */
  private static final int ATTEMPTS = 5;

  private final TokenStore store;
  private final Clock clock;

  public TokenService(TokenStore store, Clock clock) {
    this.store = requireNonNull(store, "store is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  /**
   * A token just created: the secret, to show once, and what the registry records.
   *
   * @param token the bearer token ({@code qnt_...})
   * @param record its id, principal, creation and expiry
   */
  public record IssuedToken(String token, TokenRecord record) {
    public IssuedToken {
      requireNonNull(token, "token is null");
      requireNonNull(record, "record is null");
    }

    @Override
    public String toString() {
      return Tokens.PREFIX + record.id() + "... (" + record.principal().user() + ")";
    }
  }

  /**
   * A token revoked by {@link #revoke}.
   *
   * @param token the token as now recorded
   * @param now whether this call revoked it (false: it was revoked before)
   */
  public record Revocation(TokenRecord token, boolean now) {}

  /**
   * Creates a token standing for the principal.
   *
   * @param expiresAt when it stops working; empty for never
   * @throws QuantaException {@code INVALID_REQUEST} for an anonymous principal or an expiry that is
   *     not in the future
   */
  public IssuedToken create(Principal principal, String description, Optional<Instant> expiresAt) {
    requireNonNull(principal, "principal is null");
    requireNonNull(description, "description is null");
    requireNonNull(expiresAt, "expiresAt is null");
    if (principal.anonymous()) {
      throw QuantaException.invalidRequest("A token stands for a named user, not anonymous");
    }
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    if (expiresAt.isPresent() && !expiresAt.get().isAfter(now)) {
      throw QuantaException.invalidRequest(
          "The expiry " + expiresAt.get() + " is not in the future (now: " + now + ")");
    }
    for (int attempt = 1; ; attempt++) {
      Tokens.Generated generated = Tokens.generate();
      TokenRecord record =
          new TokenRecord(
              generated.id(),
              principal,
              description.strip(),
              now,
              expiresAt.map(time -> time.truncatedTo(ChronoUnit.MICROS)),
              Optional.empty());
      try {
        store.insert(generated.hash(), record);
        return new IssuedToken(generated.token(), record);
      } catch (QuantaException e) {
        if (e.code() != ErrorCode.CONFLICT || attempt == ATTEMPTS) {
          throw e;
        }
      }
    }
  }

  /** Every token, revoked and expired ones included, oldest first. */
  public List<TokenRecord> list() {
    return store.list();
  }

  /**
   * Revokes a token: every request with it is refused from now on.
   *
   * @param idOrToken the token's id (as {@code quanta token list} shows it, with or without {@code
   *     qnt_}) or the token itself
   * @throws QuantaException {@code NOT_FOUND} if no token has that id
   */
  public Revocation revoke(String idOrToken) {
    requireNonNull(idOrToken, "idOrToken is null");
    String text = idOrToken.strip();
    String id =
        Tokens.isToken(text)
            ? Tokens.id(text)
            : text.startsWith(Tokens.PREFIX) ? text.substring(Tokens.PREFIX.length()) : text;
    boolean now = store.revoke(id, clock.instant());
    TokenRecord token =
        store
            .find(id)
            .orElseThrow(
                () ->
                    QuantaException.notFound(
                        "No token has the id '" + id + "'; `quanta token list` shows them"));
    return new Revocation(token, now);
  }
}
