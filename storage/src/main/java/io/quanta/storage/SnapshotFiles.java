package io.quanta.storage;

import java.util.List;

/**
 * The files that make up one snapshot of a port's table: the data files, and the position delete
 * files that mark rows superseded by corrections.
 *
 * @param snapshotId the Iceberg snapshot
 * @param dataFiles absolute locations of the data files
 * @param deleteFiles absolute locations of the position delete files that apply to them
 */
public record SnapshotFiles(long snapshotId, List<String> dataFiles, List<String> deleteFiles) {
  public SnapshotFiles {
    dataFiles = List.copyOf(dataFiles);
    deleteFiles = List.copyOf(deleteFiles);
  }
}
