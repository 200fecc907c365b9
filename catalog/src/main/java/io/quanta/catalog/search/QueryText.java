package io.quanta.catalog.search;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.ConstantScoreQuery;
import org.apache.lucene.search.DisjunctionMaxQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.util.BytesRef;

/**
 * The words of a search and the Lucene query they make.
 *
 * <p>Ranking is by weights, not by term statistics, so that it is predictable: each word scores the
 * weight of the best field group it matches ({@link IndexedFields.Text}: name 10, port 6, column 4,
 * tag 3, owner 2, domain 2, description 1), times 1 for the word itself, 0.8 for a word it starts
 * (the last word as typed) and 0.3 for a word within the typo tolerance (so a typo of a name ranks
 * below the exact name of a column); plus a tenth of the other groups it matches, so that a product
 * matching in its name and its description ranks above one matching in its name only. A product
 * whose name or address is the whole query gets 10 more.
 *
 * @param words the words to look for, English stop words left out unless there are only those, at
 *     most {@value #MAX_WORDS}
 * @param lastIsPrefix whether the last word may be the start of a longer one: the text ends with a
 *     letter or digit, as while typing
 * @param exactName the text compared with product names and addresses as a whole
 */
record QueryText(List<String> words, boolean lastIsPrefix, String exactName) {
  static final float PREFIX = 0.8f;
  static final float FUZZY = 0.3f;
  static final float TIE_BREAKER = 0.1f;
  static final float EXACT_NAME_BOOST = 10f;

  /**
   * The words of a query that count; the rest are left out. Each word is about twenty Lucene
   * clauses, and a query may have at most 1024.
   */
  static final int MAX_WORDS = 16;

  private static final CharArraySet STOP_WORDS = EnglishAnalyzer.ENGLISH_STOP_WORDS_SET;

  QueryText {
    words = List.copyOf(words);
  }

  static QueryText parse(Analyzer analyzer, String text) {
    List<String> all = SearchAnalyzer.words(analyzer, text);
    Set<String> kept = new LinkedHashSet<>();
    for (String word : all) {
      if (!STOP_WORDS.contains(word)) {
        kept.add(word);
      }
    }
    if (kept.isEmpty()) {
      kept.addAll(all);
    }
    List<String> words = new ArrayList<>(kept);
    if (words.size() > MAX_WORDS) {
      words = words.subList(0, MAX_WORDS);
    }
    boolean typing =
        !text.isEmpty() && Character.isLetterOrDigit(text.codePointBefore(text.length()));
    boolean lastIsPrefix =
        typing && !words.isEmpty() && all.get(all.size() - 1).equals(words.get(words.size() - 1));
    return new QueryText(words, lastIsPrefix, IndexedFields.exactName(text));
  }

  /** Whether there is nothing to look for: the search browses. */
  boolean isEmpty() {
    return words.isEmpty();
  }

  /** Whether the word at that index matches as a prefix too. */
  boolean prefix(int index) {
    return lastIsPrefix && index == words.size() - 1;
  }

  /**
   * The typos a word tolerates: none under 4 characters or without a letter, 1 edit from 4, 2 from
   * 8 (an edit inserts, deletes or replaces a character, or swaps two adjacent ones).
   */
  static int maxEdits(String word) {
    if (word.chars().noneMatch(Character::isLetter)) {
      return 0;
    }
    int length = word.codePointCount(0, word.length());
    return length >= 8 ? 2 : length >= 4 ? 1 : 0;
  }

  /**
   * The query over the index's words: the last word's prefixes and each word's typos are the
   * indexed words they match.
   *
   * @param vocabulary the indexed words of each field group
   * @param everyWord whether each word must match (else any word may)
   */
  Query toQuery(Map<IndexedFields.Text, TermExpansion> vocabulary, boolean everyWord) {
    BooleanQuery.Builder query = new BooleanQuery.Builder();
    for (int i = 0; i < words.size(); i++) {
      String word = words.get(i);
      int edits = maxEdits(word);
      List<Query> groups = new ArrayList<>();
      for (IndexedFields.Text group : IndexedFields.Text.values()) {
        List<Query> ways = new ArrayList<>();
        ways.add(weighted(new TermQuery(new Term(group.field, word)), group.weight));
        TermExpansion words = vocabulary.get(group);
        List<BytesRef> prefixed = prefix(i) ? words.startingWith(word) : List.of();
        if (!prefixed.isEmpty()) {
          ways.add(weighted(new TermInSetQuery(group.field, prefixed), group.weight * PREFIX));
        }
        List<BytesRef> typos = words.within(word, edits);
        typos.removeAll(prefixed);
        if (!typos.isEmpty()) {
          ways.add(weighted(new TermInSetQuery(group.field, typos), group.weight * FUZZY));
        }
        groups.add(ways.size() == 1 ? ways.get(0) : new DisjunctionMaxQuery(ways, 0f));
      }
      query.add(
          new DisjunctionMaxQuery(groups, TIE_BREAKER),
          everyWord ? BooleanClause.Occur.MUST : BooleanClause.Occur.SHOULD);
    }
    if (!everyWord) {
      query.setMinimumNumberShouldMatch(1);
    }
    query.add(
        weighted(new TermQuery(new Term(IndexedFields.EXACT_NAME, exactName)), EXACT_NAME_BOOST),
        BooleanClause.Occur.SHOULD);
    return query.build();
  }

  private static Query weighted(Query query, float weight) {
    return new BoostQuery(new ConstantScoreQuery(query), weight);
  }
}
