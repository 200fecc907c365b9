package io.quanta.platform.registry;

import static java.util.Objects.requireNonNull;

import io.quanta.error.ErrorCode;
import io.quanta.error.QuantaException;
import io.quanta.spec.ProductId;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * A product version's lifecycle as the registry keeps it: active, or deprecated with a sunset, or
 * retired (its tombstone).
 *
 * @param product the product version
 * @param state where it is
 * @param deprecation how it was deprecated; present once deprecated, retired ones included
 * @param retirement how it was retired; present when retired
 */
public record ProductLifecycle(
    ProductId product,
    LifecycleState state,
    Optional<Deprecation> deprecation,
    Optional<Retirement> retirement) {
  public ProductLifecycle {
    requireNonNull(product, "product is null");
    requireNonNull(state, "state is null");
    requireNonNull(deprecation, "deprecation is null");
    requireNonNull(retirement, "retirement is null");
    if (state == LifecycleState.DEPRECATED && deprecation.isEmpty()) {
      throw new IllegalArgumentException("a deprecated version needs its deprecation");
    }
    if (state == LifecycleState.RETIRED && retirement.isEmpty()) {
      throw new IllegalArgumentException("a retired version needs its retirement");
    }
  }

  /** An active version: never deprecated nor retired. */
  public static ProductLifecycle active(ProductId product) {
    return new ProductLifecycle(product, LifecycleState.ACTIVE, Optional.empty(), Optional.empty());
  }

  /**
   * A deprecation: when and by whom, the sunset, the version to move to and why.
   *
   * @param deprecatedAt when it was first deprecated (a later change keeps this time)
   * @param deprecatedBy the user who deprecated it (or last changed the deprecation)
   * @param sunset from when it may be retired
   * @param successor the version consumers should move to, when there is one
   * @param reason why, in words
   */
  public record Deprecation(
      Instant deprecatedAt,
      String deprecatedBy,
      Instant sunset,
      Optional<ProductId> successor,
      Optional<String> reason) {
    public Deprecation {
      requireNonNull(deprecatedAt, "deprecatedAt is null");
      requireNonNull(deprecatedBy, "deprecatedBy is null");
      requireNonNull(sunset, "sunset is null");
      requireNonNull(successor, "successor is null");
      requireNonNull(reason, "reason is null");
    }
  }

  /**
   * A retirement.
   *
   * @param retiredAt when
   * @param retiredBy the user who retired it
   * @param reason why, in words; always given for a forced retirement
   * @param forced whether it was retired before its sunset or with active consumers
   * @param tablesDroppedAt when its tables were dropped, once the retention passed
   */
  public record Retirement(
      Instant retiredAt,
      String retiredBy,
      Optional<String> reason,
      boolean forced,
      Optional<Instant> tablesDroppedAt) {
    public Retirement {
      requireNonNull(retiredAt, "retiredAt is null");
      requireNonNull(retiredBy, "retiredBy is null");
      requireNonNull(reason, "reason is null");
      requireNonNull(tablesDroppedAt, "tablesDroppedAt is null");
    }
  }

  public boolean isDeprecated() {
    return state == LifecycleState.DEPRECATED;
  }

  public boolean isRetired() {
    return state == LifecycleState.RETIRED;
  }

  /**
   * Refuses a retired version, saying when it was retired and what replaces it.
   *
   * @throws QuantaException {@code GONE} when the version is retired
   */
  public void requireServing() {
    if (isRetired()) {
      throw new QuantaException(ErrorCode.GONE, retiredMessage());
    }
  }

  /**
   * {@code podcasts/play-events:1 was retired on 2027-01-31; its successor is
   * podcasts/play-events:2}, for a retired version.
   */
  public String retiredMessage() {
    String when =
        retirement.map(r -> " on " + r.retiredAt().atZone(ZoneOffset.UTC).toLocalDate()).orElse("");
    return product
        + " was retired"
        + when
        + deprecation
            .flatMap(Deprecation::successor)
            .map(successor -> "; its successor is " + successor)
            .orElse("; it has no successor");
  }
}
