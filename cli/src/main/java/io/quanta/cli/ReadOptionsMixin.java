package io.quanta.cli;

import io.quanta.error.QuantaException;
import io.quanta.ports.sql.ReadOptions;
import java.time.Instant;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The read options of every output port: as of a time, history, an event-time window. */
final class ReadOptionsMixin {
  @Option(
      names = "--as-of",
      paramLabel = "TIME",
      description = "Read as the mesh knew it at this time (ISO-8601, e.g. 2026-11-21T10:15:00Z).")
  String asOf;

  @Option(
      names = "--history",
      description = "Every row ever written, corrections included, instead of the latest per key.")
  boolean history;

  @Option(
      names = "--since",
      paramLabel = "TIME",
      description = "With --history: only rows processed after this time.")
  String since;

  @Option(
      names = "--from",
      paramLabel = "TIME",
      description = "Only facts whose event time is at or after this time.")
  String from;

  @Option(
      names = "--to",
      paramLabel = "TIME",
      description = "Only facts whose event time is before this time.")
  String to;

  ReadOptions options() {
    try {
      return new ReadOptions(
          time("--as-of", asOf),
          history,
          time("--since", since),
          time("--from", from),
          time("--to", to));
    } catch (IllegalArgumentException e) {
      throw QuantaException.invalidRequest(e.getMessage());
    }
  }

  private static Optional<Instant> time(String option, String value) {
    return value == null ? Optional.empty() : Optional.of(ReadOptions.parseTime(option, value));
  }
}
