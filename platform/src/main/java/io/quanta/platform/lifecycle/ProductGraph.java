package io.quanta.platform.lifecycle;

import io.quanta.spec.ProductId;
import io.quanta.spec.ProductInput;
import io.quanta.spec.ProductSpec;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Products as a graph of who reads whom, through their product inputs. Immutable. */
public final class ProductGraph {
  private final Map<ProductId, ProductSpec> specs;

  /** A graph of the specs; a later spec with the same id replaces an earlier one. */
  public ProductGraph(Collection<ProductSpec> specs) {
    Map<ProductId, ProductSpec> byId = new LinkedHashMap<>();
    specs.forEach(spec -> byId.put(spec.id(), spec));
    this.specs = byId;
  }

  /**
   * The wanted products ordered so that each comes after the wanted products it reads, directly or
   * through products that are not wanted. Keeps the given order otherwise.
   */
  public List<ProductId> upstreamFirst(Collection<ProductId> wanted) {
    Set<ProductId> want = new HashSet<>(wanted);
    List<ProductId> ordered = new ArrayList<>();
    Set<ProductId> done = new HashSet<>();
    for (ProductId product : wanted) {
      visit(product, want, done, new HashSet<>(), ordered);
    }
    return ordered;
  }

  private void visit(
      ProductId product,
      Set<ProductId> wanted,
      Set<ProductId> done,
      Set<ProductId> visiting,
      List<ProductId> ordered) {
    if (done.contains(product) || !visiting.add(product)) {
      return;
    }
    ProductSpec spec = specs.get(product);
    if (spec != null) {
      for (ProductInput input : spec.productInputs()) {
        visit(input.port().product(), wanted, done, visiting, ordered);
      }
    }
    done.add(product);
    if (wanted.contains(product)) {
      ordered.add(product);
    }
  }

  /**
   * The path by which reading {@code upstream} would come back to {@code product}, if it does:
   * [upstream, ..., product].
   */
  public Optional<List<ProductId>> pathBack(ProductId upstream, ProductId product) {
    Deque<List<ProductId>> paths = new ArrayDeque<>();
    paths.add(List.of(upstream));
    Set<ProductId> seen = new HashSet<>();
    while (!paths.isEmpty()) {
      List<ProductId> path = paths.poll();
      ProductId last = path.get(path.size() - 1);
      if (last.equals(product)) {
        return Optional.of(path);
      }
      if (!seen.add(last) || !specs.containsKey(last)) {
        continue;
      }
      for (ProductInput input : specs.get(last).productInputs()) {
        List<ProductId> longer = new ArrayList<>(path);
        longer.add(input.port().product());
        paths.add(longer);
      }
    }
    return Optional.empty();
  }
}
