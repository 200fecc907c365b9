package io.quanta.engine;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * What a product input reads of its upstream port's snapshot.
 *
 * @param data the snapshot's columns and files
 * @param appendedAfter for an incremental input, only the rows the port appended after this
 *     processing time (new and corrected facts); empty for the latest state
 * @param governed turns the SELECT of the port's rows into the rows the consuming product may see
 *     (its owner's masks and row filters on the upstream port); the identity when none apply
 */
public record UpstreamRead(
    PortData data, Optional<Instant> appendedAfter, UnaryOperator<String> governed) {
  public UpstreamRead {
    requireNonNull(data, "data is null");
    requireNonNull(appendedAfter, "appendedAfter is null");
    requireNonNull(governed, "governed is null");
  }

  /** What an input reads with no policy applied (checks at deploy, which read no data). */
  public UpstreamRead(PortData data, Optional<Instant> appendedAfter) {
    this(data, appendedAfter, UnaryOperator.identity());
  }

  /** The latest state of the snapshot. */
  public static UpstreamRead latest(PortData data) {
    return new UpstreamRead(data, Optional.empty());
  }
}
