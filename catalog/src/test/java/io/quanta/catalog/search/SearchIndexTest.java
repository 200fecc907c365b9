package io.quanta.catalog.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.quanta.spec.ProductId;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SearchIndexTest {
  @TempDir Path temp;
  private ListSource source;
  private SearchIndex index;

  @BeforeEach
  void open() {
    source = ListSource.of("mesh");
    index = SearchIndex.open(temp.resolve("search"), source);
  }

  @AfterEach
  void close() {
    index.close();
  }

  @Test
  void ranksANameAboveAPortAboveAColumnAboveADescription() {
    try (SearchIndex ranking =
        SearchIndex.open(temp.resolve("ranking"), ListSource.of("ranking"))) {
      SearchResult result = ranking.search(SearchQuery.text("royalties"));

      assertThat(result.hits())
          .extracting(
              hit -> hit.document().product().toString(),
              SearchHit::matched,
              SearchHit::port,
              SearchHit::column)
          .containsExactly(
              tuple("finance/royalties:1", MatchedField.NAME, Optional.empty(), Optional.empty()),
              tuple(
                  "artists/payouts:1",
                  MatchedField.PORT,
                  Optional.of("royalties"),
                  Optional.empty()),
              tuple(
                  "finance/ledger:1",
                  MatchedField.COLUMN,
                  Optional.of("entries"),
                  Optional.of("royalties")),
              tuple(
                  "artists/contracts:1",
                  MatchedField.DESCRIPTION,
                  Optional.empty(),
                  Optional.empty()));
      assertThat(result.hits())
          .extracting(SearchHit::score)
          .isSortedAccordingTo((a, b) -> b.compareTo(a));
      assertThat(result.total()).isEqualTo(4);
    }
  }

  @Test
  void splitsNamesIntoWords() {
    SearchHit hit = index.search(SearchQuery.text("listener count")).hits().get(0);

    assertThat(hit.document().product()).isEqualTo(ProductId.of("artists", "emerging-artists", 1));
    assertThat(hit.matched()).isEqualTo(MatchedField.COLUMN);
    assertThat(hit.port()).contains("emerging");
    assertThat(hit.column()).contains("listener_count");
    assertThat(names(index.search(SearchQuery.text("catalog"))))
        .startsWith("podcasts/podcast-catalog:1");
    assertThat(names(index.search(SearchQuery.text("listener_count"))))
        .startsWith("artists/emerging-artists:1");
  }

  @Test
  void toleratesTypos() {
    SearchResult podcast = index.search(SearchQuery.text("podcst"));
    assertThat(podcast.hits().get(0).document().product().toString())
        .isEqualTo("podcasts/podcast-catalog:1");
    assertThat(podcast.hits().get(0).matched()).isEqualTo(MatchedField.NAME);

    // Two edits in a long word: a letter replaced and one left out.
    assertThat(names(index.search(SearchQuery.text("demografics "))))
        .containsExactlyInAnyOrder("podcasts/listeners-demographics:1", "users/user-profiles:2");
    // Swapped letters count as one edit.
    SearchHit registrations = index.search(SearchQuery.text("emial ")).hits().get(0);
    assertThat(registrations.document().product().toString())
        .isEqualTo("users/user-registrations:1");
    assertThat(registrations.column()).contains("email");
    // Words under 4 characters must be spelled right.
    assertThat(index.search(SearchQuery.text("iabn ")).total()).isEqualTo(1);
    assertThat(index.search(SearchQuery.text("ibn ")).total()).isZero();
  }

  @Test
  void anExactWordRanksAboveATypo() {
    // "events" is play-events' port; "evets" is within one edit of it and of nothing else.
    SearchResult exact = index.search(SearchQuery.text("events "));
    SearchResult typo = index.search(SearchQuery.text("evets "));

    assertThat(names(typo)).containsExactly("podcasts/play-events:1");
    assertThat(typo.hits().get(0).score()).isLessThan(exact.hits().get(0).score());
  }

  @Test
  void matchesTheLastWordAsAPrefixWhileTyping() {
    assertThat(names(index.search(SearchQuery.text("podcasts/listeners-dem"))))
        .startsWith("podcasts/listeners-demographics:1");
    assertThat(index.search(SearchQuery.text("emer")).hits().get(0).document().product().name())
        .isEqualTo("emerging-artists");
    // A space after the word says it is complete.
    assertThat(index.search(SearchQuery.text("emer ")).total()).isZero();
  }

  @Test
  void aWholeNameRanksItsProductFirst() {
    assertThat(names(index.search(SearchQuery.text("user-profiles"))))
        .startsWith("users/user-profiles:2");
    assertThat(names(index.search(SearchQuery.text("users/user-registrations:1"))))
        .startsWith("users/user-registrations:1");
  }

  @Test
  void whenNoProductHasEveryWordRanksThoseWithSome() {
    SearchResult result = index.search(SearchQuery.text("iban spaceship"));

    assertThat(names(result)).containsExactly("artists/artist-payments:1");
    assertThat(result.hits().get(0).column()).contains("iban");
  }

  @Test
  void aLongQueryCountsItsFirstWords() {
    StringBuilder words = new StringBuilder("iban");
    for (int i = 1; i <= 100; i++) {
      words.append(" xq").append(i);
    }

    assertThat(names(index.search(SearchQuery.text(words.toString()))))
        .containsExactly("artists/artist-payments:1");
  }

  @Test
  void browsingListsEveryProductByNameAndCountsFacets() {
    SearchResult result = index.search(SearchQuery.browse());

    assertThat(result.total()).isEqualTo(8);
    assertThat(names(result))
        .containsExactly(
            "artists/artist-payments:1",
            "artists/emerging-artists:1",
            "podcasts/listeners-demographics:1",
            "podcasts/play-events:1",
            "podcasts/podcast-catalog:1",
            "podcasts/top-podcasts-daily:1",
            "users/user-profiles:2",
            "users/user-registrations:1");
    assertThat(result.hits()).extracting(SearchHit::matched).containsOnly(MatchedField.NONE);
    SoftAssertions softly = new SoftAssertions();
    softly
        .assertThat(counts(result, SearchFacet.DOMAIN))
        .isEqualTo(Map.of("podcasts", 4, "users", 2, "artists", 2));
    softly
        .assertThat(counts(result, SearchFacet.KIND))
        .isEqualTo(Map.of("source-aligned", 4, "aggregate", 2, "consumer-aligned", 2));
    softly
        .assertThat(counts(result, SearchFacet.TAG))
        .containsEntry("marketing", 3)
        .containsEntry("demographics", 2)
        .containsEntry("users", 2)
        .containsEntry("finance", 1);
    softly
        .assertThat(counts(result, SearchFacet.OWNER))
        .isEqualTo(
            Map.of(
                "podcasts-team@example.com", 3,
                "users-team@example.com", 2,
                "artists-team@example.com", 2,
                "marketing@example.com", 1));
    softly
        .assertThat(counts(result, SearchFacet.CLASSIFICATION))
        .isEqualTo(Map.of("pii", 1, "confidential", 1));
    softly.assertThat(counts(result, SearchFacet.SLO)).isEqualTo(Map.of("unknown", 8));
    softly.assertThat(counts(result, SearchFacet.STATE)).isEqualTo(Map.of("active", 8));
    softly
        .assertThat(result.facet(SearchFacet.DOMAIN).get(0))
        .isEqualTo(new FacetCount("podcasts", 4));
    softly.assertAll();

    SearchResult limited = index.search(new SearchQuery("", Map.of(), 3));
    assertThat(limited.hits()).hasSize(3);
    assertThat(limited.total()).isEqualTo(8);
  }

  @Test
  void facetFiltersDrillDownAndCountTheOtherValuesOfTheirFacet() {
    SearchResult result =
        index.search(SearchQuery.of("", List.of("domain:podcasts", "tag:marketing"), 20));

    assertThat(names(result))
        .containsExactly("podcasts/listeners-demographics:1", "podcasts/top-podcasts-daily:1");
    // Each filtered facet is counted under the other filters only, so its other values show.
    assertThat(counts(result, SearchFacet.DOMAIN)).isEqualTo(Map.of("podcasts", 2, "artists", 1));
    assertThat(counts(result, SearchFacet.TAG))
        .isEqualTo(
            Map.of("marketing", 2, "demographics", 1, "catalog", 1, "events", 1, "charts", 1));
    assertThat(counts(result, SearchFacet.KIND))
        .isEqualTo(Map.of("aggregate", 1, "consumer-aligned", 1));

    assertThat(
            names(index.search(SearchQuery.of("", List.of("domain:users", "domain:artists"), 20))))
        .hasSize(4);
    assertThat(names(index.search(SearchQuery.of("podcast", List.of("kind:aggregate"), 20))))
        .containsExactly("podcasts/listeners-demographics:1");
    assertThat(names(index.search(SearchQuery.of("", List.of("classification:pii"), 20))))
        .containsExactly("users/user-registrations:1");
    assertThat(index.search(SearchQuery.of("", List.of("domain:nowhere"), 20)).total()).isZero();
  }

  @Test
  void refreshWritesWhatTheSourceSaysNowWithoutDuplicates() {
    index.search(SearchQuery.browse());
    SearchDocument catalog =
        source.find(ProductId.of("podcasts", "podcast-catalog", 1)).orElseThrow();
    SearchDocument.Port port = catalog.ports().get(0);
    List<SearchDocument.PortColumn> columns = new java.util.ArrayList<>(port.columns());
    columns.add(
        new SearchDocument.PortColumn(
            "explicit_content",
            "boolean",
            "",
            Optional.empty(),
            Optional.empty(),
            Optional.empty()));
    source.put(
        new SearchDocument(
            catalog.product(),
            "1.1.0",
            catalog.owner(),
            catalog.description(),
            catalog.kind(),
            catalog.tags(),
            "active",
            "met",
            List.of(new SearchDocument.Port(port.name(), port.description(), columns))));

    index.refresh(List.of(catalog.product()));
    index.refresh(List.of(catalog.product()));

    SearchResult found = index.search(SearchQuery.text("explicit"));
    assertThat(names(found)).containsExactly("podcasts/podcast-catalog:1");
    assertThat(found.hits().get(0).document().version()).isEqualTo("1.1.0");
    SearchResult all = index.search(SearchQuery.browse());
    assertThat(all.total()).isEqualTo(8);
    assertThat(counts(all, SearchFacet.SLO)).isEqualTo(Map.of("unknown", 7, "met", 1));

    source.remove(catalog.product());
    index.refresh(List.of(catalog.product()));
    assertThat(index.search(SearchQuery.browse()).total()).isEqualTo(7);
    assertThat(index.search(SearchQuery.text("explicit")).total()).isZero();
    assertThat(source.rebuilds()).isEqualTo(1);
  }

  @Test
  void rebuildsFromTheSourceWhenTheFolderIsDeleted() throws Exception {
    assertThat(index.search(SearchQuery.browse()).total()).isEqualTo(8);
    index.close();
    deleteRecursively(temp.resolve("search"));

    index = SearchIndex.open(temp.resolve("search"), source);
    assertThat(index.search(SearchQuery.text("podcst")).total()).isPositive();
    assertThat(source.rebuilds()).isEqualTo(2);

    // Deleted under an open index, too.
    deleteRecursively(temp.resolve("search"));
    assertThat(index.search(SearchQuery.browse()).total()).isEqualTo(8);
    assertThat(source.rebuilds()).isEqualTo(3);

    // Deleted under an open index, then updated before the next search.
    deleteRecursively(temp.resolve("search"));
    ProductId removed = ProductId.of("users", "user-profiles", 2);
    source.remove(removed);
    index.refresh(List.of(removed));
    assertThat(source.rebuilds()).isEqualTo(4);
    SearchResult all = index.search(SearchQuery.browse());
    assertThat(all.total()).isEqualTo(7);
    assertThat(counts(all, SearchFacet.DOMAIN)).containsEntry("users", 1);
  }

  @Test
  void rebuildsADamagedIndex() throws Exception {
    index.search(SearchQuery.browse());
    index.close();
    try (var files = java.nio.file.Files.list(temp.resolve("search"))) {
      for (Path file : files.toList()) {
        if (!file.getFileName().toString().equals("write.lock")) {
          java.nio.file.Files.write(file, new byte[] {1, 2, 3});
        }
      }
    }

    index = SearchIndex.open(temp.resolve("search"), source);
    assertThat(index.search(SearchQuery.browse()).total()).isEqualTo(8);
    assertThat(source.rebuilds()).isEqualTo(2);
  }

  @Test
  void rebuildsAnIndexOfAnotherLayout() throws Exception {
    try (var directory = org.apache.lucene.store.FSDirectory.open(temp.resolve("search"));
        var writer =
            new org.apache.lucene.index.IndexWriter(
                directory, new org.apache.lucene.index.IndexWriterConfig())) {
      writer.addDocument(new org.apache.lucene.document.Document());
      writer.setLiveCommitData(Map.of(SearchIndex.FORMAT_KEY, "0").entrySet());
      writer.commit();
    }

    assertThat(index.search(SearchQuery.browse()).total()).isEqualTo(8);
    assertThat(source.rebuilds()).isEqualTo(1);
  }

  @Test
  void anotherIndexOnTheSameFolderSeesEachCommit() throws Exception {
    ListSource shared = ListSource.of("mesh");
    try (SearchIndex first = SearchIndex.open(temp.resolve("shared"), shared);
        SearchIndex second = SearchIndex.open(temp.resolve("shared"), shared)) {
      assertThat(second.search(SearchQuery.browse()).total()).isEqualTo(8);
      ListSource.specs("ranking").forEach(shared::put);

      first.refresh(ListSource.specs("ranking").stream().map(SearchDocument::product).toList());

      assertThat(names(second.search(SearchQuery.text("royalties"))))
          .startsWith("finance/royalties:1");
      assertThat(second.search(SearchQuery.browse()).total()).isEqualTo(12);

      // Writers of both take turns at Lucene's write lock.
      List<ProductId> ids = shared.all().stream().map(SearchDocument::product).toList();
      Thread other =
          new Thread(
              () -> {
                for (int i = 0; i < 10; i++) {
                  second.refresh(ids);
                }
              });
      other.start();
      for (int i = 0; i < 10; i++) {
        first.refresh(ids);
      }
      other.join();
      assertThat(first.search(SearchQuery.browse()).total()).isEqualTo(12);
      assertThat(second.search(SearchQuery.browse()).total()).isEqualTo(12);
    }
  }

  @Test
  void countsEveryMatchOfALargeIndex() {
    ListSource many = new ListSource();
    SearchDocument template = source.all().get(0);
    for (int i = 0; i < 2_500; i++) {
      many.put(
          new SearchDocument(
              ProductId.of("bulk", "product-" + i, 1),
              "1.0.0",
              "bulk-team@example.com",
              "Generated product number " + i + ".",
              Optional.of("aggregate"),
              List.of(i % 2 == 0 ? "even" : "odd"),
              "active",
              SearchDocument.UNKNOWN_SLO_STATUS,
              template.ports()));
    }
    try (SearchIndex large = SearchIndex.open(temp.resolve("large"), many)) {
      assertThat(large.search(SearchQuery.browse()).total()).isEqualTo(2_500);
      SearchResult generated = large.search(SearchQuery.of("generated", List.of("tag:even"), 5));
      assertThat(generated.total()).isEqualTo(1_250);
      assertThat(generated.hits()).hasSize(5);
      assertThat(counts(generated, SearchFacet.TAG)).isEqualTo(Map.of("even", 1_250, "odd", 1_250));
    }
  }

  @Test
  void anEmptySourceFindsNothing() {
    try (SearchIndex empty = SearchIndex.open(temp.resolve("empty"), new ListSource())) {
      SearchResult result = empty.search(SearchQuery.text("anything"));
      assertThat(result.total()).isZero();
      assertThat(result.hits()).isEmpty();
      assertThat(empty.search(SearchQuery.browse()).facet(SearchFacet.DOMAIN)).isEmpty();
    }
  }

  private static List<String> names(SearchResult result) {
    return result.hits().stream().map(hit -> hit.document().product().toString()).toList();
  }

  private static Map<String, Integer> counts(SearchResult result, SearchFacet facet) {
    Map<String, Integer> counts = new java.util.LinkedHashMap<>();
    result.facet(facet).forEach(count -> counts.put(count.value(), count.count()));
    return counts;
  }

  private static void deleteRecursively(Path folder) throws java.io.IOException {
    try (var paths = java.nio.file.Files.walk(folder)) {
      for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        java.nio.file.Files.delete(path);
      }
    }
  }
}
