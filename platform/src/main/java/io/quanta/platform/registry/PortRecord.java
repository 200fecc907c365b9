package io.quanta.platform.registry;

import static java.util.Objects.requireNonNull;

import io.quanta.spec.PortId;

/**
 * Where a port's table is.
 *
 * @param port the port
 * @param tableIdentifier the Iceberg table identifier, e.g. {@code
 *     podcasts.podcast_catalog.podcasts_v1}
 * @param tableLocation the table's root folder
 */
public record PortRecord(PortId port, String tableIdentifier, String tableLocation) {
  public PortRecord {
    requireNonNull(port, "port is null");
    requireNonNull(tableIdentifier, "tableIdentifier is null");
    requireNonNull(tableLocation, "tableLocation is null");
  }
}
