package io.quanta.ports.sql;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How much the SQL port lets queries take.
 *
 * @param timeout how long a query may run (and wait for a slot) before it is cancelled
 * @param concurrentQueries how many queries run at once; more wait for a slot
 */
public record QueryLimits(Duration timeout, int concurrentQueries) {
  public QueryLimits {
    requireNonNull(timeout, "timeout is null");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive");
    }
    if (concurrentQueries < 1) {
      throw new IllegalArgumentException("concurrentQueries must be at least 1");
    }
  }

  /** Five minutes per query; as many queries at once as cores, at least two. */
  public static QueryLimits defaults() {
    return new QueryLimits(
        Duration.ofMinutes(5), Math.max(2, Runtime.getRuntime().availableProcessors()));
  }
}
