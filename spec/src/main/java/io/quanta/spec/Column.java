package io.quanta.spec;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * A column of an output port or a file input.
 *
 * @param name the column name, a SQL identifier
 * @param type the column type
 * @param description what the column holds, may be empty
 * @param required whether every row must have a value
 * @param semantic the global identifier or semantic type the column holds
 * @param classification how sensitive the column is, e.g. {@code pii}
 * @param links the column of another product this one refers to
 */
public record Column(
    String name,
    ColumnType type,
    String description,
    boolean required,
    Optional<String> semantic,
    Optional<String> classification,
    Optional<ColumnLink> links) {
  public Column {
    requireNonNull(name, "name is null");
    requireNonNull(type, "type is null");
    requireNonNull(description, "description is null");
    requireNonNull(semantic, "semantic is null");
    requireNonNull(classification, "classification is null");
    requireNonNull(links, "links is null");
  }

  /** A plain column with no description, semantics or links. */
  public static Column of(String name, ColumnType type) {
    return new Column(name, type, "", false, Optional.empty(), Optional.empty(), Optional.empty());
  }
}
