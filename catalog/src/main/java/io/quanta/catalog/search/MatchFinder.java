package io.quanta.catalog.search;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.lucene.analysis.Analyzer;

/**
 * Says where a hit matched best, and which port or column: the words of each field group of the
 * hit's stored document are matched against the query's words the way the Lucene query matches them
 * (the word, a prefix of the last one, the same typo tolerance), and weighted the same way.
 *
 * <p>One finder serves one search: not thread safe.
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
  private final TermExpansion.Distance distance = new TermExpansion.Distance(16);

  /** Each word's strengths for the query's words, kept: the hits share most of their words. */
  private final Map<String, float[]> strengths = new HashMap<>();

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
    float[] strongest = new float[query.words().size()];
    for (String token : tokens) {
      float[] strength = strengths.computeIfAbsent(token, this::strengths);
      for (int i = 0; i < strongest.length; i++) {
        strongest[i] = Math.max(strongest[i], strength[i]);
      }
    }
    float total = 0;
    for (float value : strongest) {
      total += value;
    }
    return total;
  }

  /** How strongly the token matches each query word. */
  private float[] strengths(String token) {
    float[] strengths = new float[query.words().size()];
    for (int i = 0; i < strengths.length; i++) {
      strengths[i] = strength(i, token);
    }
    return strengths;
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
            && distance.within(wordPoints.get(index), token.codePoints().toArray(), allowed)
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
