package io.quanta.platform.lifecycle;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * The mesh's lifecycle settings, the {@code lifecycle:} section of {@code quanta.yaml}:
 *
 * <pre>
 * lifecycle:
 *   refuse-new-consumers-of-deprecated: true   # default false: deploying one only warns
 *   retention: P30D          # how long a retired version's tables are kept
 *   consumer-window: P30D    # how far back reads make a reader an active consumer
 * </pre>
 *
 * @param refuseNewConsumersOfDeprecated whether deploying a new input on a deprecated version's
 *     port is an error rather than a warning; consumers already reading it keep redeploying
 * @param retention how long a retired version's tables are kept before they are dropped
 * @param consumerWindow how far back audited reads count: the default of {@code quanta consumers}
 *     and what {@code quanta retire} looks at
 */
public record LifecycleSettings(
    boolean refuseNewConsumersOfDeprecated, Duration retention, Duration consumerWindow) {
  /** Warn about new consumers, keep tables 30 days, look 30 days back. */
  public static final LifecycleSettings DEFAULTS =
      new LifecycleSettings(false, Duration.ofDays(30), Duration.ofDays(30));

  public LifecycleSettings {
    requireNonNull(retention, "retention is null");
    requireNonNull(consumerWindow, "consumerWindow is null");
    if (retention.isNegative()) {
      throw new IllegalArgumentException("retention must not be negative: " + retention);
    }
    if (consumerWindow.isNegative() || consumerWindow.isZero()) {
      throw new IllegalArgumentException("consumerWindow must be positive: " + consumerWindow);
    }
  }
}
