package io.quanta.catalog.graph;

import static java.util.Objects.requireNonNull;

/**
 * An input column an output column derives from.
 *
 * @param input the input's name (the table name in the output's SQL)
 * @param column the input's column
 * @param how how the output column's values come from it
 */
public record SourceColumn(String input, String column, Derivation how) {
  public SourceColumn {
    requireNonNull(input, "input is null");
    requireNonNull(column, "column is null");
    requireNonNull(how, "how is null");
  }

  @Override
  public String toString() {
    return input + "." + column + " (" + how.specName() + ")";
  }
}
