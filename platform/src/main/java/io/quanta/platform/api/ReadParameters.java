package io.quanta.platform.api;

import io.quanta.error.QuantaException;
import io.quanta.ports.sql.ReadOptions;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** The read options every output port takes: asOf, history, since, from, to. */
final class ReadParameters {
  private ReadParameters() {}

  static ReadOptions parse(Map<String, String> parameters) {
    try {
      return new ReadOptions(
          time(parameters, "asOf"),
          Boolean.parseBoolean(parameters.getOrDefault("history", "false")),
          time(parameters, "since"),
          time(parameters, "from"),
          time(parameters, "to"));
    } catch (IllegalArgumentException e) {
      throw QuantaException.invalidRequest(e.getMessage());
    }
  }

  private static Optional<Instant> time(Map<String, String> parameters, String name) {
    String value = parameters.get(name);
    return value == null || value.isBlank()
        ? Optional.empty()
        : Optional.of(ReadOptions.parseTime(name, value));
  }
}
