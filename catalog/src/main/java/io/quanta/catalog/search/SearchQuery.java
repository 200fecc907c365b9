package io.quanta.catalog.search;

import static java.util.Objects.requireNonNull;

import io.quanta.error.QuantaException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a user searches for: free text, facet filters and how many hits to return. Blank text
 * browses: every product the filters let through, by name.
 *
 * <p>Filters on one facet are alternatives ({@code tag:a} or {@code tag:b}); filters on different
 * facets must all hold.
 *
 * @param text the words to look for, as typed; the last word also matches as a prefix unless the
 *     text ends with a space
 * @param filters the values each facet must have, by facet
 * @param limit the most hits to return, from 1 to {@value #MAX_LIMIT}
 */
public record SearchQuery(String text, Map<SearchFacet, Set<String>> filters, int limit) {
  /** The hits returned when a request names no limit. */
  public static final int DEFAULT_LIMIT = 20;

  /** The most hits one search returns. */
  public static final int MAX_LIMIT = 100;

  /**
   * @throws QuantaException {@code INVALID_REQUEST} for a limit out of range or an empty value
   */
  public SearchQuery {
    requireNonNull(text, "text is null");
    requireNonNull(filters, "filters is null");
    if (limit < 1 || limit > MAX_LIMIT) {
      throw QuantaException.invalidRequest(
          "limit must be between 1 and " + MAX_LIMIT + ", got " + limit);
    }
    Map<SearchFacet, Set<String>> copy = new EnumMap<>(SearchFacet.class);
    filters.forEach(
        (facet, values) -> {
          requireNonNull(facet, "facet is null");
          Set<String> kept = new LinkedHashSet<>();
          for (String value : values) {
            if (value == null || value.isBlank()) {
              throw QuantaException.invalidRequest(
                  "facet " + facet.label() + " needs a value, as in " + facet.label() + ":VALUE");
            }
            kept.add(value.strip());
          }
          if (!kept.isEmpty()) {
            copy.put(facet, Collections.unmodifiableSet(kept));
          }
        });
    filters = Collections.unmodifiableMap(copy);
  }

  /** Every product, by name, with facet counts. */
  public static SearchQuery browse() {
    return new SearchQuery("", Map.of(), DEFAULT_LIMIT);
  }

  /** A text search with no filters and the default limit. */
  public static SearchQuery text(String text) {
    return new SearchQuery(text, Map.of(), DEFAULT_LIMIT);
  }

  /**
   * A search with filters written as users write them, {@code facet:value} (e.g. {@code
   * domain:podcasts}, {@code tag:marketing}).
   *
   * @throws QuantaException {@code INVALID_REQUEST} for a filter without a colon or value, an
   *     unknown facet, or a limit out of range
   */
  public static SearchQuery of(String text, List<String> filters, int limit) {
    Map<SearchFacet, Set<String>> parsed = new EnumMap<>(SearchFacet.class);
    for (String filter : filters) {
      int colon = filter.indexOf(':');
      if (colon <= 0) {
        throw QuantaException.invalidRequest(
            "a facet filter is FACET:VALUE (e.g. domain:podcasts), got '"
                + filter
                + "'; the facets are "
                + SearchFacet.labels());
      }
      SearchFacet facet = SearchFacet.parse(filter.substring(0, colon));
      String value = filter.substring(colon + 1);
      if (value.isBlank()) {
        throw QuantaException.invalidRequest(
            "facet " + facet.label() + " needs a value, as in " + facet.label() + ":VALUE");
      }
      parsed.computeIfAbsent(facet, unused -> new LinkedHashSet<>()).add(value.strip());
    }
    return new SearchQuery(text == null ? "" : text, parsed, limit);
  }

  /** Whether the query browses: no text to look for. */
  public boolean browsing() {
    return text.isBlank();
  }

  /** The filters as users write them, e.g. {@code [domain:podcasts, tag:marketing]}. */
  public List<String> filterLabels() {
    List<String> labels = new ArrayList<>();
    filters.forEach((facet, values) -> values.forEach(v -> labels.add(facet.label() + ":" + v)));
    return labels;
  }
}
