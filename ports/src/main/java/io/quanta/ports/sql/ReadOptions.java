package io.quanta.ports.sql;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * Which rows of the ports a read sees (DESIGN.md §5). Every port of one query is read with the same
 * options.
 *
 * @param asOf the processing time to read as of; empty for now
 * @param history every row, corrections included, instead of the latest per key
 * @param since with history: only rows processed after this time
 * @param eventFrom inclusive lower bound of the event-time window
 * @param eventTo exclusive upper bound of the event-time window
 */
public record ReadOptions(
    Optional<Instant> asOf,
    boolean history,
    Optional<Instant> since,
    Optional<Instant> eventFrom,
    Optional<Instant> eventTo) {
  public static final ReadOptions LATEST =
      new ReadOptions(
          Optional.empty(), false, Optional.empty(), Optional.empty(), Optional.empty());

  public ReadOptions {
    requireNonNull(asOf, "asOf is null");
    requireNonNull(since, "since is null");
    requireNonNull(eventFrom, "eventFrom is null");
    requireNonNull(eventTo, "eventTo is null");
    if (since.isPresent() && !history) {
      throw new IllegalArgumentException("'since' applies to history reads only");
    }
    if (eventFrom.isPresent() && eventTo.isPresent() && !eventFrom.get().isBefore(eventTo.get())) {
      throw new IllegalArgumentException(
          "the event-time window is empty: 'from' "
              + eventFrom.get()
              + " is not before 'to' "
              + eventTo.get());
    }
    if (since.isPresent() && asOf.isPresent() && !since.get().isBefore(asOf.get())) {
      throw new IllegalArgumentException(
          "'since' " + since.get() + " must be before 'asOf' " + asOf.get());
    }
  }

  public ReadOptions withAsOf(Instant instant) {
    return new ReadOptions(Optional.of(instant), history, since, eventFrom, eventTo);
  }
}
