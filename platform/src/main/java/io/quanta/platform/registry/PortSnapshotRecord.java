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
 */
public record PortSnapshotRecord(PortId port, Instant processedAt, long snapshotId, String runId) {}
