package io.quanta.engine;

import static java.util.Objects.requireNonNull;

import io.quanta.spec.Column;
import java.util.List;

/**
 * What the engine needs to read one snapshot of a port's table: the declared columns and the files
 * Iceberg planned for the snapshot.
 *
 * @param columns the port's declared columns (the system columns are implied)
 * @param dataFiles Parquet data files
 * @param deleteFiles Parquet position delete files marking superseded rows
 */
public record PortData(List<Column> columns, List<String> dataFiles, List<String> deleteFiles) {
  public PortData {
    columns = List.copyOf(requireNonNull(columns, "columns is null"));
    dataFiles = List.copyOf(dataFiles);
    deleteFiles = List.copyOf(deleteFiles);
  }

  /** A port with no data yet. */
  public static PortData empty(List<Column> columns) {
    return new PortData(columns, List.of(), List.of());
  }
}
