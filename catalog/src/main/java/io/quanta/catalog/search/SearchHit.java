package io.quanta.catalog.search;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * One product version a search found, with where it matched best.
 *
 * @param document what the product publishes, as indexed
 * @param matched the field that matched best ({@link MatchedField#NONE} for a browse)
 * @param port the output port that matched: for a port or column match, and for a description match
 *     in a port's or column's description
 * @param column the column that matched: for a column match, and for a description match in a
 *     column's description
 * @param score the relevance score; higher is better, comparable within one search only
 */
public record SearchHit(
    SearchDocument document,
    MatchedField matched,
    Optional<String> port,
    Optional<String> column,
    float score) {
  public SearchHit {
    requireNonNull(document, "document is null");
    requireNonNull(matched, "matched is null");
    requireNonNull(port, "port is null");
    requireNonNull(column, "column is null");
  }
}
