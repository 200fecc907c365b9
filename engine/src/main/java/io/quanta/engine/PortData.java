package io.quanta.engine;

import static java.util.Objects.requireNonNull;

import io.quanta.spec.Column;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the engine needs to read one snapshot of a port's table: the declared columns and the files
 * Iceberg planned for the snapshot, with the field ids the files name their columns by.
 *
 * <p>Files written before a change of the port's columns (docs/lifecycle.md) read as the declared
 * columns say: a column they lack reads as null, a widened column as its new type.
 *
 * @param columns the port's declared columns (the system columns are implied)
 * @param dataFiles Parquet data files
 * @param deleteFiles Parquet position delete files marking superseded rows
 * @param fieldIds the Iceberg field id of each column of the table, system columns included; a
 *     declared column without one is not in the table yet and reads as null. Empty when the files
 *     have exactly the declared columns, read by name.
 * @param columnsInEveryFile the columns every data file has (see {@link #inEveryFile})
 */
public record PortData(
    List<Column> columns,
    List<String> dataFiles,
    List<String> deleteFiles,
    Map<String, Integer> fieldIds,
    Set<String> columnsInEveryFile) {
  public PortData {
    columns = List.copyOf(requireNonNull(columns, "columns is null"));
    dataFiles = List.copyOf(dataFiles);
    deleteFiles = List.copyOf(deleteFiles);
    fieldIds = Collections.unmodifiableMap(new LinkedHashMap<>(fieldIds));
    columnsInEveryFile = Set.copyOf(columnsInEveryFile);
  }

  /** Files that have exactly the declared columns (and the system columns), read by name. */
  public PortData(List<Column> columns, List<String> dataFiles, List<String> deleteFiles) {
    this(columns, dataFiles, deleteFiles, Map.of(), Set.of());
  }

  /** A port with no data yet. */
  public static PortData empty(List<Column> columns) {
    return new PortData(columns, List.of(), List.of());
  }

  /** The field id of a column, empty when the files are read by name or the table lacks it. */
  public Optional<Integer> fieldId(String column) {
    return Optional.ofNullable(fieldIds.get(column));
  }

  /** Whether the files are read by field id (they may have been written under older schemas). */
  public boolean byFieldId() {
    return !fieldIds.isEmpty();
  }

  /**
   * Whether every data file has the column: false for a column added after some of the files were
   * written, whose rows read it as null.
   */
  public boolean inEveryFile(String column) {
    return !byFieldId() || columnsInEveryFile.contains(column);
  }
}
