package io.quanta.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quanta.error.QuantaException;
import io.quanta.spec.Column;
import io.quanta.spec.ColumnType;
import io.quanta.spec.PortId;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WarehouseTest {
  private static final PortId PORT = PortId.parse("podcasts/podcast-catalog:1/podcasts");
  private static final List<Column> COLUMNS =
      List.of(Column.of("podcast_id", ColumnType.STRING), Column.of("title", ColumnType.STRING));

  @TempDir Path dataDir;

  @Test
  void stagedSnapshotsStayInvisibleUntilPublished() throws Exception {
    try (Warehouse warehouse = Warehouse.open(dataDir)) {
      PortTable table = warehouse.createOrLoad(PORT, COLUMNS);
      String file = table.newFileLocation("run-1", "data");
      writeRows(table, file, "('p1', 'Hello', TIMESTAMPTZ '2026-11-01 00:00:00+00')");

      long staged =
          table.stage("run-1", Instant.parse("2026-11-21T10:00:00Z"), List.of(file), List.of());

      assertThat(table.currentSnapshotId()).isEmpty();
      table.publish(staged);
      assertThat(table.currentSnapshotId()).contains(staged);
      table.publish(staged); // idempotent
      assertThat(table.files(staged, TimeWindow.ALL, Optional.empty()).dataFiles())
          .containsExactly(file);
    }
  }

  @Test
  void aCorrectionSupersedesTheOldRowInTheNewSnapshotOnly() throws Exception {
    try (Warehouse warehouse = Warehouse.open(dataDir)) {
      PortTable table = warehouse.createOrLoad(PORT, COLUMNS);
      String first = table.newFileLocation("run-1", "data");
      writeRows(
          table,
          first,
          "('p1', 'Hello', TIMESTAMPTZ '2026-11-01 00:00:00+00'),"
              + " ('p2', 'World', TIMESTAMPTZ '2026-11-02 00:00:00+00')");
      long one =
          table.stage("run-1", Instant.parse("2026-11-21T10:00:00Z"), List.of(first), List.of());
      table.publish(one);

      String second = table.newFileLocation("run-2", "data");
      writeRows(table, second, "('p2', 'World!', TIMESTAMPTZ '2026-11-02 00:00:00+00')");
      String deletes = table.newFileLocation("run-2", "deletes");
      duckdb(
          "COPY (SELECT '"
              + first
              + "' AS file_path, 1::BIGINT AS pos) TO '"
              + deletes
              + "' (FORMAT parquet, FIELD_IDS {file_path: 2147483546, pos: 2147483545})");
      long two =
          table.stage(
              "run-2", Instant.parse("2026-11-21T11:00:00Z"), List.of(second), List.of(deletes));
      table.publish(two);

      assertThat(latest(table, two)).containsExactly("p1=Hello", "p2=World!");
      assertThat(latest(table, one)).containsExactly("p1=Hello", "p2=World");
      assertThat(table.files(two, TimeWindow.ALL, Optional.empty()).deleteFiles())
          .containsExactly(deletes);
      assertThat(table.files(one, TimeWindow.ALL, Optional.empty()).deleteFiles()).isEmpty();
    }
  }

  @Test
  void prunesFilesByEventTime() throws Exception {
    try (Warehouse warehouse = Warehouse.open(dataDir)) {
      PortTable table = warehouse.createOrLoad(PORT, COLUMNS);
      String november = table.newFileLocation("run-1", "nov");
      writeRows(table, november, "('p1', 'Hello', TIMESTAMPTZ '2026-11-01 00:00:00+00')");
      String december = table.newFileLocation("run-1", "dec");
      writeRows(table, december, "('p2', 'World', TIMESTAMPTZ '2026-12-01 00:00:00+00')");
      long snapshot =
          table.stage(
              "run-1",
              Instant.parse("2026-11-21T10:00:00Z"),
              List.of(november, december),
              List.of());

      TimeWindow decemberOnly =
          new TimeWindow(Optional.of(Instant.parse("2026-12-01T00:00:00Z")), Optional.empty());
      assertThat(table.files(snapshot, decemberOnly, Optional.empty()).dataFiles())
          .containsExactly(december);
    }
  }

  @Test
  void keepsEverythingAcrossReopening() throws Exception {
    long snapshot;
    String file;
    try (Warehouse warehouse = Warehouse.open(dataDir)) {
      PortTable table = warehouse.createOrLoad(PORT, COLUMNS);
      file = table.newFileLocation("run-1", "data");
      writeRows(table, file, "('p1', 'Hello', TIMESTAMPTZ '2026-11-01 00:00:00+00')");
      snapshot =
          table.stage("run-1", Instant.parse("2026-11-21T10:00:00Z"), List.of(file), List.of());
      table.publish(snapshot);
    }
    try (Warehouse warehouse = Warehouse.open(dataDir)) {
      PortTable table = warehouse.load(PORT);
      assertThat(table.currentSnapshotId()).contains(snapshot);
      assertThat(table.fieldIds().keySet())
          .containsExactly("podcast_id", "title", "_event_time", "_processed_at", "_run_id");
      assertThat(latest(table, snapshot)).containsExactly("p1=Hello");
    }
  }

  @Test
  void refusesToReuseATableWithOtherColumns() {
    try (Warehouse warehouse = Warehouse.open(dataDir)) {
      warehouse.createOrLoad(PORT, COLUMNS);
      assertThatThrownBy(
              () ->
                  warehouse.createOrLoad(PORT, List.of(Column.of("podcast_id", ColumnType.BIGINT))))
          .isInstanceOf(QuantaException.class)
          .hasMessageContaining("needs a new major version");
      assertThat(warehouse.createOrLoad(PORT, COLUMNS).port()).isEqualTo(PORT);
    }
  }

  @Test
  void evolvesATableInPlaceKeepingTheFieldIdsOfItsColumns() throws Exception {
    List<Column> before =
        List.of(
            Column.of("podcast_id", ColumnType.STRING),
            Column.of("title", ColumnType.STRING),
            Column.of("episodes", ColumnType.INTEGER));
    List<Column> after =
        List.of(
            Column.of("podcast_id", ColumnType.STRING),
            Column.of("title", ColumnType.STRING),
            Column.of("language", ColumnType.STRING),
            Column.of("episodes", ColumnType.BIGINT));
    try (Warehouse warehouse = Warehouse.open(dataDir)) {
      PortTable table = warehouse.createOrLoad(PORT, before);
      Map<String, Integer> idsBefore = table.fieldIds();
      String first = table.newFileLocation("run-1", "data");
      write(
          table,
          first,
          "SELECT 'p1' AS podcast_id, 'Hello' AS title, 12::INTEGER AS episodes,"
              + " TIMESTAMPTZ '2026-11-01 00:00:00+00' AS _event_time,"
              + " TIMESTAMPTZ '2026-11-21 10:00:00+00' AS _processed_at, 'run-1' AS _run_id");
      long one =
          table.stage("run-1", Instant.parse("2026-11-21T10:00:00Z"), List.of(first), List.of());
      table.publish(one);

      PortTable evolved = warehouse.createOrLoad(PORT, after);

      Map<String, Integer> idsAfter = evolved.fieldIds();
      assertThat(idsAfter.keySet())
          .containsExactly(
              "podcast_id",
              "title",
              "language",
              "episodes",
              "_event_time",
              "_processed_at",
              "_run_id");
      idsBefore.forEach((name, id) -> assertThat(idsAfter).containsEntry(name, id));
      assertThat(idsAfter.get("language"))
          .isGreaterThan(idsBefore.values().stream().max(Integer::compare).orElseThrow());
      assertThat(warehouse.load(PORT).fieldIds()).isEqualTo(idsAfter);
      // Evolving to the same columns again changes nothing.
      assertThat(warehouse.createOrLoad(PORT, after).fieldIds()).isEqualTo(idsAfter);

      String second = evolved.newFileLocation("run-2", "data");
      write(
          evolved,
          second,
          "SELECT 'p2' AS podcast_id, 'World' AS title, 'en' AS language,"
              + " 5000000000::BIGINT AS episodes,"
              + " TIMESTAMPTZ '2026-11-02 00:00:00+00' AS _event_time,"
              + " TIMESTAMPTZ '2026-11-21 11:00:00+00' AS _processed_at, 'run-2' AS _run_id");
      long two =
          evolved.stage("run-2", Instant.parse("2026-11-21T11:00:00Z"), List.of(second), List.of());
      evolved.publish(two);

      SnapshotFiles old = evolved.files(one, TimeWindow.ALL, Optional.empty());
      SnapshotFiles now = evolved.files(two, TimeWindow.ALL, Optional.empty());
      assertThat(old.columnsInEveryFile())
          .contains("podcast_id", "episodes")
          .doesNotContain("language");
      assertThat(now.dataFiles()).containsExactlyInAnyOrder(first, second);
      assertThat(now.columnsInEveryFile())
          .as("the first file has no language")
          .contains("podcast_id", "title", "episodes", "_event_time")
          .doesNotContain("language");
      assertThat(now.fieldIds()).isEqualTo(idsAfter);
    }
  }

  @Test
  void refusesToDropAColumnInPlace() {
    try (Warehouse warehouse = Warehouse.open(dataDir)) {
      warehouse.createOrLoad(PORT, COLUMNS);
      assertThatThrownBy(
              () ->
                  warehouse.createOrLoad(PORT, List.of(Column.of("podcast_id", ColumnType.STRING))))
          .isInstanceOf(QuantaException.class)
          .hasMessageContaining("column 'title' is dropped")
          .hasMessageContaining("needs a new major version");
      assertThat(warehouse.load(PORT).fieldIds()).containsKey("title");
    }
  }

  @Test
  void refusesToCommitFilesWrittenBeforeTheTableEvolved() throws Exception {
    try (Warehouse warehouse = Warehouse.open(dataDir)) {
      PortTable table = warehouse.createOrLoad(PORT, COLUMNS);
      String file = table.newFileLocation("run-1", "data");
      writeRows(table, file, "('p1', 'Hello', TIMESTAMPTZ '2026-11-01 00:00:00+00')");
      List<Column> more = new ArrayList<>(COLUMNS);
      more.add(Column.of("language", ColumnType.STRING));
      warehouse.createOrLoad(PORT, more);

      assertThatThrownBy(
              () ->
                  table.stage(
                      "run-1", Instant.parse("2026-11-21T10:00:00Z"), List.of(file), List.of()))
          .isInstanceOfSatisfying(
              QuantaException.class,
              e -> assertThat(e.code()).isEqualTo(io.quanta.error.ErrorCode.CONFLICT))
          .hasMessageContaining("run the product again");
      assertThat(table.currentSnapshotId()).isEmpty();
    }
  }

  /** Writes the rows of a SELECT with the table's field ids of the columns it returns. */
  private static void write(PortTable table, String file, String select) throws SQLException {
    Map<String, Integer> ids = table.fieldIds();
    List<String> columns = new ArrayList<>();
    for (String name : ids.keySet()) {
      if (select.contains(" AS " + name) || select.contains(" AS " + name + ",")) {
        columns.add(name + ": " + ids.get(name));
      }
    }
    duckdb(
        "COPY ("
            + select
            + ") TO '"
            + file
            + "' (FORMAT parquet, FIELD_IDS {"
            + String.join(", ", columns)
            + "})");
  }

  private static void writeRows(PortTable table, String file, String values) throws SQLException {
    Map<String, Integer> ids = table.fieldIds();
    String fieldIds =
        ids.entrySet().stream()
            .map(e -> e.getKey() + ": " + e.getValue())
            .collect(Collectors.joining(", ", "{", "}"));
    duckdb(
        "COPY (SELECT podcast_id, title, event_time AS _event_time,"
            + " TIMESTAMPTZ '2026-11-21 10:00:00+00' AS _processed_at, 'run' AS _run_id"
            + " FROM (VALUES "
            + values
            + ") v(podcast_id, title, event_time)) TO '"
            + file
            + "' (FORMAT parquet, FIELD_IDS "
            + fieldIds
            + ")");
  }

  private static List<String> latest(PortTable table, long snapshot) throws SQLException {
    SnapshotFiles files = table.files(snapshot, TimeWindow.ALL, Optional.empty());
    String data =
        files.dataFiles().stream()
            .map(f -> "'" + f + "'")
            .collect(Collectors.joining(", ", "[", "]"));
    String sql =
        "SELECT podcast_id || '=' || title FROM read_parquet(" + data + ", filename=true) d";
    if (!files.deleteFiles().isEmpty()) {
      String deletes =
          files.deleteFiles().stream()
              .map(f -> "'" + f + "'")
              .collect(Collectors.joining(", ", "[", "]"));
      sql +=
          " ANTI JOIN read_parquet("
              + deletes
              + ") x ON d.filename = x.file_path AND d.file_row_number = x.pos";
    }
    sql += " ORDER BY 1";
    List<String> rows = new ArrayList<>();
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      while (result.next()) {
        rows.add(result.getString(1));
      }
    }
    return rows;
  }

  private static void duckdb(String sql) throws SQLException {
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
        Statement statement = connection.createStatement()) {
      statement.execute("SET TimeZone = 'UTC'");
      statement.execute(sql);
    }
  }
}
