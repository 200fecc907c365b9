package io.quanta.storage;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * A half-open interval of time, {@code [from, to)}, either end optional.
 *
 * @param from inclusive lower bound
 * @param to exclusive upper bound
 */
public record TimeWindow(Optional<Instant> from, Optional<Instant> to) {
  public static final TimeWindow ALL = new TimeWindow(Optional.empty(), Optional.empty());

  public TimeWindow {
    requireNonNull(from, "from is null");
    requireNonNull(to, "to is null");
    if (from.isPresent() && to.isPresent() && !from.get().isBefore(to.get())) {
      throw new IllegalArgumentException(
          "the window's start " + from.get() + " must be before its end " + to.get());
    }
  }

  public boolean isAll() {
    return from.isEmpty() && to.isEmpty();
  }
}
