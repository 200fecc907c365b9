package io.quanta.catalog.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.lucene.analysis.Analyzer;

/**
 * Says where a hit matched best, and which port or column: the words of each field group of the
 * hit's stored document are matched against the query's words the way the Lucene query matches them
 * (the word, a prefix of the last one, the same typo tolerance), and weighted the same way.
 */
final class MatchFinder {
  /** Where a hit matched best. */
  record Match(MatchedField field, Optional<String> port, Optional<String> column) {}

  private static final Match NONE =
      new Match(MatchedField.NONE, Optional.empty(), Optional.empty());

  private final Analyzer analyzer;
  private final QueryText query;
  private final List<int[]> wordPoints = new ArrayList<>();
  private final List<Integer> edits = new ArrayList<>();

  MatchFinder(Analyzer analyzer, QueryText query) {
    this.analyzer = analyzer;
    this.query = query;
    for (String word : query.words()) {
      wordPoints.add(word.codePoints().toArray());
      edits.add(QueryText.maxEdits(word));
    }
  }

  Match find(SearchDocument product) {
    if (query.isEmpty()) {
      return NONE;
    }
    String name = product.product().name();
    String address = product.product().product().toString();
    if (query.exactName().equals(name)
        || query.exactName().equals(address)
        || query.exactName().equals(product.product().toString())) {
      return new Match(MatchedField.NAME, Optional.empty(), Optional.empty());
    }
    Best best = new Best();
    best.consider(IndexedFields.Text.NAME, score(name), null, null);
    for (SearchDocument.Port port : product.ports()) {
      best.consider(IndexedFields.Text.PORT, score(port.name()), port.name(), null);
    }
    for (SearchDocument.Port port : product.ports()) {
      for (SearchDocument.PortColumn column : port.columns()) {
        best.consider(IndexedFields.Text.COLUMN, score(column.name()), port.name(), column.name());
      }
    }
    best.consider(IndexedFields.Text.TAG, score(String.join(" ", product.tags())), null, null);
    best.consider(
        IndexedFields.Text.OWNER, score(IndexedFields.ownerWords(product.owner())), null, null);
    best.consider(IndexedFields.Text.DOMAIN, score(product.product().domain()), null, null);
    best.consider(IndexedFields.Text.DESCRIPTION, score(product.description()), null, null);
    for (SearchDocument.Port port : product.ports()) {
      best.consider(IndexedFields.Text.DESCRIPTION, score(port.description()), port.name(), null);
      for (SearchDocument.PortColumn column : port.columns()) {
        best.consider(
            IndexedFields.Text.DESCRIPTION,
            score(IndexedFields.columnNotes(column)),
            port.name(),
            column.name());
      }
    }
    return best.match == null ? NONE : best.match;
  }

  /** Each query word's best strength among the text's words, summed. */
  private float score(String text) {
    if (text.isBlank()) {
      return 0;
    }
    List<String> tokens = SearchAnalyzer.words(analyzer, text);
    float total = 0;
    for (int i = 0; i < query.words().size(); i++) {
      float strongest = 0;
      for (String token : tokens) {
        strongest = Math.max(strongest, strength(i, token));
      }
      total += strongest;
    }
    return total;
  }

  private float strength(int index, String token) {
    String word = query.words().get(index);
    if (token.equals(word)) {
      return 1f;
    }
    if (query.prefix(index) && token.startsWith(word)) {
      return QueryText.PREFIX;
    }
    int allowed = edits.get(index);
    return allowed > 0
            && TermExpansion.distance(wordPoints.get(index), token.codePoints().toArray(), allowed)
                <= allowed
        ? QueryText.FUZZY
        : 0f;
  }

  /** The best match so far; a later candidate must score more, so higher ranks win ties. */
  private static final class Best {
    private float score;
    private Match match;

    void consider(IndexedFields.Text group, float strength, String port, String column) {
      float weighted = strength * group.weight;
      if (weighted > score) {
        score = weighted;
        match = new Match(group.matched, Optional.ofNullable(port), Optional.ofNullable(column));
      }
    }
  }
}
