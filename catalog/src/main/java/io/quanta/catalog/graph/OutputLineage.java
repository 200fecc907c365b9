package io.quanta.catalog.graph;

import static java.util.Objects.requireNonNull;

import io.quanta.spec.PortId;
import java.util.List;
import java.util.Optional;

/**
 * The column-level lineage of one output port, from its SQL's parse tree.
 *
 * @param port the output port
 * @param inputs the inputs the SQL reads, anywhere in the query (a join or filter counts), in the
 *     order the spec declares them
 * @param columns each declared column's derivation, in schema order
 * @param failure why the SQL could not be analysed at all, when it could not (every column is then
 *     unresolved)
 */
public record OutputLineage(
    PortId port, List<String> inputs, List<ColumnDerivation> columns, Optional<String> failure) {
  public OutputLineage {
    requireNonNull(port, "port is null");
    inputs = List.copyOf(inputs);
    columns = List.copyOf(columns);
    requireNonNull(failure, "failure is null");
  }

  /** The derivation of a column, if the port declares it. */
  public Optional<ColumnDerivation> column(String name) {
    return columns.stream().filter(column -> column.column().equals(name)).findFirst();
  }
}
