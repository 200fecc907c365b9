package io.quanta.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.quanta.spec.Column;
import io.quanta.spec.PortId;
import io.quanta.spec.ProductSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The SQL of every output runs over generated data and returns what its port declares. */
class MeshSqlTest {
  private static final PortId DEMOGRAPHICS =
      PortId.parse("podcasts/listeners-demographics:1/demographics");
  private static final PortId RANKING = PortId.parse("podcasts/top-podcasts-daily:1/ranking");
  private static final PortId EMERGING = PortId.parse("artists/emerging-artists:1/emerging");
  private static final PortId PROFILES = PortId.parse("users/user-profiles:2/profiles");

  @TempDir Path temp;

  @ParameterizedTest
  @ValueSource(longs = {1_000, 20_000})
  void everyOutputReturnsItsDeclaredColumnsWithUniqueKeys(long plays)
      throws IOException, SQLException {
    PodcastMesh.copySpecs(temp);
    PodcastMesh.generate(temp, plays);
    List<ProductSpec> specs = LocalMesh.parseSpecs(temp);

    try (LocalMesh mesh = new LocalMesh()) {
      Map<PortId, LocalMesh.PortResult> results = mesh.run(specs);

      assertThat(results).hasSize(9);
      assertValid(results);
      assertThat(results.get(DEMOGRAPHICS).rows()).isPositive();
      assertThat(results.get(RANKING).rows()).isPositive();
      assertThat(results.get(EMERGING).rows()).isPositive();
      assertRankings(mesh, results.get(RANKING));
      // Every user is an adult with a profile.
      assertThat(results.get(PROFILES).rows()).isEqualTo(MeshScale.of(plays).users());
      assertThat(
              mesh.rows(
                  "SELECT DISTINCT age_band FROM "
                      + results.get(PROFILES).table()
                      + " WHERE age_band NOT IN ('18-24', '25-34', '35-44', '45-54', '55-64',"
                      + " '65+')"))
          .isEmpty();
    }
  }

  @Test
  void theNextBatchAddsADayAndCorrectsTheRanking() throws IOException, SQLException {
    PodcastMesh.copySpecs(temp);
    PodcastMesh.generate(temp, 3_000);
    PodcastMesh.generateNextBatch(temp, 3_000);
    List<ProductSpec> specs = LocalMesh.parseSpecs(temp);

    try (LocalMesh mesh = new LocalMesh()) {
      Map<PortId, LocalMesh.PortResult> results = mesh.run(specs);

      assertValid(results);
      String ranking = results.get(RANKING).table();
      assertThat(mesh.queryLong("SELECT count(*) FROM " + ranking + " WHERE day = '2026-11-21'"))
          .isEqualTo(10);
      // The first batch corrects the title of the most popular podcast, which tops the charts.
      assertThat(
              mesh.queryLong(
                  "SELECT count(*) FROM " + ranking + " WHERE title LIKE '%(Remastered)'"))
          .isPositive();
    }
  }

  private static void assertValid(Map<PortId, LocalMesh.PortResult> results) {
    SoftAssertions softly = new SoftAssertions();
    for (LocalMesh.PortResult result : results.values()) {
      List<String> declared = result.output().schema().stream().map(Column::name).toList();
      softly
          .assertThat(result.columnNames())
          .as("columns of %s", result.port())
          .isEqualTo(declared);
      softly.assertThat(result.misfits()).as("types of %s", result.port()).isEmpty();
      softly.assertThat(result.rows()).as("rows of %s", result.port()).isPositive();
      softly.assertThat(result.duplicateKeys()).as("duplicate keys of %s", result.port()).isZero();
      softly.assertThat(result.nullKeys()).as("null keys of %s", result.port()).isZero();
      softly
          .assertThat(result.nullEventTimes())
          .as("null event times of %s", result.port())
          .isZero();
    }
    softly.assertAll();
  }

  private static void assertRankings(LocalMesh mesh, LocalMesh.PortResult ranking)
      throws SQLException {
    // Per day, ranks run from 1 without gaps, at most 10, with listens not increasing.
    assertThat(
            mesh.rows(
                "SELECT day FROM "
                    + ranking.table()
                    + " GROUP BY day"
                    + " HAVING min(rank) <> 1 OR max(rank) <> count(*) OR count(*) > 10"))
        .isEmpty();
    assertThat(
            mesh.rows(
                "SELECT a.day, a.rank FROM "
                    + ranking.table()
                    + " a JOIN "
                    + ranking.table()
                    + " b ON a.day = b.day AND b.rank = a.rank + 1 WHERE b.listens > a.listens"))
        .isEmpty();
    assertThat(mesh.queryLong("SELECT count(DISTINCT day) FROM " + ranking.table())).isEqualTo(30);
    assertThat(mesh.queryLong("SELECT count(*) FROM " + ranking.table() + " WHERE title IS NULL"))
        .isZero();
  }
}
