package io.quanta.flight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quanta.platform.Mesh;
import io.quanta.platform.registry.RunRecord;
import io.quanta.spec.ProductId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A connection reads as of the time its {@code asof} property names, and history on demand. */
class ReadAsOfTest {
  private static final String COUNT_PLAYS = "SELECT count(*) FROM podcasts.play_events.events";

  @TempDir Path temp;

  @Test
  void aConnectionWithAsOfReadsThePortsAsTheyWereThen() throws IOException, SQLException {
    try (Mesh mesh = TestMeshes.deployedAndRun(temp);
        FlightSqlServer server = FlightSqlServer.start(mesh, "127.0.0.1", 0)) {
      String url = TestMeshes.url(mesh, server);
      Instant firstRun = processedAt(mesh, TestMeshes.PLAYS);
      Instant meshRun = processedAt(mesh, TestMeshes.TOP); // the last of the first runs
      assertThat(Rows.jdbc(url, COUNT_PLAYS)).containsExactly("3");

      Files.writeString(
          TestMeshes.specs(temp).resolve("data/plays.csv"),
          "u3,p2,2026-11-03T08:00:00Z\n",
          StandardOpenOption.APPEND);
      mesh.runs().run(TestMeshes.PLAYS, "test");
      assertThat(processedAt(mesh, TestMeshes.PLAYS)).isAfter(meshRun);

      assertThat(Rows.jdbc(url, COUNT_PLAYS)).containsExactly("4");
      assertThat(Rows.jdbc(url + "&asof=" + firstRun, COUNT_PLAYS)).containsExactly("3");
      Properties properties = new Properties();
      properties.setProperty("asOf", firstRun.toString());
      assertThat(Rows.jdbc(url, properties, COUNT_PLAYS)).containsExactly("3");
      // A join reads every port as of the same time: the catalog ran after the plays.
      String join =
          "SELECT count(*) FROM podcasts.play_events.events e"
              + " JOIN podcasts.podcast_catalog.podcasts USING (podcast_id)";
      assertThat(Rows.jdbc(url + "&asof=" + firstRun, join)).containsExactly("0");
      assertThat(Rows.jdbc(url + "&asof=" + meshRun, join)).containsExactly("3");
      assertThat(Rows.jdbc(url, join)).containsExactly("4");
    }
  }

  @Test
  void aConnectionWithHistoryReadsCorrectionsToo() throws IOException, SQLException {
    try (Mesh mesh = TestMeshes.deployedAndRun(temp);
        FlightSqlServer server = FlightSqlServer.start(mesh, "127.0.0.1", 0)) {
      String url = TestMeshes.url(mesh, server);
      Path podcasts = TestMeshes.specs(temp).resolve("data/podcasts.csv");
      Files.writeString(
          podcasts, Files.readString(podcasts).replace("The Pipeline", "The Data Pipeline"));
      mesh.runs().run(TestMeshes.CATALOG, "test");

      String titles = "SELECT title FROM podcasts.podcast_catalog.podcasts ORDER BY title";
      assertThat(Rows.jdbc(url, titles)).containsExactly("Data Mesh Radio", "The Data Pipeline");
      assertThat(Rows.jdbc(url + "&history=true", titles))
          .containsExactly("Data Mesh Radio", "The Data Pipeline", "The Pipeline");
    }
  }

  @Test
  void aConnectionWithAnEventTimeWindowReadsOnlyTheRowsInIt() throws SQLException {
    try (Mesh mesh = TestMeshes.deployedAndRun(temp);
        FlightSqlServer server = FlightSqlServer.start(mesh, "127.0.0.1", 0)) {
      String url = TestMeshes.url(mesh, server);
      String players = "SELECT user_id FROM podcasts.play_events.events ORDER BY played_at";
      assertThat(Rows.jdbc(url, players)).containsExactly("u1", "u2", "u1");
      // from is inclusive, to exclusive: the play at 11:00 is out.
      assertThat(Rows.jdbc(url + "&from=2026-11-01T10:00:00Z&to=2026-11-01T11:00:00Z", players))
          .containsExactly("u1");
      assertThat(Rows.jdbc(url + "&from=2026-11-02", players)).containsExactly("u1");
    }
  }

  @Test
  void anEmptyWindowIsReportedOnEveryQuery() {
    try (Mesh mesh = TestMeshes.deployedAndRun(temp);
        FlightSqlServer server = FlightSqlServer.start(mesh, "127.0.0.1", 0)) {
      String url = TestMeshes.url(mesh, server);
      assertThatThrownBy(
              () ->
                  Rows.jdbc(
                      url + "&from=2026-11-02&to=2026-11-01",
                      "SELECT count(*) FROM podcasts.play_events.events"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("the event-time window is empty");
      assertThatThrownBy(
              () ->
                  Rows.jdbc(
                      url + "&since=2026-11-01",
                      "SELECT count(*) FROM podcasts.play_events.events"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("'since' applies to history reads only");
    }
  }

  @Test
  void aMalformedAsOfIsReportedOnEveryQuery() {
    try (Mesh mesh = TestMeshes.deployedAndRun(temp);
        FlightSqlServer server = FlightSqlServer.start(mesh, "127.0.0.1", 0)) {
      String url = TestMeshes.url(mesh, server);
      assertThatThrownBy(() -> Rows.jdbc(url + "&asof=yesterday", COUNT_PLAYS))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("asof 'yesterday' is not a time");
      assertThatThrownBy(() -> Rows.jdbc(url + "&asof=2999-01-01T00:00:00Z", COUNT_PLAYS))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("is in the future");
      assertThatThrownBy(() -> Rows.jdbc(url + "&history=maybe", COUNT_PLAYS))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("history 'maybe' is not a flag");
    }
  }

  /** The processing time of the product's latest run. */
  private static Instant processedAt(Mesh mesh, ProductId product) {
    List<RunRecord> runs = mesh.registry().runs().list(product, 1);
    return runs.get(0).processedAt().orElseThrow();
  }
}
