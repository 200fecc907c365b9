package io.quanta.catalog.graph;

import io.quanta.error.QuantaException;
import java.util.Locale;

/** Which way lineage is followed from a product. */
public enum Direction {
  /** What the product is computed from, and what that is computed from. */
  UPSTREAM,
  /** What is computed from the product, and what is computed from that. */
  DOWNSTREAM,
  /** Both. */
  BOTH;

  /** The name in JSON and text: lowercase. */
  public String specName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses {@code upstream}, {@code downstream} or {@code both}.
   *
   * @throws QuantaException {@code INVALID_REQUEST} naming the valid values
   */
  public static Direction parse(String text) {
    for (Direction direction : values()) {
      if (direction.specName().equals(text == null ? "" : text.trim().toLowerCase(Locale.ROOT))) {
        return direction;
      }
    }
    throw QuantaException.invalidRequest(
        "Invalid direction '" + text + "': use upstream, downstream or both");
  }

  boolean upstream() {
    return this != DOWNSTREAM;
  }

  boolean downstream() {
    return this != UPSTREAM;
  }
}
