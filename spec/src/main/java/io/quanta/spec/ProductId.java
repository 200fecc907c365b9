package io.quanta.spec;

import static java.util.Objects.requireNonNull;

/**
 * One major version of a data product, the unit that is deployed, run and served: {@code
 * domain/name:major}. Minor and patch versions of the same major replace each other in place.
 *
 * @param product the product
 * @param major the major version, at least 0
 */
public record ProductId(ProductName product, int major) implements Comparable<ProductId> {
  public ProductId {
    requireNonNull(product, "product is null");
    if (major < 0) {
      throw new IllegalArgumentException("major version must not be negative: " + major);
    }
  }

  public static ProductId of(String domain, String name, int major) {
    return new ProductId(new ProductName(domain, name), major);
  }

  public String domain() {
    return product.domain();
  }

  public String name() {
    return product.name();
  }

  /** An output port of this product version. */
  public PortId port(String port) {
    return new PortId(this, port);
  }

  @Override
  public int compareTo(ProductId other) {
    int byName = product.compareTo(other.product);
    return byName != 0 ? byName : Integer.compare(major, other.major);
  }

  @Override
  public String toString() {
    return product + ":" + major;
  }
}
