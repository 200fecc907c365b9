package io.quanta.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a query's whole result through JDBC, every value of every row, as a client would, with the
 * typed getter of each column's type ({@code getLong}, {@code getInt}, {@code getString}, {@code
 * getTimestamp}; {@code getObject} for other types). Typed getters rather than {@code getObject}
 * throughout: the Flight SQL JDBC driver 18.3.0 throws "not implemented" from {@code
 * getObject(int)} on {@code TIMESTAMP WITH TIME ZONE} columns (apache/arrow-java#839).
 */
final class JdbcScan {
  private JdbcScan() {}

  /**
   * What a scan read.
   *
   * @param rows rows read
   * @param getters the getter used for each column, e.g. {@code [LONG, STRING, TIMESTAMP]}
   */
  record Result(long rows, List<String> getters) {
    int columns() {
      return getters.size();
    }
  }

  private enum Getter {
    LONG,
    INT,
    STRING,
    TIMESTAMP,
    OBJECT
  }

  /** Runs the query on a statement of its own and reads every value. */
  static Result consume(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      Getter[] getters = getters(result.getMetaData());
      long rows = 0;
      while (result.next()) {
        for (int i = 0; i < getters.length; i++) {
          int column = i + 1;
          switch (getters[i]) {
            case LONG -> result.getLong(column);
            case INT -> result.getInt(column);
            case STRING -> result.getString(column);
            case TIMESTAMP -> result.getTimestamp(column);
            case OBJECT -> result.getObject(column);
          }
        }
        rows++;
      }
      List<String> names = new ArrayList<>();
      for (Getter getter : getters) {
        names.add(getter.name());
      }
      return new Result(rows, names);
    }
  }

  private static Getter[] getters(ResultSetMetaData metadata) throws SQLException {
    Getter[] getters = new Getter[metadata.getColumnCount()];
    for (int i = 0; i < getters.length; i++) {
      getters[i] =
          switch (metadata.getColumnType(i + 1)) {
            case Types.BIGINT -> Getter.LONG;
            case Types.INTEGER, Types.SMALLINT, Types.TINYINT -> Getter.INT;
            case Types.VARCHAR, Types.CHAR, Types.LONGVARCHAR -> Getter.STRING;
            case Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE -> Getter.TIMESTAMP;
            default -> Getter.OBJECT;
          };
    }
    return getters;
  }
}
