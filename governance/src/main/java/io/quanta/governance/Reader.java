package io.quanta.governance;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * A consumer reading a port: who (the principal) and what for (the declared purpose, e.g. {@code
 * marketing-analytics}), which access rules may look at.
 */
public record Reader(Principal principal, Optional<String> purpose) {
  public Reader {
    requireNonNull(principal, "principal is null");
    requireNonNull(purpose, "purpose is null");
    purpose = purpose.map(String::strip).filter(text -> !text.isEmpty());
  }

  public static Reader of(Principal principal) {
    return new Reader(principal, Optional.empty());
  }
}
