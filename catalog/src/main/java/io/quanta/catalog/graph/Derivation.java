package io.quanta.catalog.graph;

import java.util.Locale;

/**
 * How an output column's values come from an input column, from the closest to the loosest. A
 * column computed through several steps takes the loosest of them: a renamed column that is then
 * summed is {@link #AGGREGATED}.
 */
public enum Derivation {
  /** The input column's values, unchanged, perhaps under another name or through a join. */
  DIRECT,
  /** Computed from the input column row by row: a cast, a function, an operator, a CASE. */
  TRANSFORMED,
  /** Computed from many rows: an aggregate function (sum, count, ...) or a window function. */
  AGGREGATED;

  /** The name in JSON and text: lowercase. */
  public String specName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The looser of the two. */
  Derivation then(Derivation other) {
    return compareTo(other) >= 0 ? this : other;
  }
}
