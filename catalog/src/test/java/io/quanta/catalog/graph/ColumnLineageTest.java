package io.quanta.catalog.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.quanta.engine.DuckDbSession;
import io.quanta.engine.EngineSettings;
import io.quanta.spec.Output;
import io.quanta.spec.PortId;
import io.quanta.spec.ProductSpec;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Column-level lineage from DuckDB's parse tree of real products' SQL. */
class ColumnLineageTest {
  @TempDir static Path temp;
  private static DuckDbSession session;
  private static ColumnLineageAnalyzer analyzer;

  @BeforeAll
  static void open() {
    session = DuckDbSession.open(new EngineSettings(1, "256MB", temp.resolve("tmp")));
    analyzer = new ColumnLineageAnalyzer(session);
  }

  @AfterAll
  static void close() {
    session.close();
  }

  @Test
  void followsAliasesCtesJoinsAndAggregates() {
    OutputLineage byCountry = lineage(shop(), "finance/revenue:1/by-country");

    assertThat(byCountry.inputs()).containsExactly("orders", "customers");
    assertThat(sources(byCountry, "country"))
        .containsExactly(tuple("customers", "country", "direct"));
    assertThat(sources(byCountry, "day"))
        .containsExactly(tuple("orders", "ordered_at", "transformed"));
    assertThat(sources(byCountry, "revenue"))
        .containsExactly(tuple("orders", "amount", "aggregated"));
    // count(DISTINCT p.buyer): buyer is the CTE's alias of o.customer_id.
    assertThat(sources(byCountry, "buyers"))
        .containsExactly(tuple("orders", "customer_id", "aggregated"));
    ColumnDerivation orderCount = byCountry.column("order_count").orElseThrow();
    assertThat(orderCount.sources()).isEmpty();
    assertThat(orderCount.note()).contains(ColumnDerivation.COUNTS_ROWS);
    assertThat(byCountry.columns()).allMatch(ColumnDerivation::isResolved);
  }

  @Test
  void expandsAQualifiedStarWithExcludeOverAUsingJoin() {
    OutputLineage enriched = lineage(shop(), "finance/revenue:1/enriched-orders");

    assertThat(sources(enriched, "order_id"))
        .containsExactly(tuple("orders", "order_id", "direct"));
    assertThat(sources(enriched, "customer_id"))
        .containsExactly(tuple("orders", "customer_id", "direct"));
    assertThat(sources(enriched, "amount")).containsExactly(tuple("orders", "amount", "direct"));
    assertThat(sources(enriched, "customer_name"))
        .containsExactly(tuple("customers", "name", "direct"));
    assertThat(sources(enriched, "country_code"))
        .containsExactly(tuple("customers", "country", "transformed"));
  }

  @Test
  void mergesThePartsOfAUnionByPosition() {
    OutputLineage activity = lineage(shop(), "finance/revenue:1/activity");

    assertThat(activity.inputs()).containsExactly("orders", "clicks");
    assertThat(sources(activity, "customer_id"))
        .containsExactly(
            tuple("orders", "customer_id", "direct"), tuple("clicks", "customer_id", "direct"));
    assertThat(sources(activity, "at"))
        .containsExactly(
            tuple("orders", "ordered_at", "direct"), tuple("clicks", "clicked_at", "direct"));
    assertThat(activity.column("kind").orElseThrow().note()).contains(ColumnDerivation.CONSTANT);
  }

  @Test
  void followsSubqueriesInFromAndInTheSelectListAndWindows() {
    OutputLineage top = lineage(shop(), "finance/revenue:1/top-customers");

    assertThat(sources(top, "customer_id"))
        .containsExactly(tuple("orders", "customer_id", "direct"));
    assertThat(sources(top, "total")).containsExactly(tuple("orders", "amount", "aggregated"));
    assertThat(sources(top, "position")).containsExactly(tuple("orders", "amount", "aggregated"));
    // A correlated scalar subquery: max(ordered_at) of the customer's orders.
    assertThat(sources(top, "last_order_at"))
        .containsExactly(tuple("orders", "ordered_at", "aggregated"));
  }

  @Test
  void readsAnUpstreamPortsColumnsThroughItsInput() {
    OutputLineage yearly = lineage(shop(), "finance/revenue-report:1/yearly");

    assertThat(sources(yearly, "country"))
        .containsExactly(tuple("by_country", "country", "direct"));
    assertThat(sources(yearly, "year")).containsExactly(tuple("by_country", "day", "transformed"));
    assertThat(sources(yearly, "revenue"))
        .containsExactly(tuple("by_country", "revenue", "aggregated"));
  }

