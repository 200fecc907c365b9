package io.quanta.engine.sources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quanta.engine.DuckDbSession;
import io.quanta.engine.EngineSettings;
import io.quanta.spec.Column;
import io.quanta.spec.ColumnType;
import io.quanta.spec.JdbcInput;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The database input port against a real PostgreSQL, started in-process from Maven Central. */
class JdbcSourceTest {
  private static EmbeddedPostgres postgres;
  @TempDir Path temp;

  @BeforeAll
  static void start() throws IOException, SQLException {
    postgres = EmbeddedPostgres.builder().start();
    sql(
        "CREATE TABLE orders (id INTEGER PRIMARY KEY, customer TEXT, amount NUMERIC(10,2),"
            + " updated_at TIMESTAMP NOT NULL)",
        "INSERT INTO orders VALUES (1, 'ada', 10.50, '2026-11-01 10:00:00'),"
            + " (2, 'bob', 20.00, '2026-11-01 11:00:00'), (3, 'cy', 5.25, '2026-11-02 09:00:00')");
  }

  @AfterAll
  static void stop() throws IOException {
    postgres.close();
  }

  @Test
  void readsIncrementallyByTheCursorAndTypesTheColumns() throws SQLException {
    JdbcInput input = input(Optional.of("updated_at"), List.of());
    Loaded first;
    try (DuckDbSession session = session()) {
      first = JdbcSource.load(session, input, Optional.empty(), Map.<String, String>of()::get);
      assertThat(first.rows()).isEqualTo(3);
      assertThat(first.watermark()).contains("2026-11-02T09:00");
      assertThat(
              session.query(
                  "SELECT typeof(amount), typeof(updated_at) FROM orders LIMIT 1",
                  row -> row.getString(1) + "/" + row.getString(2)))
          .containsExactly("DECIMAL(10,2)/TIMESTAMP");
    }

    sql(
        "INSERT INTO orders VALUES (4, 'dee', 7.00, '2026-11-03 08:00:00')",
        "UPDATE orders SET amount = 25.00, updated_at = '2026-11-03 09:00:00' WHERE id = 2");
    try (DuckDbSession session = session()) {
      Loaded second =
          JdbcSource.load(session, input, first.watermark(), Map.<String, String>of()::get);
      assertThat(second.rows()).isEqualTo(2);
      assertThat(
              session.query(
                  "SELECT id || ':' || amount FROM orders ORDER BY id", row -> row.getString(1)))
          .containsExactly("2:25.00", "4:7.00");
      assertThat(second.watermark()).contains("2026-11-03T09:00");

      Loaded nothingNew =
          JdbcSource.load(session, input, second.watermark(), Map.<String, String>of()::get);
      assertThat(nothingNew.rows()).isZero();
      assertThat(nothingNew.watermark()).isEqualTo(second.watermark());
    }
  }

  @Test
  void aDeclaredSchemaPicksAndTypesTheColumns() {
    JdbcInput input =
        input(
            Optional.empty(),
            List.of(Column.of("id", ColumnType.BIGINT), Column.of("customer", ColumnType.STRING)));
    try (DuckDbSession session = session()) {
      assertThat(
              JdbcSource.load(session, input, Optional.empty(), Map.<String, String>of()::get)
                  .watermark())
          .isEmpty();
      assertThat(session.query("DESCRIBE orders", row -> row.getString(1) + " " + row.getString(2)))
          .containsExactly("id BIGINT", "customer VARCHAR");
    }
    JdbcInput missing = input(Optional.empty(), List.of(Column.of("nope", ColumnType.STRING)));
    try (DuckDbSession session = session()) {
      assertThatThrownBy(
              () ->
                  JdbcSource.load(
                      session, missing, Optional.empty(), Map.<String, String>of()::get))
          .isInstanceOf(SourceFailure.class)
          .hasMessageContaining("the database returns no column 'nope'");
    }
  }

  @Test
  void anUnreachableDatabaseOrAMissingPasswordFailsWithWhatAndWhere() {
    JdbcInput unreachable =
        new JdbcInput(
            "orders",
            "jdbc:postgresql://127.0.0.1:1/nothing?password=hunter2",
            Optional.of("orders"),
            Optional.empty(),
            Optional.empty(),
            Optional.of("postgres"),
            Optional.empty(),
            List.of());
    try (DuckDbSession session = session()) {
      assertThatThrownBy(
              () ->
                  JdbcSource.load(
                      session, unreachable, Optional.empty(), Map.<String, String>of()::get))
          .isInstanceOf(SourceFailure.class)
          .hasMessageStartingWith(
              "input 'orders': cannot connect to jdbc:postgresql://127.0.0.1:1/nothing?password=***")
          .hasMessageNotContaining("hunter2");
    }
    JdbcInput withPassword =
        new JdbcInput(
            "orders",
            postgres.getJdbcUrl("postgres", "postgres"),
            Optional.of("orders"),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.of("ORDERS_DB_PASSWORD"),
            List.of());
    try (DuckDbSession session = session()) {
      assertThatThrownBy(
              () ->
                  JdbcSource.load(
                      session, withPassword, Optional.empty(), Map.<String, String>of()::get))
          .hasMessage(
              "input 'orders': the environment variable ORDERS_DB_PASSWORD with the database password is not set");
    }
  }

  private static JdbcInput input(Optional<String> cursor, List<Column> schema) {
    return new JdbcInput(
        "orders",
        postgres.getJdbcUrl("postgres", "postgres"),
        Optional.of("public.orders"),
        Optional.empty(),
        cursor,
        Optional.empty(),
        Optional.empty(),
        schema);
  }

  private DuckDbSession session() {
    return DuckDbSession.open(new EngineSettings(1, "256MB", temp.resolve("tmp")));
  }

  private static void sql(String... statements) throws SQLException {
    try (Connection connection = postgres.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    }
  }
}
