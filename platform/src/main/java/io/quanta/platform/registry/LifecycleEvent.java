package io.quanta.platform.registry;

import static java.util.Objects.requireNonNull;

import io.quanta.spec.ProductId;
import java.time.Instant;

/**
 * One change of a product version's lifecycle, as the registry logs it.
 *
 * @param product the product version
 * @param action {@code deprecated}, {@code deprecation-changed}, {@code retired} or {@code
 *     tables-dropped}
 * @param at when
 * @param by the user who did it; {@code quanta} for the platform's retention task
 * @param details what changed, in words
 */
public record LifecycleEvent(
    ProductId product, String action, Instant at, String by, String details) {
  public LifecycleEvent {
    requireNonNull(product, "product is null");
    requireNonNull(action, "action is null");
    requireNonNull(at, "at is null");
    requireNonNull(by, "by is null");
    requireNonNull(details, "details is null");
  }
}
