package io.quanta.engine.sources;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * What a source put in the session for a run.
 *
 * @param rows rows loaded
 * @param watermark where the next run should start, stored with the run when it commits; empty when
 *     the source is read in full every time
 */
public record Loaded(long rows, Optional<String> watermark) {
  public Loaded {
    requireNonNull(watermark, "watermark is null");
  }
}
