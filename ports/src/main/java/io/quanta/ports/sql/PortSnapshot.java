package io.quanta.ports.sql;

import static java.util.Objects.requireNonNull;

import io.quanta.engine.PortData;
import io.quanta.spec.PortId;
import java.util.Optional;

/**
 * A port as of a processing time: its data files for the engine, and the folder they live in.
 *
 * @param port the port
 * @param data the columns and files to read
 * @param folder the folder all of the port's files are under; the only one a query of it may read
 * @param snapshotId the Iceberg snapshot read, empty when the port had no data at that time
 */
public record PortSnapshot(PortId port, PortData data, String folder, Optional<Long> snapshotId) {
  public PortSnapshot {
    requireNonNull(port, "port is null");
    requireNonNull(data, "data is null");
    requireNonNull(folder, "folder is null");
    requireNonNull(snapshotId, "snapshotId is null");
  }
}
