package io.quanta.spec;

import static java.util.Objects.requireNonNull;

/**
 * A semantic link from a column to a column of another product's output port: {@code
 * domain/name:major/port.column}.
 *
 * @param port the linked output port
 * @param column the linked column
 */
public record ColumnLink(PortId port, String column) {
  public ColumnLink {
    requireNonNull(port, "port is null");
    requireNonNull(column, "column is null");
  }

  /** Parses {@code domain/name:major/port.column}. */
  public static ColumnLink parse(String text) {
    int dot = text.lastIndexOf('.');
    if (dot < 0) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a column link: expected domain/name:major/port.column");
    }
    return new ColumnLink(PortId.parse(text.substring(0, dot)), text.substring(dot + 1));
  }

  @Override
  public String toString() {
    return port + "." + column;
  }
}
