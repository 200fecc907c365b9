package io.quanta.flight;

import io.quanta.engine.ResultColumn;
import io.quanta.governance.Principal;
import io.quanta.governance.Reader;
import io.quanta.platform.Mesh;
import io.quanta.ports.sql.ReadOptions;
import io.quanta.ports.sql.ResultSink;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.StringJoiner;

/** Query results as "a|b|c" strings, for readable assertions. */
final class Rows {
  private Rows() {}

  /** The rows of a query over a new JDBC connection (the official Flight SQL driver). */
  static List<String> jdbc(String url, String sql) throws SQLException {
    return jdbc(url, new Properties(), sql);
  }

  static List<String> jdbc(String url, Properties properties, String sql) throws SQLException {
    try (Connection connection = DriverManager.getConnection(url, properties)) {
      return jdbc(connection, sql);
    }
  }

  static List<String> jdbc(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      return of(result);
    }
  }

  static List<String> of(ResultSet result) throws SQLException {
    List<String> rows = new ArrayList<>();
    int columns = result.getMetaData().getColumnCount();
    while (result.next()) {
      StringJoiner row = new StringJoiner("|");
      for (int i = 1; i <= columns; i++) {
        row.add(String.valueOf(result.getObject(i)));
      }
      rows.add(row.toString());
    }
    return rows;
  }

  /**
   * The rows of the same query through the mesh's SQL port, as {@code quanta query} runs it for the
   * user of {@link TestMeshes#token}.
   */
  static List<String> sqlPort(Mesh mesh, String sql) {
    List<String> rows = new ArrayList<>();
    mesh.queries()
        .query(
            Reader.of(Principal.user(TestMeshes.USER)),
            sql,
            ReadOptions.LATEST,
            new ResultSink() {
              @Override
              public void columns(List<ResultColumn> columns) {}

              @Override
              public boolean row(List<Object> values) {
                StringJoiner row = new StringJoiner("|");
                values.forEach(value -> row.add(String.valueOf(value)));
                rows.add(row.toString());
                return true;
              }
            });
    return rows;
  }
}
