package io.quanta.platform.discovery;

import static java.util.Objects.requireNonNull;

import io.quanta.catalog.search.FacetCount;
import io.quanta.catalog.search.MatchedField;
import io.quanta.catalog.search.SearchFacet;
import io.quanta.catalog.search.SearchHit;
import io.quanta.catalog.search.SearchQuery;
import io.quanta.catalog.search.SearchResult;
import io.quanta.spec.ProductId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A search as the API ({@code GET /api/v1/search}) and {@code quanta search --format json} answer
 * it.
 *
 * @param query the text searched for, as given
 * @param filters the facet filters, as {@code facet:value}
 * @param total how many product versions match
 * @param hits the best matches, best first (by name when browsing)
 * @param facets for each facet, its most frequent values among the matches; a filtered facet is
 *     counted without its own filter
 */
public record SearchResponse(
    String query,
    List<String> filters,
    long total,
    List<Hit> hits,
    Map<String, List<FacetCount>> facets) {
  public SearchResponse {
    requireNonNull(query, "query is null");
    filters = List.copyOf(filters);
    hits = List.copyOf(hits);
    requireNonNull(facets, "facets is null");
  }

  /**
   * A product version found.
   *
   * @param product {@code domain/name}
   * @param major the major version
   * @param version the full deployed version
   * @param description what the product holds
   * @param owner who answers for it
   * @param kind source-aligned, aggregate or consumer-aligned; {@code null} when not declared
   * @param tags its tags
   * @param state its lifecycle state, e.g. {@code active}
   * @param sloStatus the status of its SLOs, {@code unknown} until computed
   * @param matched where it matched best: {@code name}, {@code port}, {@code column}, {@code tag},
   *     {@code owner}, {@code domain}, {@code description}; {@code null} when browsing
   * @param port the port that matched, when relevant
   * @param column the column that matched, when relevant
   * @param score the relevance score, comparable within one search only
   * @param href the product's root document in the API
   */
  public record Hit(
      String product,
      int major,
      String version,
      String description,
      String owner,
      String kind,
      List<String> tags,
      String state,
      String sloStatus,
      String matched,
      String port,
      String column,
      float score,
      String href) {}

  /** The response to a query. */
  public static SearchResponse of(SearchQuery query, SearchResult result) {
    List<Hit> hits = result.hits().stream().map(SearchResponse::hit).toList();
    Map<String, List<FacetCount>> facets = new LinkedHashMap<>();
    for (SearchFacet facet : SearchFacet.values()) {
      facets.put(facet.label(), result.facet(facet));
    }
    return new SearchResponse(query.text(), query.filterLabels(), result.total(), hits, facets);
  }

  private static Hit hit(SearchHit hit) {
    ProductId id = hit.document().product();
    return new Hit(
        id.product().toString(),
        id.major(),
        hit.document().version(),
        hit.document().description(),
        hit.document().owner(),
        hit.document().kind().orElse(null),
        hit.document().tags(),
        hit.document().state(),
        hit.document().sloStatus(),
        hit.matched() == MatchedField.NONE ? null : hit.matched().label(),
        hit.port().orElse(null),
        hit.column().orElse(null),
        hit.score(),
        "/api/v1/products/" + id.domain() + "/" + id.name() + "/" + id.major());
  }
}
