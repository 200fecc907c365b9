package io.quanta.catalog.search;

import java.util.Locale;

/**
 * Where a search hit matched best, in the order of rank: a match of the product's name ranks above
 * one of a port, which ranks above one of a column, and so on down to the descriptions.
 */
public enum MatchedField {
  /** The product's name, or its address {@code domain/name}. */
  NAME,
  /** An output port's name. */
  PORT,
  /** A column's name. */
  COLUMN,
  /** One of the product's tags. */
  TAG,
  /** The product's owner. */
  OWNER,
  /** The product's domain. */
  DOMAIN,
  /**
   * A description: the product's, a port's or a column's, or a column's semantic type or
   * classification.
   */
  DESCRIPTION,
  /** Nothing was looked for: the hit is a product a browse listed. */
  NONE;

  /** The lower-case name, e.g. {@code column}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
