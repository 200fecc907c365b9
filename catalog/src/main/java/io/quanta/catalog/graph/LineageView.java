package io.quanta.catalog.graph;

import static java.util.Objects.requireNonNull;

import io.quanta.spec.ProductId;
import java.util.OptionalInt;

/**
 * The lineage around one product: the products, external sources, ports and (when asked) columns it
 * is computed from or feeds, as a drawable graph.
 *
 * <p>Nodes: {@code product} and {@code source} nodes carry a {@code distance} attribute, the number
 * of inputs between them and the root (negative upstream, positive downstream, 0 for the root);
 * {@code port} nodes name their product as parent, {@code column} nodes their port or source, with
 * their {@code derivation} (a column the view's SQL analysis could not fully resolve has an {@code
 * unresolved} list of reasons). Edges: {@code reads} (product level, the input's name as label),
 * {@code feeds} (port level), {@code derives} (column level, attribute {@code how}).
 *
 * @param root the product the view is around
 * @param direction which way it was followed
 * @param depth how many inputs away it was followed, empty for any depth
 * @param columns whether it has the column level
 * @param graph the nodes and edges
 */
public record LineageView(
    ProductId root, Direction direction, OptionalInt depth, boolean columns, Graph graph) {
  public LineageView {
    requireNonNull(root, "root is null");
    requireNonNull(direction, "direction is null");
    requireNonNull(depth, "depth is null");
    requireNonNull(graph, "graph is null");
  }
}
