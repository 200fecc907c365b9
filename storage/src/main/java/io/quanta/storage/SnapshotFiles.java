package io.quanta.storage;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The files that make up one snapshot of a port's table: the data files, and the position delete
 * files that mark rows superseded by corrections, with what a reader needs to read files written
 * under older schemas of the table.
 *
 * @param snapshotId the Iceberg snapshot
 * @param dataFiles absolute locations of the data files
 * @param deleteFiles absolute locations of the position delete files that apply to them
 * @param fieldIds the Iceberg field id of every column of the table when the files were planned, by
 *     name, system columns included: data files name their columns by these ids
 * @param columnsInEveryFile the columns every data file of the snapshot has; a column added to the
 *     table after some of the files were written is not among them, and those files' rows read it
 *     as null
 */
public record SnapshotFiles(
    long snapshotId,
    List<String> dataFiles,
    List<String> deleteFiles,
    Map<String, Integer> fieldIds,
    Set<String> columnsInEveryFile) {
  public SnapshotFiles {
    dataFiles = List.copyOf(dataFiles);
    deleteFiles = List.copyOf(deleteFiles);
    fieldIds = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(fieldIds));
    columnsInEveryFile = Set.copyOf(columnsInEveryFile);
  }
}
