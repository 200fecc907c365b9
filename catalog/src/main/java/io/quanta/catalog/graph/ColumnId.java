package io.quanta.catalog.graph;

import static java.util.Objects.requireNonNull;

import io.quanta.spec.ColumnLink;
import io.quanta.spec.PortId;
import io.quanta.spec.ProductId;

/**
 * A column of an output port: {@code domain/name:major/port.column}, the form a column's {@code
 * links} take.
 *
 * @param port the output port
 * @param column the column's name
 */
public record ColumnId(PortId port, String column) implements Comparable<ColumnId> {
  public ColumnId {
    requireNonNull(port, "port is null");
    requireNonNull(column, "column is null");
  }

  /** The column a link names. */
  public static ColumnId of(ColumnLink link) {
    return new ColumnId(link.port(), link.column());
  }

  /** The product version the column belongs to. */
  public ProductId product() {
    return port.product();
  }

  @Override
  public int compareTo(ColumnId other) {
    int byPort = port.compareTo(other.port);
    return byPort != 0 ? byPort : column.compareTo(other.column);
  }

  @Override
  public String toString() {
    return port + "." + column;
  }
}
