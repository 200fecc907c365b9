package io.quanta.spec;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The service level objectives a product declares.
 *
 * @param freshness maximum age of the newest data
 * @param completeness share of expected rows that must be present, 0 to 1
 */
public record Slo(Optional<Duration> freshness, OptionalDouble completeness) {
  public static final Slo NONE = new Slo(Optional.empty(), OptionalDouble.empty());

  public Slo {
    requireNonNull(freshness, "freshness is null");
    requireNonNull(completeness, "completeness is null");
  }
}
