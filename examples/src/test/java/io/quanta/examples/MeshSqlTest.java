package io.quanta.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.quanta.engine.ResultColumn;
import io.quanta.governance.Principal;
import io.quanta.governance.Reader;
import io.quanta.platform.Mesh;
import io.quanta.platform.run.RunService;
import io.quanta.ports.sql.ReadOptions;
import io.quanta.ports.sql.ResultSink;
import io.quanta.spec.ProductId;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The example mesh on the real platform: every spec validates and deploys, every product runs (the
 * platform checks each output's columns, types, keys and event times), and the ports hold what the
 * design promises.
 */
class MeshSqlTest {
  private static final Reader READER = Reader.of(Principal.user("tester"));

  @TempDir Path temp;

  @ParameterizedTest
  @ValueSource(longs = {1_000, 20_000})
  void everyProductDeploysRunsAndServesItsPorts(long plays) throws IOException {
    Path folder = temp.resolve("podcasts");
    List<Path> specs = PodcastMesh.copySpecs(folder);
    PodcastMesh.generate(folder, plays);
    try (Mesh mesh = Mesh.open(temp.resolve("quanta"))) {
      assertThat(mesh.lifecycle().deployFiles(specs)).hasSize(8);
      assertRunsSucceed(mesh);

      for (String port :
          List.of(
              "podcasts.listeners_demographics.demographics",
              "podcasts.top_podcasts_daily.ranking",
              "artists.emerging_artists.emerging",
              "users.user_profiles.profile_updates")) {
        assertThat(count(mesh, "SELECT count(*) FROM " + port)).as(port).isPositive();
      }
      assertThat(count(mesh, "SELECT count(*) FROM users.user_profiles_v2.profiles"))
          .isEqualTo(MeshScale.of(plays).users());
      assertThat(
              rows(
                  mesh,
                  "SELECT DISTINCT age_band FROM users.user_profiles.profiles WHERE age_band NOT IN"
                      + " ('18-24', '25-34', '35-44', '45-54', '55-64', '65+')"))
          .isEmpty();
      assertRankings(mesh);
    }
  }

  @Test
  void theNextBatchAddsADayAndCorrectsTheRanking() throws IOException {
    Path folder = temp.resolve("podcasts");
    List<Path> specs = PodcastMesh.copySpecs(folder);
    PodcastMesh.generate(folder, 3_000);
    try (Mesh mesh = Mesh.open(temp.resolve("quanta"))) {
      mesh.lifecycle().deployFiles(specs);
      assertRunsSucceed(mesh);
      PodcastMesh.generateNextBatch(folder, 3_000);
      assertRunsSucceed(mesh);

      String ranking = "podcasts.top_podcasts_daily.ranking";
      assertThat(count(mesh, "SELECT count(*) FROM " + ranking + " WHERE day = '2026-11-21'"))
          .isEqualTo(10);
      // The first batch corrects the title of the most popular podcast, which tops the charts.
      assertThat(
              count(mesh, "SELECT count(*) FROM " + ranking + " WHERE title LIKE '%(Remastered)'"))
          .isPositive();
      assertThat(
              count(
                  mesh,
                  "SELECT count(*) FROM podcasts.podcast_catalog.podcasts"
                      + " WHERE title LIKE '%(Remastered)'"))
          .isEqualTo(1);
    }
  }

  private static void assertRunsSucceed(Mesh mesh) {
    List<ProductId> products = new ArrayList<>();
    mesh.registry().products().list().forEach(version -> products.add(version.id()));
    for (RunService.Outcome outcome : mesh.runs().runAll(products, "test")) {
      assertThat(outcome.succeeded())
          .as("run of %s: %s", outcome.product(), outcome.message())
          .isTrue();
    }
  }

  private static void assertRankings(Mesh mesh) {
    String ranking = "podcasts.top_podcasts_daily.ranking";
    // Per day, ranks run from 1 without gaps, at most 10, with listens not increasing.
    assertThat(
            rows(
                mesh,
                "SELECT day FROM "
                    + ranking
                    + " GROUP BY day HAVING min(rank) <> 1 OR max(rank) <> count(*) OR count(*) > 10"))
        .isEmpty();
    assertThat(
            rows(
                mesh,
                "SELECT a.day, a.rank FROM "
                    + ranking
                    + " a JOIN "
                    + ranking
                    + " b ON a.day = b.day AND b.rank = a.rank + 1 WHERE b.listens > a.listens"))
        .isEmpty();
    assertThat(count(mesh, "SELECT count(DISTINCT day) FROM " + ranking)).isEqualTo(30);
    assertThat(count(mesh, "SELECT count(*) FROM " + ranking + " WHERE title IS NULL")).isZero();
  }

  private static long count(Mesh mesh, String sql) {
    return Long.parseLong(rows(mesh, sql).get(0).get(0).toString());
  }

  private static List<List<Object>> rows(Mesh mesh, String sql) {
    List<List<Object>> rows = new ArrayList<>();
    mesh.queries()
        .query(
            READER,
            sql,
            ReadOptions.LATEST,
            new ResultSink() {
              @Override
              public void columns(List<ResultColumn> columns) {}

              @Override
              public boolean row(List<Object> values) {
                rows.add(values);
                return true;
              }
            });
    return rows;
  }
}
