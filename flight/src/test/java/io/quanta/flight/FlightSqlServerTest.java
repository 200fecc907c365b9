package io.quanta.flight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.quanta.error.ErrorCode;
import io.quanta.error.QuantaException;
import io.quanta.platform.Mesh;
import io.quanta.ports.sql.QueryLimits;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Flight SQL port through the official JDBC driver, on a deployed and run mesh. */
class FlightSqlServerTest {
  @TempDir static Path temp;
  private static Mesh mesh;
  private static FlightSqlServer server;

  /** The server's JDBC URL with a token. */
  private static String url;

  @BeforeAll
  static void startServer() {
    mesh = TestMeshes.deployedAndRun(temp);
    server = FlightSqlServer.start(mesh, "127.0.0.1", 0);
    url = TestMeshes.url(mesh, server);
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
    }
    if (mesh != null) {
      mesh.close();
    }
  }

  @Test
  void theJdbcUrlNamesTheServer() {
    assertThat(server.port()).isPositive();
    assertThat(server.jdbcUrl())
        .isEqualTo("jdbc:arrow-flight-sql://127.0.0.1:" + server.port() + "/?useEncryption=false");
  }

  @Test
  void aQueryReturnsWhatTheSqlPortReturns() throws SQLException {
    String sql = "SELECT podcast_id, title, listens FROM podcasts.top_podcasts.listens ORDER BY 1";

    List<String> rows = Rows.jdbc(url, sql);

    assertThat(rows).containsExactly("p1|Data Mesh Radio|2", "p2|The Pipeline|1");
    assertThat(rows).isEqualTo(Rows.sqlPort(mesh, sql));
  }

  @Test
  void aJoinAcrossProductsWorks() throws SQLException {
    String sql =
        "SELECT c.title, count(*) AS plays, min(c.episodes) AS episodes"
            + " FROM podcasts.play_events.events e"
            + " JOIN podcasts.podcast_catalog_v1.podcasts c USING (podcast_id)"
            + " GROUP BY c.title ORDER BY c.title";

    assertThat(Rows.jdbc(url, sql))
        .containsExactly("Data Mesh Radio|2|12", "The Pipeline|1|30")
        .isEqualTo(Rows.sqlPort(mesh, sql));
  }

  @Test
  void aPortHasItsColumnsAndItsTimeColumns() throws SQLException {
    try (Connection connection = DriverManager.getConnection(url);
        Statement statement = connection.createStatement();
        ResultSet result =
            statement.executeQuery(
                "SELECT * FROM podcasts.play_events.events ORDER BY played_at")) {
      ResultSetMetaData metadata = result.getMetaData();
      List<String> columns = new ArrayList<>();
      for (int i = 1; i <= metadata.getColumnCount(); i++) {
        columns.add(metadata.getColumnLabel(i));
      }
      assertThat(columns)
          .containsExactly(
              "user_id", "podcast_id", "played_at", "_event_time", "_processed_at", "_run_id");

      assertThat(result.next()).isTrue();
      assertThat(result.getString("user_id")).isEqualTo("u1");
      assertThat(result.getObject("played_at", java.time.LocalDateTime.class))
          .hasToString("2026-11-01T10:00");
      assertThat(result.getTimestamp("_processed_at")).isNotNull();
      assertThat(result.getString("_run_id")).isNotBlank();
      // Instants go out as UTC timestamps, which every way of reading a value takes (the driver
      // fails on getObject(int) of a zoned timestamp: apache/arrow-java#839). The driver's
      // java.sql.Timestamp depends on the client's time zone (apache/arrow-java#732); the
      // wall-clock value, in UTC, does not.
      assertThat(metadata.getColumnType(3)).isEqualTo(java.sql.Types.TIMESTAMP);
      assertThat(metadata.getColumnTypeName(5)).isEqualTo("TIMESTAMP");
      assertThat(result.getObject(3)).isInstanceOf(java.sql.Timestamp.class);
      assertThat(result.getObject(5)).isInstanceOf(java.sql.Timestamp.class);
      assertThat(result.getObject(3, java.time.LocalDateTime.class))
          .hasToString("2026-11-01T10:00");
      assertThat(result.getString(3)).isEqualTo("2026-11-01 10:00:00.0");
    }
  }

  @Test
  void duplicateColumnNamesKeepTheirNames() throws SQLException {
    try (Connection connection = DriverManager.getConnection(url);
        Statement statement = connection.createStatement();
        ResultSet result =
            statement.executeQuery(
                "SELECT c.podcast_id, l.podcast_id FROM podcasts.podcast_catalog.podcasts c"
                    + " JOIN podcasts.top_podcasts.listens l USING (podcast_id) ORDER BY 1")) {
      assertThat(result.getMetaData().getColumnLabel(2)).isEqualTo("podcast_id");
      assertThat(Rows.of(result)).containsExactly("p1|p1", "p2|p2");
    }
  }

  @Test
  void aLargeResultStreamsInManyBatches() throws SQLException {
    int rows = 3 * ArrowQueries.BATCH_ROWS + 7;
    try (Connection connection = DriverManager.getConnection(url);
        Statement statement = connection.createStatement();
        ResultSet result =
            statement.executeQuery("SELECT range AS n FROM range(" + rows + ") ORDER BY n")) {
      long count = 0;
      long sum = 0;
      while (result.next()) {
        count++;
        sum += result.getLong(1);
      }
      assertThat(count).isEqualTo(rows);
      assertThat(sum).isEqualTo((long) rows * (rows - 1) / 2);
    }
    awaitStreamsReleased();
  }

  @Test
  void aClientThatStopsReadingEarlyFreesItsQuery() throws Exception {
    // More abandoned queries than the SQL port runs at once: a query that kept its slot would
    // make the next ones wait.
    for (int i = 0; i < QueryLimits.defaults().concurrentQueries() + 2; i++) {
      try (Connection connection = DriverManager.getConnection(url);
          Statement statement = connection.createStatement();
          ResultSet result = statement.executeQuery("SELECT range AS n FROM range(5000000)")) {
        for (int row = 0; row < 10; row++) {
          assertThat(result.next()).isTrue();
        }
      }
    }
    assertTimeoutPreemptively(
        Duration.ofSeconds(30),
        () -> assertThat(Rows.jdbc(url, "SELECT count(*) FROM range(10)")).containsExactly("10"));
    awaitStreamsReleased();
  }

  @Test
  void aTakenPortIsReported() {
    assertThatThrownBy(() -> FlightSqlServer.start(mesh, "127.0.0.1", server.port()))
        .isInstanceOf(QuantaException.class)
        .hasMessageContaining("Cannot serve Flight SQL on 127.0.0.1:" + server.port())
        .extracting(e -> ((QuantaException) e).code())
        .isEqualTo(ErrorCode.CONFLICT);
  }

  /** Streams end on their own threads, a moment after the client has read or dropped them. */
  private static void awaitStreamsReleased() {
    assertTimeoutPreemptively(
        Duration.ofSeconds(10),
        () -> {
          while (server.allocatedBytes() > 0) {
            Thread.sleep(10);
          }
        });
  }

  @Test
  void queryParametersAreRefused() throws SQLException {
    try (Connection connection = DriverManager.getConnection(url)) {
      assertThatThrownBy(
              () ->
                  connection.prepareStatement(
                      "SELECT * FROM podcasts.play_events.events WHERE user_id = ?"))
          .isInstanceOf(SQLException.class)
          .hasStackTraceContaining("does not bind query parameters (?)");
    }
  }

  @Test
  void aRefusedQueryTellsWhyWithoutPathsOrStackTraces() {
    assertThatThrownBy(() -> Rows.jdbc(url, "SELECT * FROM read_csv('/etc/passwd')"))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("not allowed")
        .hasMessageContaining("line 1, column 15")
        .hasMessageNotContaining(mesh.dataDir().toString())
        .hasMessageNotContaining("Exception")
        .hasMessageNotContaining("\tat ");
  }

  @Test
  void aFailingQueryDoesNotShowTheWarehousePaths() {
    assertThatThrownBy(
            () ->
                Rows.jdbc(
                    url, "SELECT CAST(title AS INTEGER) FROM podcasts.podcast_catalog.podcasts"))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("Could not convert string")
        .hasMessageNotContaining(mesh.dataDir().toString());
  }

  @Test
  void anUnknownPortIsNotFound() {
    assertThatThrownBy(() -> Rows.jdbc(url, "SELECT * FROM podcasts.play_event.events"))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("no deployed data product has the port podcasts.play_event.events")
        .hasMessageContaining("did you mean podcasts.play_events.events?");
  }

  @Test
  void writesAreRefused() {
    assertThatThrownBy(
            () -> Rows.jdbc(url, "DELETE FROM podcasts.play_events.events WHERE user_id = 'u1'"))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("SELECT");
  }

  @Test
  void theServerDescribesItself() throws SQLException {
    try (Connection connection = DriverManager.getConnection(url)) {
      DatabaseMetaData metadata = connection.getMetaData();
      assertThat(metadata.getDatabaseProductName()).isEqualTo("Quanta");
      assertThat(metadata.getDatabaseProductVersion()).isEqualTo(ServerInfo.version());
      assertThat(metadata.isReadOnly()).isTrue();
      assertThat(metadata.getIdentifierQuoteString()).isEqualTo("\"");
      assertThat(metadata.getCatalogTerm()).isEqualTo("domain");
      assertThat(metadata.getSchemaTerm()).isEqualTo("product");
      assertThat(metadata.supportsTransactions()).isFalse();
      assertThat(metadata.supportsFullOuterJoins()).isTrue();
    }
  }

  @Test
  void theCatalogListsDomainsProductsAndPorts() throws SQLException {
    try (Connection connection = DriverManager.getConnection(url)) {
      DatabaseMetaData metadata = connection.getMetaData();

      assertThat(column(metadata.getCatalogs(), "TABLE_CAT")).containsExactly("podcasts");
      assertThat(column(metadata.getTableTypes(), "TABLE_TYPE")).containsExactly("TABLE");
      assertThat(column(metadata.getSchemas(), "TABLE_SCHEM"))
          .containsExactly(
              "play_events",
              "play_events_v1",
              "podcast_catalog",
              "podcast_catalog_v1",
              "top_podcasts",
              "top_podcasts_v1");
      assertThat(column(metadata.getSchemas("podcasts", "%_v1"), "TABLE_SCHEM"))
          .containsExactly("play_events_v1", "podcast_catalog_v1", "top_podcasts_v1");

      assertThat(rows(metadata.getTables(null, null, "%", null), "TABLE_SCHEM", "TABLE_NAME"))
          .contains("top_podcasts.episode_share", "top_podcasts_v1.listens")
          .hasSize(8);
      assertThat(
              rows(
                  metadata.getTables("podcasts", "top_podcasts", "%", new String[] {"TABLE"}),
                  "TABLE_CAT",
                  "TABLE_SCHEM",
                  "TABLE_NAME",
                  "TABLE_TYPE"))
          .containsExactly(
              "podcasts.top_podcasts.episode_share.TABLE", "podcasts.top_podcasts.listens.TABLE");
      assertThat(column(metadata.getTables(null, null, "%", new String[] {"VIEW"}), "TABLE_NAME"))
          .isEmpty();

      assertThat(
              rows(
                  metadata.getColumns("podcasts", "play_events", "events", null),
                  "COLUMN_NAME",
                  "TYPE_NAME",
                  "DATA_TYPE"))
          .containsExactly(
              "user_id.VARCHAR.12",
              "podcast_id.VARCHAR.12",
              "played_at.TIMESTAMP.93",
              "_event_time.TIMESTAMP.93",
              "_processed_at.TIMESTAMP.93",
              "_run_id.VARCHAR.12");
      assertThat(
              rows(
                  metadata.getColumns(null, "top_podcasts_v1", "episode_share", "per%"),
                  "TABLE_SCHEM",
                  "COLUMN_NAME",
                  "TYPE_NAME"))
          .containsExactly("top_podcasts_v1.per_episode.DOUBLE");
      assertThat(column(metadata.getPrimaryKeys("podcasts", "top_podcasts", "listens"), "PK_NAME"))
          .isEmpty();
    }
  }

  private static List<String> column(ResultSet result, String column) throws SQLException {
    return rows(result, column);
  }

  private static List<String> rows(ResultSet result, String... columns) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (result) {
      while (result.next()) {
        List<String> values = new ArrayList<>();
        for (String column : columns) {
          values.add(result.getString(column));
        }
        rows.add(String.join(".", values));
      }
    }
    return rows;
  }
}
