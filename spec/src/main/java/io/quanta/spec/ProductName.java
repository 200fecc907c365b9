package io.quanta.spec;

import static java.util.Objects.requireNonNull;

/**
 * A data product's name within the mesh, across all of its versions: {@code domain/name}.
 *
 * @param domain the owning business domain
 * @param name the product's name, unique in its domain
 */
public record ProductName(String domain, String name) implements Comparable<ProductName> {
  public ProductName {
    Names.requireResource(requireNonNull(domain, "domain is null"), "domain");
    Names.requireResource(requireNonNull(name, "name is null"), "product name");
  }

  /** One major version of this product. */
  public ProductId version(int major) {
    return new ProductId(this, major);
  }

  @Override
  public int compareTo(ProductName other) {
    int byDomain = domain.compareTo(other.domain);
    return byDomain != 0 ? byDomain : name.compareTo(other.name);
  }

  @Override
  public String toString() {
    return domain + "/" + name;
  }
}
