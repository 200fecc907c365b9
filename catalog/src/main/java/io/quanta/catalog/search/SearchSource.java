package io.quanta.catalog.search;

import io.quanta.spec.ProductId;
import java.util.List;
import java.util.Optional;

/**
 * Where the index learns what products publish: the platform's registry of deployed products (or a
 * test's list). The index asks while it holds its write lock, so what it writes is what the source
 * says at that moment, even when several processes update the index.
 *
 * <p>Implementations must be thread safe.
 */
public interface SearchSource {
  /** Every product version to index, in any order. */
  List<SearchDocument> all();

  /** The product version as it is to be indexed now; empty when it is no longer deployed. */
  Optional<SearchDocument> find(ProductId product);
}
