package io.quanta.platform.schedule;

import static java.util.Objects.requireNonNull;

import io.quanta.spec.ProductId;
import java.time.Instant;
import java.util.Optional;

/**
 * Where a scheduled product stands with the scheduler, as of its latest check.
 *
 * @param product the product version
 * @param next when the product is next due and why; empty when only an upstream commit can start it
 *     and none is waiting. A time in the past means it is due now (queued or running).
 * @param lastTrigger what started the product's newest run ({@code schedule}, {@code upstream},
 *     {@code retry}, {@code cli}...), whichever process started it; empty if it never ran
 * @param consecutiveFailures how many of its newest runs (of any trigger, up to 20) failed in a
 *     row; 0 after a success
 */
public record ScheduleStatus(
    ProductId product, Optional<Due> next, Optional<String> lastTrigger, int consecutiveFailures) {
  public ScheduleStatus {
    requireNonNull(product, "product is null");
    requireNonNull(next, "next is null");
    requireNonNull(lastTrigger, "lastTrigger is null");
    if (consecutiveFailures < 0) {
      throw new IllegalArgumentException("consecutiveFailures must not be negative");
    }
  }

  /**
   * When a product is due and why.
   *
   * @param at the time it is due
   * @param reason the trigger that makes it due
   */
  public record Due(Instant at, Reason reason) {
    public Due {
      requireNonNull(at, "at is null");
      requireNonNull(reason, "reason is null");
    }

    /** Whether the product is due at that time. */
    public boolean isDueAt(Instant now) {
      return !at.isAfter(now);
    }
  }

  /** What makes a product due; each reason starts runs with a trigger recorded on the run. */
  public enum Reason {
    /** The next fire time of its cron expression. */
    CRON("schedule"),
    /** Its interval has passed since its last run started. */
    INTERVAL("schedule"),
    /** An upstream product committed a snapshot the product has not read yet. */
    UPSTREAM("upstream"),
    /** Its last scheduled run failed; the back-off has passed. */
    RETRY("retry");

    private final String trigger;

    Reason(String trigger) {
      this.trigger = trigger;
    }

    /** The trigger recorded on the runs this reason starts. */
    public String trigger() {
      return trigger;
    }
  }
}
