package io.quanta.platform.registry;

import io.quanta.spec.PortId;
import java.time.Instant;

/**
 * A committed state of a port: from its processing time on, reads see this snapshot.
 *
 * @param port the port
 * @param processedAt the processing time of the run that committed it
 * @param snapshotId the Iceberg snapshot
 * @param runId the run
 * @param firstOffset the event offset of the first row the run added to the port
 * @param events how many rows the run added (its events)
 */
public record PortSnapshotRecord(
    PortId port,
    Instant processedAt,
    long snapshotId,
    String runId,
    long firstOffset,
    long events) {
  /** The offset the next snapshot's events start at: the number of events so far. */
  public long endOffset() {
    return firstOffset + events;
  }
}
