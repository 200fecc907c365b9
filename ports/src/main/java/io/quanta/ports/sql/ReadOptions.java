package io.quanta.ports.sql;

import static java.util.Objects.requireNonNull;

import io.quanta.error.QuantaException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
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

  /**
   * Parses a time a user typed: an ISO-8601 instant ({@code 2026-11-21T10:15:00Z}), a date-time
   * with an offset ({@code 2026-11-21T11:15:00+01:00}), or a date ({@code 2026-11-21}, midnight
   * UTC).
   *
   * @param name the option's name, for the message
   * @throws QuantaException with {@code INVALID_REQUEST} naming the accepted forms
   */
  public static Instant parseTime(String name, String text) {
    Instant instant = parseAnyTime(name, text);
    int year = instant.atZone(ZoneOffset.UTC).getYear();
    if (year < 1 || year > 9999) {
      throw QuantaException.invalidRequest(
          name + " '" + text + "' is out of range: times are between the years 1 and 9999");
    }
    return instant;
  }

  private static Instant parseAnyTime(String name, String text) {
    String value = text == null ? "" : text.strip();
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException ignored) {
      // try the other forms
    }
    try {
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException ignored) {
      // try the other forms
    }
    try {
      return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
    } catch (DateTimeParseException e) {
      throw QuantaException.invalidRequest(
          name
              + " '"
              + text
              + "' is not a time: use an ISO-8601 instant such as 2026-11-21T10:15:00Z, or a date"
              + " such as 2026-11-21 (midnight UTC)");
    }
  }

  public ReadOptions withAsOf(Instant instant) {
    return new ReadOptions(Optional.of(instant), history, since, eventFrom, eventTo);
  }
}
