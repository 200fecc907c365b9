package io.quanta.platform.registry;

import static java.util.Objects.requireNonNull;

import io.quanta.governance.Principal;
import java.time.Instant;
import java.util.Optional;

/**
 * A bearer token as the registry knows it: everything but the token itself, of which it keeps only
 * a hash.
 *
 * @param id the token's public id (the characters after {@code qnt_} that lists show)
 * @param principal who the token stands for
 * @param description what the token is for, as its creator wrote it (may be empty)
 * @param createdAt when it was created
 * @param expiresAt when it stops working, if it does
 * @param revokedAt when it was revoked, if it was
 */
public record TokenRecord(
    String id,
    Principal principal,
    String description,
    Instant createdAt,
    Optional<Instant> expiresAt,
    Optional<Instant> revokedAt) {
  public TokenRecord {
    requireNonNull(id, "id is null");
    requireNonNull(principal, "principal is null");
    requireNonNull(description, "description is null");
    requireNonNull(createdAt, "createdAt is null");
    requireNonNull(expiresAt, "expiresAt is null");
    requireNonNull(revokedAt, "revokedAt is null");
    if (principal.anonymous()) {
      throw new IllegalArgumentException("a token stands for a named user, not anonymous");
    }
  }

  /** Whether the token has expired at the time. */
  public boolean expiredAt(Instant now) {
    return expiresAt.isPresent() && !now.isBefore(expiresAt.get());
  }

  public boolean revoked() {
    return revokedAt.isPresent();
  }
}
