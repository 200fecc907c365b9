package io.quanta.catalog.search;

import io.quanta.error.QuantaException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A dimension search results are counted and filtered by. Each has the label users write, as in
 * {@code domain:podcasts}.
 */
public enum SearchFacet {
  /** The product's business domain. */
  DOMAIN("domain", false),
  /** Source-aligned, aggregate or consumer-aligned; products that declare none have no value. */
  KIND("kind", false),
  /** The product's tags; a product counts once under each of its tags. */
  TAG("tag", true),
  /** Who answers for the product, as the spec names them. */
  OWNER("owner", false),
  /** The classifications of the product's columns (e.g. {@code pii}), each counted once. */
  CLASSIFICATION("classification", true),
  /** The status of the product's SLOs as the platform computes it; {@code unknown} until then. */
  SLO("slo", false),
  /** The product version's lifecycle state in the registry, e.g. {@code active}. */
  STATE("state", false);

  private final String label;
  private final boolean multiValued;

  SearchFacet(String label, boolean multiValued) {
    this.label = label;
    this.multiValued = multiValued;
  }

  /** The name users write, e.g. {@code tag}. */
  public String label() {
    return label;
  }

  /** Whether a product may have several values. */
  boolean multiValued() {
    return multiValued;
  }

  /**
   * The facet of that label.
   *
   * @throws QuantaException {@code INVALID_REQUEST} naming the facets there are
   */
  public static SearchFacet parse(String label) {
    String wanted = label.strip().toLowerCase(Locale.ROOT);
    for (SearchFacet facet : values()) {
      if (facet.label.equals(wanted)) {
        return facet;
      }
    }
    throw QuantaException.invalidRequest(
        "unknown facet '" + label + "'; the facets are " + labels());
  }

  /** Every label, comma-separated, in their order. */
  static String labels() {
    return Arrays.stream(values()).map(SearchFacet::label).collect(Collectors.joining(", "));
  }
}
