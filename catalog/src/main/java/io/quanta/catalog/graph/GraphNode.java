package io.quanta.catalog.graph;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A node of a drawable graph.
 *
 * @param id unique in its graph: a product {@code domain/name:major}, a port {@code
 *     domain/name:major/port}, a column {@code domain/name:major/port.column}, an external source
 *     {@code domain/name:major/inputs/input} (its columns {@code ...inputs/input.column}), an
 *     identifier type {@code identifier:user-id}
 * @param kind what the node is
 * @param label a short text to show
 * @param parent the node this one belongs to (a port's product, a column's port or source)
 * @param attributes further facts about the node, in a stable order; values are strings, numbers,
 *     booleans or lists of strings
 */
public record GraphNode(
    String id, Kind kind, String label, Optional<String> parent, Map<String, Object> attributes) {
  /** The kinds of nodes. */
  public enum Kind {
    /** A deployed product version. */
    PRODUCT,
    /** An output port of a product. */
    PORT,
    /** A column of an output port, or of an external source. */
    COLUMN,
    /** Where an input reads from outside the mesh: files, a database table, a Kafka topic. */
    SOURCE,
    /** A global identifier type. */
    IDENTIFIER;

    /** The name in JSON and text: lowercase. */
    public String specName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public GraphNode {
    requireNonNull(id, "id is null");
    requireNonNull(kind, "kind is null");
    requireNonNull(label, "label is null");
    requireNonNull(parent, "parent is null");
    attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
  }

  /** An attribute as text, if the node has it. */
  public Optional<String> attribute(String name) {
    return Optional.ofNullable(attributes.get(name)).map(Object::toString);
  }
}
