package io.quanta.catalog.search;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TermExpansionTest {
  @Test
  void countsInsertionsDeletionsReplacementsAndSwapsAsOneEditEach() {
    assertThat(TermExpansion.distance("podcst", "podcast", 2)).isEqualTo(1);
    assertThat(TermExpansion.distance("podcast", "podcst", 2)).isEqualTo(1);
    assertThat(TermExpansion.distance("emial", "email", 2)).isEqualTo(1);
    assertThat(TermExpansion.distance("listner", "listener", 2)).isEqualTo(1);
    assertThat(TermExpansion.distance("demografics", "demographics", 2)).isEqualTo(2);
    assertThat(TermExpansion.distance("cafe", "café", 2)).isEqualTo(1);
    assertThat(TermExpansion.distance("same", "same", 2)).isZero();
  }

  @Test
  void stopsCountingPastTheMaximum() {
    assertThat(TermExpansion.distance("podcast", "payments", 1)).isEqualTo(2);
    assertThat(TermExpansion.distance("a", "abcdef", 2)).isEqualTo(3);
  }
}
