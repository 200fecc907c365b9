package io.quanta.catalog.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quanta.error.ErrorCode;
import io.quanta.error.QuantaException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SearchQueryTest {
  @Test
  void parsesFacetFiltersAsUsersWriteThem() {
    SearchQuery query =
        SearchQuery.of(
            "podcast", List.of("domain:podcasts", "Tag:marketing", "tag:charts", "owner:a@b.c"), 5);

    assertThat(query.filters())
        .isEqualTo(
            Map.of(
                SearchFacet.DOMAIN, Set.of("podcasts"),
                SearchFacet.TAG, Set.of("marketing", "charts"),
                SearchFacet.OWNER, Set.of("a@b.c")));
    assertThat(query.filterLabels())
        .containsExactly("domain:podcasts", "tag:marketing", "tag:charts", "owner:a@b.c");
    assertThat(query.browsing()).isFalse();
    assertThat(SearchQuery.of("  ", List.of(), 1).browsing()).isTrue();
  }

  @Test
  void refusesMalformedFiltersAndLimitsNamingWhatIsValid() {
    assertThatThrownBy(() -> SearchQuery.of("", List.of("podcasts"), 5))
        .isInstanceOf(QuantaException.class)
        .hasMessage(
            "a facet filter is FACET:VALUE (e.g. domain:podcasts), got 'podcasts'; the facets are"
                + " domain, kind, tag, owner, classification, slo, state")
        .extracting(e -> ((QuantaException) e).code())
        .isEqualTo(ErrorCode.INVALID_REQUEST);
    assertThatThrownBy(() -> SearchQuery.of("", List.of("color:red"), 5))
        .hasMessage(
            "unknown facet 'color'; the facets are domain, kind, tag, owner, classification, slo,"
                + " state");
    assertThatThrownBy(() -> SearchQuery.of("", List.of("tag:"), 5))
        .hasMessage("facet tag needs a value, as in tag:VALUE");
    assertThatThrownBy(() -> SearchQuery.of("", List.of(), 0))
        .hasMessage("limit must be between 1 and 100, got 0");
    assertThatThrownBy(() -> SearchQuery.of("", List.of(), 101))
        .hasMessage("limit must be between 1 and 100, got 101");
  }
}
