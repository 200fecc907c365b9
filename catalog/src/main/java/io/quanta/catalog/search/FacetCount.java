package io.quanta.catalog.search;

import static java.util.Objects.requireNonNull;

/**
 * How many products of a search have a value of a facet.
 *
 * @param value the facet's value, e.g. {@code podcasts}
 * @param count the products having it
 */
public record FacetCount(String value, int count) {
  public FacetCount {
    requireNonNull(value, "value is null");
    if (count < 0) {
      throw new IllegalArgumentException("count must not be negative: " + count);
    }
  }
}
