package io.quanta.platform.lifecycle;

import static java.util.Objects.requireNonNull;

import io.quanta.spec.ProductId;
import io.quanta.spec.SemVer;

/**
 * What a deploy did to one product version.
 *
 * @param product the product version
 * @param version the deployed version
 * @param change created, updated, or unchanged (the same spec was already deployed)
 */
public record Deployment(ProductId product, SemVer version, Change change) {
  /** What a deploy changed. */
  public enum Change {
    CREATED,
    UPDATED,
    UNCHANGED
  }

  public Deployment {
    requireNonNull(product, "product is null");
    requireNonNull(version, "version is null");
    requireNonNull(change, "change is null");
  }
}
