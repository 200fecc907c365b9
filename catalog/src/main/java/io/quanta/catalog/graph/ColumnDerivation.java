package io.quanta.catalog.graph;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * Where one output column's values come from, as the output's SQL says.
 *
 * @param column the output column
 * @param sources the input columns it derives from, in the order the SQL names them
 * @param unresolved why some of its sources could not be told, one reason each; empty when every
 *     source is known
 * @param note what the column is computed from when it has no source column: {@code counts rows} or
 *     {@code constant}
 */
public record ColumnDerivation(
    String column, List<SourceColumn> sources, List<String> unresolved, Optional<String> note) {
  /** The note of a column that counts rows, e.g. {@code count(*)}. */
  public static final String COUNTS_ROWS = "counts rows";

  /** The note of a column computed from no column at all. */
  public static final String CONSTANT = "constant";

  public ColumnDerivation {
    requireNonNull(column, "column is null");
    sources = List.copyOf(sources);
    unresolved = List.copyOf(unresolved);
    requireNonNull(note, "note is null");
  }

  /** Whether every source of the column is known. */
  public boolean isResolved() {
    return unresolved.isEmpty();
  }
}
