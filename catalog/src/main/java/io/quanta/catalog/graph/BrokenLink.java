package io.quanta.catalog.graph;

import static java.util.Objects.requireNonNull;

import io.quanta.spec.ColumnLink;
import java.util.Locale;

/**
 * A column whose {@code links} no longer holds: the column it names is gone, or holds something
 * else.
 *
 * @param column the linking column
 * @param link the column it links to
 * @param reason what is wrong
 * @param message what is wrong, in words, with what there is instead
 */
public record BrokenLink(ColumnId column, ColumnLink link, Reason reason, String message) {
  /** What is wrong with a link. */
  public enum Reason {
    /** No version of the linked product is deployed. */
    PRODUCT_MISSING,
    /** The product is deployed, but not the linked major version. */
    MAJOR_MISSING,
    /** The product version has no output port of that name. */
    PORT_MISSING,
    /** The port has no column of that name. */
    COLUMN_MISSING,
    /** The linked column's type differs from the linking column's. */
    TYPE_DIFFERS,
    /** The linking column declares a semantic the linked column does not hold. */
    SEMANTIC_DIFFERS;

    /** The name in JSON and text: lowercase, words joined by '-'. */
    public String specName() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Whether the linked column is there but holds something else. */
    public boolean isChange() {
      return this == TYPE_DIFFERS || this == SEMANTIC_DIFFERS;
    }
  }

  public BrokenLink {
    requireNonNull(column, "column is null");
    requireNonNull(link, "link is null");
    requireNonNull(reason, "reason is null");
    requireNonNull(message, "message is null");
  }

  @Override
  public String toString() {
    return column + ": " + message;
  }
}
