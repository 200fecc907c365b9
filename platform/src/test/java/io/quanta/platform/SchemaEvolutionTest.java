package io.quanta.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.quanta.platform.events.Event;
import io.quanta.platform.lifecycle.Deployment;
import io.quanta.platform.lifecycle.Plan;
import io.quanta.platform.lifecycle.ProductPlan;
import io.quanta.platform.registry.RunRecord;
import io.quanta.ports.sql.ReadOptions;
import io.quanta.spec.ProductId;
import io.quanta.spec.change.ChangeLevel;
import io.quanta.spec.change.SpecChange;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Minor versions apply in place (docs/lifecycle.md): the port's table evolves, its older files keep
 * reading under the new columns, and the next run fills what they lack.
 */
class SchemaEvolutionTest {
  private static final ProductId CATALOG = ProductId.of("podcasts", "podcast-catalog", 1);
  private static final ProductId TITLES = ProductId.of("marketing", "catalog-titles", 1);
  private static final ProductId PLAYS = ProductId.of("podcasts", "play-events", 1);

  @TempDir Path temp;
  private Path specs;
  private Path dataDir;

  @BeforeEach
  void copySpecs() {
    specs = TestMeshes.copy("versions", temp.resolve("specs"));
    dataDir = temp.resolve("quanta");
  }

  @Test
  void aMinorVersionAddsANullableColumnInPlaceTheNextRunFillsItAndOlderStatesStillRead() {
    try (Mesh mesh = Mesh.open(dataDir)) {
      mesh.lifecycle().deployFiles(TestMeshes.specs(specs, "podcast-catalog", "catalog-titles"));
      Instant beforeChange = mesh.runs().run(CATALOG, "test").processedAt().orElseThrow();
      mesh.runs().run(TITLES, "test");

      Plan plan = mesh.lifecycle().planFiles(TestMeshes.specs(specs, "podcast-catalog-1.1"));
      ProductPlan product = plan.products().get(0);
      assertThat(product.action()).isEqualTo(ProductPlan.Action.UPDATE);
      assertThat(product.level()).isEqualTo(ChangeLevel.MINOR);
      assertThat(product.changes())
          .filteredOn(change -> change.level() == ChangeLevel.MINOR)
          .extracting(SpecChange::description)
          .containsExactly(
              "column 'language' added (string, nullable)",
              "type of 'episodes' widened from integer to bigint");
      assertThat(product.consumersOf("podcasts")).containsExactly(TITLES);
      assertThat(mesh.lifecycle().deploy(plan))
          .extracting(Deployment::change)
          .containsExactly(Deployment.Change.UPDATED);

      String latest =
          "SELECT podcast_id, language, episodes, typeof(episodes)"
              + " FROM podcasts.podcast_catalog.podcasts ORDER BY 1";
      assertThat(rows(mesh, latest, ReadOptions.LATEST))
          .as("before the next run, the rows written before read the new column as null")
          .containsExactly("p1|null|12|BIGINT", "p2|null|30|BIGINT");

      RunRecord filling = mesh.runs().run(CATALOG, "test");

      assertThat(filling.rowsWritten()).as("each fact corrected once, to fill it").isEqualTo(2);
      assertThat(rows(mesh, latest, ReadOptions.LATEST))
          .containsExactly("p1|en|12|BIGINT", "p2|de|30|BIGINT");
      assertThat(rows(mesh, latest, ReadOptions.LATEST.withAsOf(beforeChange)))
          .as("as of before the change: the state then, the new column null")
          .containsExactly("p1|null|12|BIGINT", "p2|null|30|BIGINT");
      assertThat(
              rows(
                  mesh,
                  "SELECT podcast_id, language FROM podcasts.podcast_catalog_v1.podcasts"
                      + " ORDER BY 1, 2 NULLS FIRST",
                  new ReadOptions(
                      java.util.Optional.empty(),
                      true,
                      java.util.Optional.empty(),
                      java.util.Optional.empty(),
                      java.util.Optional.empty())))
          .containsExactly("p1|null", "p1|en", "p2|null", "p2|de");
      assertThat(mesh.runs().run(CATALOG, "test").rowsWritten())
          .as("a run after that writes nothing new")
          .isZero();

      // The product pinned to major 1 reads the evolved port as before.
      mesh.runs().run(TITLES, "test");
      assertThat(
              rows(
                  mesh,
                  "SELECT podcast_id, title FROM marketing.catalog_titles.titles ORDER BY 1",
                  ReadOptions.LATEST))
          .containsExactly("p1|DATA MESH RADIO", "p2|THE PIPELINE");
    }
  }

  @Test
  void anEventLogGivenAColumnKeepsItsEventsOnceAndOnlyNewEventsCarryIt() throws IOException {
    try (Mesh mesh = Mesh.open(dataDir)) {
      mesh.lifecycle().deployFiles(TestMeshes.specs(specs, "play-events"));
      mesh.runs().run(PLAYS, "test");

      mesh.lifecycle().deployFiles(TestMeshes.specs(specs, "play-events-1.1"));
      assertThat(mesh.runs().run(PLAYS, "test").rowsWritten())
          .as("the events already in the log are not appended again")
          .isZero();
      Files.writeString(
          specs.resolve("data/plays.csv"),
          "u3,p2,2026-11-20T11:00:00Z,android\n",
          java.nio.file.StandardOpenOption.APPEND);
      assertThat(mesh.runs().run(PLAYS, "test").rowsWritten()).isEqualTo(1);

      assertThat(
              rows(
                  mesh,
                  "SELECT user_id, device FROM podcasts.play_events.events ORDER BY played_at",
                  ReadOptions.LATEST))
          .containsExactly("u1|null", "u2|null", "u1|null", "u3|android");
      List<Event> events = mesh.events().read(PLAYS.port("events"), QueryRows.TESTER, 0, 10);
      assertThat(events)
          .extracting(event -> event.offset() + " " + event.value().get("device"))
          .containsExactly("0 null", "1 null", "2 null", "3 android");
    }
  }

  private static List<String> rows(Mesh mesh, String sql, ReadOptions options) {
    return QueryRows.run(mesh, sql, options).rows;
  }
}
