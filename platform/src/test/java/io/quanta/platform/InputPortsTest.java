package io.quanta.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quanta.error.ErrorCode;
import io.quanta.error.QuantaException;
import io.quanta.platform.registry.RunRecord;
import io.quanta.ports.sql.ReadOptions;
import io.quanta.spec.ProductId;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Database and incremental product inputs, through runs of a real mesh and a real PostgreSQL. */
class InputPortsTest {
  private static final ProductId ORDERS = ProductId.of("shop", "orders", 1);
  private static final ProductId ORDER_LOG = ProductId.of("shop", "order-log", 1);

  @TempDir Path temp;
  private EmbeddedPostgres postgres;
  private Path specs;

  @BeforeEach
  void start() throws IOException, SQLException {
    postgres =
        EmbeddedPostgres.builder()
            .setDataDirectory(postgresDataDir())
            .setCleanDataDirectory(false)
            .start();
    sql(
        "CREATE TABLE orders (id INTEGER PRIMARY KEY, customer TEXT, amount NUMERIC(10,2),"
            + " updated_at TIMESTAMP NOT NULL)",
        "INSERT INTO orders VALUES (1, 'ada', 10.50, '2026-11-01 10:00:00'),"
            + " (2, 'bob', 20.00, '2026-11-01 11:00:00')");
    specs = TestMeshes.copy("inputs", temp.resolve("specs"));
    Path orders = specs.resolve("orders.yaml");
    Files.writeString(
        orders,
        Files.readString(orders)
            .replace("${JDBC_URL}", postgres.getJdbcUrl("postgres", "postgres")));
  }

  @AfterEach
  void stop() throws IOException {
    postgres.close();
  }

  @Test
  void aDatabaseInputReadsOnlyWhatChangedAndAnIncrementalInputOnlyWhatWasAppended()
      throws SQLException {
    try (Mesh mesh = Mesh.open(temp.resolve("quanta"))) {
      mesh.lifecycle().deployFiles(TestMeshes.specs(specs, "orders", "order-log"));
      RunRecord first = mesh.runs().run(ORDERS, "test");
      assertThat(first.ports().get(0).rowsAdded()).isEqualTo(2);
      assertThat(first.inputs().get(0).watermark()).contains("2026-11-01T11:00");
      assertThat(mesh.runs().run(ORDER_LOG, "test").rowsWritten()).isEqualTo(2);

      sql(
          "INSERT INTO orders VALUES (3, 'cy', 5.25, '2026-11-02 09:00:00')",
          "UPDATE orders SET amount = 25.00, updated_at = '2026-11-02 10:00:00' WHERE id = 2");
      RunRecord second = mesh.runs().run(ORDERS, "test");
      assertThat(second.ports().get(0).rowsComputed()).isEqualTo(2); // only the changed rows
      assertThat(second.ports().get(0).rowsCorrected()).isEqualTo(1);
      assertThat(rows(mesh, "SELECT id || ':' || amount FROM shop.orders.orders ORDER BY id"))
          .containsExactly("1:10.50", "2:25.00", "3:5.25");

      RunRecord log = mesh.runs().run(ORDER_LOG, "test");
      assertThat(log.ports().get(0).rowsComputed()).isEqualTo(2); // what orders appended since
      assertThat(rows(mesh, "SELECT count(*) FROM shop.order_log.changes")).containsExactly("4");
      assertThat(mesh.runs().run(ORDER_LOG, "test").ports().get(0).rowsComputed()).isZero();
    }
  }

  @Test
  void anUnreachableDatabaseFailsTheRunAndTheRetryReadsTheSameRows()
      throws IOException, SQLException {
    try (Mesh mesh = Mesh.open(temp.resolve("quanta"))) {
      mesh.lifecycle().deployFiles(TestMeshes.specs(specs, "orders"));
      mesh.runs().run(ORDERS, "test");
      sql("INSERT INTO orders VALUES (3, 'cy', 5.25, '2026-11-02 09:00:00')");
      int port = postgres.getPort();
      postgres.close();

      assertThatThrownBy(() -> mesh.runs().run(ORDERS, "test"))
          .isInstanceOfSatisfying(
              QuantaException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.RUN_FAILED))
          .hasMessageContaining(
              "input 'orders': cannot connect to jdbc:postgresql://localhost:" + port);

      postgres =
          EmbeddedPostgres.builder()
              .setPort(port)
              .setDataDirectory(postgresDataDir())
              .setCleanDataDirectory(false)
              .start();
      RunRecord retry = mesh.runs().run(ORDERS, "test");
      assertThat(retry.ports().get(0).rowsAdded()).isEqualTo(1);
      assertThat(rows(mesh, "SELECT count(*) FROM shop.orders.orders")).containsExactly("3");
    }
  }

  private Path postgresDataDir() {
    return temp.resolve("postgres-data");
  }

  private static List<String> rows(Mesh mesh, String sql) {
    return QueryRows.run(mesh, sql, ReadOptions.LATEST).rows;
  }

  private void sql(String... statements) throws SQLException {
    try (Connection connection = postgres.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    }
  }
}
