package io.quanta.catalog.search;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.util.BytesRef;

/**
 * The words indexed in one field, read once per index reader, and the ones a query word matches
 * besides itself: those it starts (the last word, as typed) and those within its typo tolerance.
 * Edit distances are measured directly over the words of about the same length: a product index has
 * a small vocabulary, and building Lucene's Levenshtein automata costs more (about 2 ms for two
 * edits, per field, per search) than the comparisons.
 */
final class TermExpansion {
  /** A word and its code points. */
  private record Word(String text, int[] points) {}

  /** The distinct words, sorted, for prefixes. */
  private final String[] sorted;

  /** The distinct words by their length in code points, for typos. */
  private final Map<Integer, List<Word>> byLength;

  private TermExpansion(String[] sorted, Map<Integer, List<Word>> byLength) {
    this.sorted = sorted;
    this.byLength = byLength;
  }

  /** The words of the field in every segment of the reader. */
  static TermExpansion read(IndexReader reader, String field) throws IOException {
    TreeSet<String> words = new TreeSet<>();
    for (LeafReaderContext leaf : reader.leaves()) {
      Terms terms = leaf.reader().terms(field);
      if (terms == null) {
        continue;
      }
      TermsEnum iterator = terms.iterator();
      for (BytesRef term = iterator.next(); term != null; term = iterator.next()) {
        words.add(term.utf8ToString());
      }
    }
    Map<Integer, List<Word>> byLength = new HashMap<>();
    for (String word : words) {
      int[] points = word.codePoints().toArray();
      byLength
          .computeIfAbsent(points.length, unused -> new ArrayList<>())
          .add(new Word(word, points));
    }
    return new TermExpansion(words.toArray(String[]::new), byLength);
  }

  /** The indexed words that start with the word and are longer. */
  List<BytesRef> startingWith(String prefix) {
    List<BytesRef> found = new ArrayList<>();
    int at = Arrays.binarySearch(sorted, prefix);
    for (int i = at >= 0 ? at + 1 : -at - 1; i < sorted.length; i++) {
      if (!sorted[i].startsWith(prefix)) {
        break;
      }
      found.add(new BytesRef(sorted[i]));
    }
    return found;
  }

  /** The indexed words at most {@code edits} edits from the word, the word itself excluded. */
  List<BytesRef> within(String word, int edits) {
    List<BytesRef> found = new ArrayList<>();
    if (edits == 0) {
      return found;
    }
    int[] points = word.codePoints().toArray();
    Distance distance = new Distance(points.length + edits);
    for (int length = points.length - edits; length <= points.length + edits; length++) {
      for (Word candidate : byLength.getOrDefault(length, List.of())) {
        if (!candidate.text().equals(word) && distance.within(points, candidate.points(), edits)) {
          found.add(new BytesRef(candidate.text()));
        }
      }
    }
    return found;
  }

  /**
   * The edit distance of two words in code points, where an edit inserts, deletes or replaces one
   * character or swaps two adjacent ones (the optimal string alignment distance, as Lucene's fuzzy
   * queries count); {@code max + 1} as soon as it exceeds {@code max}.
   */
  static int distance(int[] a, int[] b, int max) {
    return new Distance(b.length).measure(a, b, max);
  }

  /**
   * Measures edit distances with rows allocated once, for many comparisons in a row. Not thread
   * safe.
   */
  static final class Distance {
    private int[] beforePrevious;
    private int[] previous;
    private int[] current;

    Distance(int longest) {
      allocate(longest);
    }

    private void allocate(int longest) {
      beforePrevious = new int[longest + 1];
      previous = new int[longest + 1];
      current = new int[longest + 1];
    }

    /** Whether the words are at most {@code max} edits apart. */
    boolean within(int[] a, int[] b, int max) {
      return measure(a, b, max) <= max;
    }

    /** See {@link TermExpansion#distance(int[], int[], int)}. */
    int measure(int[] a, int[] b, int max) {
      if (Math.abs(a.length - b.length) > max) {
        return max + 1;
      }
      if (b.length >= previous.length) {
        allocate(b.length);
      }
      for (int j = 0; j <= b.length; j++) {
        previous[j] = j;
      }
      for (int i = 1; i <= a.length; i++) {
        current[0] = i;
        int rowMinimum = current[0];
        for (int j = 1; j <= b.length; j++) {
          int cost = a[i - 1] == b[j - 1] ? 0 : 1;
          int value =
              Math.min(Math.min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
          if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
            value = Math.min(value, beforePrevious[j - 2] + 1);
          }
          current[j] = value;
          rowMinimum = Math.min(rowMinimum, value);
        }
        if (rowMinimum > max) {
          return max + 1;
        }
        int[] recycled = beforePrevious;
        beforePrevious = previous;
        previous = current;
        current = recycled;
      }
      return previous[b.length];
    }
  }

  /** The edit distance of two words; see {@link #distance(int[], int[], int)}. */
  static int distance(String a, String b, int max) {
    return distance(a.codePoints().toArray(), b.codePoints().toArray(), max);
  }
}
