package io.quanta.spec;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;

/**
 * When {@code quanta up} runs a product by itself (docs/trust.md): on a cron expression, every
 * interval, and/or whenever one of its upstream products commits; a failed scheduled run is retried
 * with exponential back-off. There is no central DAG: each product reacts to its own inputs.
 *
 * @param cron a five-field Unix cron expression, evaluated in UTC
 * @param interval the time between the starts of two runs
 * @param onUpstreamCommit whether a commit of an upstream product triggers a run
 * @param retries how many times a failed scheduled run is retried
 * @param backoff the wait before the first retry; each further retry waits twice as long
 */
public record Schedule(
    Optional<String> cron,
    Optional<Duration> interval,
    boolean onUpstreamCommit,
    int retries,
    Duration backoff) {
  public static final int DEFAULT_RETRIES = 2;
  public static final Duration DEFAULT_BACKOFF = Duration.ofSeconds(30);

  /** Run only when asked ({@code quanta run}, the control API). */
  public static final Schedule MANUAL =
      new Schedule(Optional.empty(), Optional.empty(), false, 0, DEFAULT_BACKOFF);

  public Schedule {
    requireNonNull(cron, "cron is null");
    requireNonNull(interval, "interval is null");
    requireNonNull(backoff, "backoff is null");
    if (retries < 0) {
      throw new IllegalArgumentException("retries must not be negative");
    }
  }

  /** Whether the product runs only when asked. */
  public boolean isManual() {
    return cron.isEmpty() && interval.isEmpty() && !onUpstreamCommit;
  }
}