  @Test
  void saysWhatItCannotResolveInsteadOfGuessing() {
    List<ProductSpec> specs = TestSpecs.resources("shop", "raw-events");

    OutputLineage merged = lineage(specs, "finance/raw-events:1/merged");
    // Neither input declares its columns: USING and qualified names still tell...
    assertThat(sources(merged, "id")).containsExactly(tuple("ledger", "id", "direct"));
    assertThat(sources(merged, "ledger_amount"))
        .containsExactly(tuple("ledger", "amount", "direct"));
    // ...but an unqualified name could be either input's.
    ColumnDerivation memo = merged.column("memo").orElseThrow();
    assertThat(memo.sources()).isEmpty();
    assertThat(memo.unresolved())
        .singleElement()
        .asString()
        .contains("column memo may come from ledger or notes");

    // SELECT * over an input whose columns are not declared: the schema names them.
    OutputLineage copied = lineage(specs, "finance/raw-events:1/copied");
    assertThat(sources(copied, "amount")).containsExactly(tuple("ledger", "amount", "direct"));

    OutputLineage patterned = lineage(specs, "finance/raw-events:1/patterned");
    assertThat(sources(patterned, "id")).containsExactly(tuple("notes", "id", "direct"));
    assertThat(patterned.column("n1").orElseThrow().unresolved())
        .singleElement()
        .asString()
        .contains("COLUMNS(...)");
  }

  @Test
  void analysesEveryOutputOfThePodcastMesh() {
    List<ProductSpec> podcasts = TestSpecs.podcasts();

    OutputLineage demographics =
        lineage(podcasts, "podcasts/listeners-demographics:1/demographics");
    assertThat(demographics.inputs()).containsExactly("plays", "users", "countries");
    assertThat(sources(demographics, "podcast_id"))
        .containsExactly(tuple("plays", "podcast_id", "direct"));
    assertThat(sources(demographics, "age_band"))
        .containsExactly(tuple("users", "age_band", "direct"));
    assertThat(sources(demographics, "day"))
        .containsExactly(tuple("plays", "played_at", "transformed"));
    assertThat(demographics.column("listens").orElseThrow().note())
        .contains(ColumnDerivation.COUNTS_ROWS);

    // play-events reads Parquet files whose columns it does not declare.
    OutputLineage events = lineage(podcasts, "podcasts/play-events:1/events");
    assertThat(sources(events, "user_id")).containsExactly(tuple("plays", "user_id", "direct"));

    // Three CTEs deep: the age band is computed from the birth date and the update time.
    OutputLineage profiles = lineage(podcasts, "users/user-profiles:2/profiles");
    assertThat(sources(profiles, "user_id"))
        .containsExactly(tuple("registrations", "user_id", "direct"));
    assertThat(sources(profiles, "age_band"))
        .containsExactlyInAnyOrder(
            tuple("updates", "updated_at", "transformed"),
            tuple("registrations", "registered_at", "transformed"),
            tuple("registrations", "birth_date", "transformed"));
    assertThat(sources(profiles, "country"))
        .containsExactly(
            tuple("updates", "country", "transformed"),
            tuple("registrations", "country", "transformed"));

    OutputLineage ranking = lineage(podcasts, "podcasts/top-podcasts-daily:1/ranking");
    assertThat(sources(ranking, "title")).containsExactly(tuple("catalog", "title", "direct"));
    assertThat(sources(ranking, "rank")).contains(tuple("demographics", "listens", "aggregated"));

    OutputLineage emerging = lineage(podcasts, "artists/emerging-artists:1/emerging");
    assertThat(sources(emerging, "artist_id"))
        .containsExactly(tuple("catalog", "artist_id", "direct"));
    assertThat(sources(emerging, "paid"))
        .containsExactly(tuple("payments", "amount", "aggregated"));

    for (ProductSpec spec : podcasts) {
      for (OutputLineage output : analyzer.analyze(spec, upstream(podcasts))) {
        assertThat(output.columns())
            .as(output.port().toString())
            .allMatch(ColumnDerivation::isResolved);
      }
    }
  }

  private static List<ProductSpec> shop() {
    return TestSpecs.resources("shop");
  }

  private static OutputLineage lineage(List<ProductSpec> specs, String port) {
    PortId id = PortId.parse(port);
    ProductSpec spec =
        specs.stream().filter(each -> each.id().equals(id.product())).findFirst().orElseThrow();
    return analyzer.analyze(spec, spec.output(id.port()).orElseThrow(), upstream(specs));
  }

  private static java.util.function.Function<PortId, Optional<List<io.quanta.spec.Column>>>
      upstream(List<ProductSpec> specs) {
    Map<PortId, Output> ports = new HashMap<>();
    specs.forEach(
        spec -> spec.outputs().forEach(output -> ports.put(spec.id().port(output.name()), output)));
    return port -> Optional.ofNullable(ports.get(port)).map(Output::schema);
  }

  private static List<Tuple> sources(OutputLineage lineage, String column) {
    ColumnDerivation derivation = lineage.column(column).orElseThrow();
    assertThat(derivation.unresolved()).as(column + " unresolved").isEmpty();
    return derivation.sources().stream()
        .map(source -> tuple(source.input(), source.column(), source.how().specName()))
        .toList();
  }
}
