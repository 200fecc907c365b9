package io.quanta.catalog.search;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The answer to a search.
 *
 * @param total how many product versions match, of which {@code hits} are the best
 * @param hits the best matches, best first (by name for a browse), at most the query's limit
 * @param facets for each facet, its most frequent values among the matches, most frequent first. A
 *     facet the query filters on is counted as if that filter were not set (so its other values
 *     stay visible), under the other filters.
 */
public record SearchResult(
    long total, List<SearchHit> hits, Map<SearchFacet, List<FacetCount>> facets) {
  public SearchResult {
    hits = List.copyOf(hits);
    requireNonNull(facets, "facets is null");
    Map<SearchFacet, List<FacetCount>> copy = new EnumMap<>(SearchFacet.class);
    facets.forEach((facet, counts) -> copy.put(facet, List.copyOf(counts)));
    facets = Collections.unmodifiableMap(copy);
  }

  /** The counts of one facet, empty when no match has a value of it. */
  public List<FacetCount> facet(SearchFacet facet) {
    return facets.getOrDefault(facet, List.of());
  }
}
