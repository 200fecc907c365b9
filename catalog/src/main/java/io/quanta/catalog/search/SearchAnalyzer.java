package io.quanta.catalog.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.util.CharTokenizer;

/**
 * How names and text become words, the same at index and query time: runs of letters and digits,
 * lower-cased and folded to ASCII. So {@code podcast-catalog}, {@code listener_count}, {@code
 * podcasts-team@example.com} and prose all split into their words, and {@code Café} matches {@code
 * cafe}. No stemming: typo tolerance already matches {@code listener} with {@code listeners}.
 */
final class SearchAnalyzer {
  private SearchAnalyzer() {}

  static Analyzer create() {
    return new Analyzer() {
      @Override
      protected TokenStreamComponents createComponents(String fieldName) {
        Tokenizer tokenizer = CharTokenizer.fromTokenCharPredicate(Character::isLetterOrDigit);
        TokenStream words = new ASCIIFoldingFilter(new LowerCaseFilter(tokenizer));
        return new TokenStreamComponents(tokenizer, words);
      }

      @Override
      protected TokenStream normalize(String fieldName, TokenStream in) {
        return new ASCIIFoldingFilter(new LowerCaseFilter(in));
      }
    };
  }

  /** The words of a text as the analyzer splits them, in order, repeats included. */
  static List<String> words(Analyzer analyzer, String text) {
    List<String> words = new ArrayList<>();
    try (TokenStream stream = analyzer.tokenStream("", text)) {
      CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
      stream.reset();
      while (stream.incrementToken()) {
        words.add(term.toString());
      }
      stream.end();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot split text into words", e);
    }
    return words;
  }
}
