package io.quanta.engine;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * What a product input reads of its upstream port's snapshot.
 *
 * @param data the snapshot's columns and files
 * @param appendedAfter for an incremental input, only the rows the port appended after this
 *     processing time (new and corrected facts); empty for the latest state
 */
public record UpstreamRead(PortData data, Optional<Instant> appendedAfter) {
  public UpstreamRead {
    requireNonNull(data, "data is null");
    requireNonNull(appendedAfter, "appendedAfter is null");
  }

  /** The latest state of the snapshot. */
  public static UpstreamRead latest(PortData data) {
    return new UpstreamRead(data, Optional.empty());
  }
}
