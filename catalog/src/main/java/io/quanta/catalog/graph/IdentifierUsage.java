package io.quanta.catalog.graph;

import static java.util.Objects.requireNonNull;

import io.quanta.spec.ColumnType;
import io.quanta.spec.ProductId;
import java.util.List;
import java.util.Optional;

/**
 * Where an identifier type is in the mesh: the columns holding its values.
 *
 * @param name the type, e.g. {@code user-id}
 * @param description what its values identify, as registered; empty for an unregistered type
 * @param registered whether the mesh's governance registers it
 * @param columns the columns holding it, by column id
 */
public record IdentifierUsage(
    String name, String description, boolean registered, List<Exposure> columns) {
  /**
   * A column holding values of the type.
   *
   * @param column the column
   * @param type the column's type
   * @param via the column it links to, when the column does not declare the type itself but links
   *     to a column that holds it; empty when the column declares it with {@code semantic}
   */
  public record Exposure(ColumnId column, ColumnType type, Optional<ColumnId> via) {
    public Exposure {
      requireNonNull(column, "column is null");
      requireNonNull(type, "type is null");
      requireNonNull(via, "via is null");
    }

    /** Whether the column declares the type with {@code semantic}. */
    public boolean declared() {
      return via.isEmpty();
    }
  }

  public IdentifierUsage {
    requireNonNull(name, "name is null");
    requireNonNull(description, "description is null");
    columns = List.copyOf(columns);
  }

  /** The product versions with a column holding the type, in order. */
  public List<ProductId> products() {
    return columns.stream().map(exposure -> exposure.column().product()).distinct().toList();
  }
}
