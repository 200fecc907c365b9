package io.quanta.catalog.graph;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * An edge of a drawable graph, in the direction data flows or a reference points.
 *
 * @param from the id of the node it starts at
 * @param to the id of the node it ends at
 * @param kind what the edge means
 * @param label a short text to show, e.g. the input's name
 * @param attributes further facts about the edge, in a stable order
 */
public record GraphEdge(
    String from, String to, Kind kind, Optional<String> label, Map<String, Object> attributes) {
  /** The kinds of edges. */
  public enum Kind {
    /** A product (or external source) feeds a product through an input. */
    READS,
    /** An output port (or external source) feeds an output port: the port's SQL reads it. */
    FEEDS,
    /** An output column is computed from a column; attribute {@code how}. */
    DERIVES,
    /** A column's {@code links} names another column. */
    LINKS,
    /** A column holds values of an identifier type (declared, or through a link). */
    IDENTIFIES,
    /** Two products can be joined on the columns of the edge's attributes. */
    JOINS;

    /** The name in JSON and text: lowercase. */
    public String specName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public GraphEdge {
    requireNonNull(from, "from is null");
    requireNonNull(to, "to is null");
    requireNonNull(kind, "kind is null");
    requireNonNull(label, "label is null");
    attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
  }

  /** An edge with no label or attributes. */
  public static GraphEdge of(String from, String to, Kind kind) {
    return new GraphEdge(from, to, kind, Optional.empty(), Map.of());
  }
}
