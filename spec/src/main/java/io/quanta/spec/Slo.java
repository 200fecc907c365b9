package io.quanta.spec;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The service level objectives of a product, or of one output port (docs/trust.md). A port's own
 * objectives override the product's one by one ({@link #overriddenBy}).
 *
 * @param freshness maximum age of the newest data: the time since the last successful run
 * @param timeliness maximum delay between a fact's event time and its processing time
 * @param completeness minimum share of the expected rows a run must deliver
 * @param volume bounds on the rows a run computes
 * @param availability minimum share of successful probes of the port over a window
 */
public record Slo(
    Optional<Duration> freshness,
    Optional<Timeliness> timeliness,
    Optional<Completeness> completeness,
    Optional<Volume> volume,
    Optional<Availability> availability) {
  public static final Slo NONE =
      new Slo(
          Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

  public Slo {
    requireNonNull(freshness, "freshness is null");
    requireNonNull(timeliness, "timeliness is null");
    requireNonNull(completeness, "completeness is null");
    requireNonNull(volume, "volume is null");
    requireNonNull(availability, "availability is null");
  }

  /** Whether nothing is declared. */
  public boolean isEmpty() {
    return freshness.isEmpty()
        && timeliness.isEmpty()
        && completeness.isEmpty()
        && volume.isEmpty()
        && availability.isEmpty();
  }

  /** These objectives with every one the port declares replacing the product's. */
  public Slo overriddenBy(Slo port) {
    return new Slo(
        port.freshness.or(() -> freshness),
        port.timeliness.or(() -> timeliness),
        port.completeness.or(() -> completeness),
        port.volume.or(() -> volume),
        port.availability.or(() -> availability));
  }

  /**
   * Delay between event time and processing time of the rows a run adds, at the median and the 95th
   * percentile. Only for ports with an {@code eventTime}.
   */
  public record Timeliness(Optional<Duration> p50, Optional<Duration> p95) {
    public Timeliness {
      requireNonNull(p50, "p50 is null");
      requireNonNull(p95, "p95 is null");
    }
  }

  /**
   * The rows a run delivers against the rows expected: {@code actual / expected >= min}.
   *
   * @param min the minimum ratio, 0 to 1
   * @param against an input whose row count is the expected count
   * @param expected a SELECT over the inputs returning the expected count (instead of {@code
   *     against})
   * @param actual a SELECT over the port's rows (table {@code port}) returning the delivered count;
   *     by default the port's row count
   */
  public record Completeness(
      double min, Optional<String> against, Optional<String> expected, Optional<String> actual) {
    public Completeness {
      requireNonNull(against, "against is null");
      requireNonNull(expected, "expected is null");
      requireNonNull(actual, "actual is null");
    }
  }

  /** Bounds on the rows a run computes for a port (its SQL's result). */
  public record Volume(OptionalLong min, OptionalLong max) {
    public Volume {
      requireNonNull(min, "min is null");
      requireNonNull(max, "max is null");
    }
  }

  /**
   * The share of the platform's probes of the port that must succeed over a sliding window.
   *
   * @param min the minimum share, 0 to 1
   * @param window how far back probes count
   */
  public record Availability(double min, Duration window) {
    public Availability {
      requireNonNull(window, "window is null");
    }
  }

  /** A convenience for tests and callers declaring only some objectives. */
  public static Slo freshness(Duration maxAge) {
    return new Slo(
        Optional.of(maxAge),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }
}
