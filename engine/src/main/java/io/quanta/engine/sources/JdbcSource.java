package io.quanta.engine.sources;

import io.quanta.engine.DuckDbSession;
import io.quanta.engine.DuckTypes;
import io.quanta.engine.Sql;
import io.quanta.spec.Column;
import io.quanta.spec.JdbcInput;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * The operational-database input port: reads a table or query through JDBC into a table of the
 * run's DuckDB session, named after the input. With a cursor column, a run reads only the rows
 * whose cursor is above the watermark (the highest cursor the last committed run read) and returns
 * the new watermark; the caller stores it only if the run commits, so a failed run is read again in
 * full by the retry.
 */
public final class JdbcSource {
  private static final Pattern TABLE =
      Pattern.compile("[A-Za-z_][A-Za-z0-9_$]*(\\.[A-Za-z_][A-Za-z0-9_$]*){0,2}");
  private static final Pattern SECRET = Pattern.compile("(?i)(password|pwd|secret)=[^&;]*");
  private static final int FETCH_SIZE = 10_000;

  private JdbcSource() {}

  /**
   * The text with the values of password, pwd and secret parameters (as URLs carry them) hidden.
   */
  public static String redacted(String text) {
    return SECRET.matcher(String.valueOf(text)).replaceAll("$1=***");
  }

  /**
   * Asks the driver for a read-only connection: a hint (the input only runs SELECTs) that some
   * drivers refuse once connected (SQLite wants it at connect time), so a refusal is not an error.
   */
  private static void readOnly(Connection connection) {
    try {
      connection.setReadOnly(true);
    } catch (java.sql.SQLException e) {
      // the driver sets it at connect time only; the input reads with SELECTs anyway
    }
  }

  /** One column as the source gives it and as the session stores it. */
  private record SourceColumn(String name, int jdbcType, String duckType) {}

  /**
   * Loads the input's rows into a new table of the session.
   *
   * @param watermark the cursor the last committed run reached, if the input has a cursor
   * @param environment where the password variable is looked up
   * @throws SourceFailure when the database cannot be reached or read, with which and why
   */
  public static Loaded load(
      DuckDbSession session,
      JdbcInput input,
      Optional<String> watermark,
      Function<String, String> environment) {
    try (Connection connection = connect(input, environment)) {
      readOnly(connection);
      // Without autocommit, drivers like PostgreSQL stream rows instead of loading them all.
      connection.setAutoCommit(false);
      List<SourceColumn> columns = describe(connection, input);
      Optional<SourceColumn> cursor = cursorColumn(input, columns);
      String sql = readSql(input, watermark.isPresent() && cursor.isPresent());
      session.execute(
          "CREATE OR REPLACE TEMP TABLE "
              + Sql.identifier(input.name())
              + " ("
              + definition(columns)
              + ")");
      long rows = 0;
      String highest = null;
      try (PreparedStatement statement = connection.prepareStatement(sql)) {
        statement.setFetchSize(FETCH_SIZE);
        if (watermark.isPresent() && cursor.isPresent()) {
          bind(statement, cursor.get(), watermark.get());
        }
        try (ResultSet result = statement.executeQuery();
            DuckDBAppender appender =
                ((DuckDBConnection) session.connection())
                    .createAppender("temp", "main", input.name())) {
          while (result.next()) {
            appender.beginRow();
            for (int i = 0; i < columns.size(); i++) {
              append(appender, result, i + 1, columns.get(i));
            }
            appender.endRow();
            rows++;
            if (cursor.isPresent()) {
              // Rows come in cursor order: the last non-null cursor is the highest.
              String value = cursorText(result, cursor.get());
              if (value != null) {
                highest = value;
              }
            }
          }
        }
      }
      connection.rollback();
      Optional<String> next =
          cursor.isEmpty() ? Optional.empty() : highest != null ? Optional.of(highest) : watermark;
      return new Loaded(rows, next);
    } catch (SQLException e) {
      throw new SourceFailure("input '" + input.name() + "': " + redacted(e.getMessage()), e);
    }
  }

  /**
   * The input's columns as the database describes them, for validating a spec without its schema.
   */
  public static List<Column> columns(JdbcInput input, Function<String, String> environment) {
    try (Connection connection = connect(input, environment)) {
      List<Column> columns = new ArrayList<>();
      for (SourceColumn column : describe(connection, input)) {
        columns.add(
            Column.of(
                column.name(),
                DuckTypes.columnType(column.duckType()).orElse(io.quanta.spec.ColumnType.STRING)));
      }
      return columns;
    } catch (SQLException e) {
      throw new SourceFailure("input '" + input.name() + "': " + redacted(e.getMessage()), e);
    }
  }

  private static Connection connect(JdbcInput input, Function<String, String> environment)
      throws SQLException {
    Properties properties = new Properties();
    input.user().ifPresent(user -> properties.setProperty("user", user));
    if (input.passwordEnv().isPresent()) {
      String password = environment.apply(input.passwordEnv().get());
      if (password == null) {
        throw new SourceFailure(
            "input '"
                + input.name()
                + "': the environment variable "
                + input.passwordEnv().get()
                + " with the database password is not set",
            null);
      }
      properties.setProperty("password", password);
    }
    DriverManager.setLoginTimeout(15);
    try {
      return DriverManager.getConnection(input.url(), properties);
    } catch (SQLException e) {
      throw new SQLException(
          "cannot connect to " + redacted(input.url()) + ": " + e.getMessage(), e);
    }
  }

  private static String baseSql(JdbcInput input) {
    if (input.table().isPresent()) {
      String table = input.table().get();
      if (!TABLE.matcher(table).matches()) {
        throw new SourceFailure(
            "input '" + input.name() + "': '" + table + "' is not a table name (schema.table)",
            null);
      }
      return "SELECT * FROM " + table;
    }
    return input.query().orElseThrow();
  }

  private static String readSql(JdbcInput input, boolean afterWatermark) {
    String base = baseSql(input);
    if (input.cursor().isEmpty()) {
      return base;
    }
    String cursor = "quanta_source." + input.cursor().get();
    return "SELECT * FROM ("
        + base
        + ") quanta_source"
        + (afterWatermark ? " WHERE " + cursor + " > ?" : "")
        + " ORDER BY "
        + cursor;
  }

  private static List<SourceColumn> describe(Connection connection, JdbcInput input)
      throws SQLException {
    List<SourceColumn> found = new ArrayList<>();
    try (PreparedStatement statement =
            connection.prepareStatement(
                "SELECT * FROM (" + baseSql(input) + ") quanta_source WHERE 1 = 0");
        ResultSet result = statement.executeQuery()) {
      ResultSetMetaData metadata = result.getMetaData();
      for (int i = 1; i <= metadata.getColumnCount(); i++) {
        found.add(
            new SourceColumn(
                metadata.getColumnLabel(i).toLowerCase(java.util.Locale.ROOT),
                metadata.getColumnType(i),
                duckType(metadata, i)));
      }
    }
    if (input.schema().isEmpty()) {
      return found;
    }
    // A declared schema picks and types the columns, in its order.
    List<SourceColumn> declared = new ArrayList<>();
    for (Column column : input.schema()) {
      SourceColumn source =
          found.stream()
              .filter(candidate -> candidate.name().equals(column.name()))
              .findFirst()
              .orElseThrow(
                  () ->
                      new SourceFailure(
                          "input '"
                              + input.name()
                              + "': the database returns no column '"
                              + column.name()
                              + "'; it returns "
                              + String.join(", ", found.stream().map(SourceColumn::name).toList()),
                          null));
      declared.add(
          new SourceColumn(column.name(), source.jdbcType(), DuckTypes.sqlType(column.type())));
    }
    return declared;
  }

  private static Optional<SourceColumn> cursorColumn(JdbcInput input, List<SourceColumn> columns) {
    if (input.cursor().isEmpty()) {
      return Optional.empty();
    }
    String name = input.cursor().get().toLowerCase(java.util.Locale.ROOT);
    return Optional.of(
        columns.stream()
            .filter(column -> column.name().equals(name))
            .findFirst()
            .orElseThrow(
                () ->
                    new SourceFailure(
                        "input '"
                            + input.name()
                            + "': the cursor column '"
                            + name
                            + "' is not among the columns read",
                        null)));
  }

  private static String duckType(ResultSetMetaData metadata, int column) throws SQLException {
    switch (metadata.getColumnType(column)) {
      case Types.BOOLEAN:
      case Types.BIT:
        return "BOOLEAN";
      case Types.TINYINT:
      case Types.SMALLINT:
      case Types.INTEGER:
        return "INTEGER";
      case Types.BIGINT:
        return "BIGINT";
      case Types.REAL:
      case Types.FLOAT:
      case Types.DOUBLE:
        return "DOUBLE";
      case Types.NUMERIC:
      case Types.DECIMAL:
        int precision = metadata.getPrecision(column);
        int scale = metadata.getScale(column);
        return precision > 0 && precision <= 38 && scale >= 0 && scale <= precision
            ? "DECIMAL(" + precision + "," + scale + ")"
            : "DOUBLE";
      case Types.DATE:
        return "DATE";
      case Types.TIMESTAMP:
        return "TIMESTAMP";
      case Types.TIMESTAMP_WITH_TIMEZONE:
        return "TIMESTAMPTZ";
      default:
        return "VARCHAR";
    }
  }

  private static String definition(List<SourceColumn> columns) {
    List<String> parts = new ArrayList<>();
    for (SourceColumn column : columns) {
      parts.add(Sql.identifier(column.name()) + " " + column.duckType());
    }
    return String.join(", ", parts);
  }

  private static void append(
      DuckDBAppender appender, ResultSet result, int index, SourceColumn column)
      throws SQLException {
    String type = column.duckType();
    Object value;
    if (type.equals("BOOLEAN")) {
      value = result.getBoolean(index);
    } else if (type.equals("INTEGER")) {
      value = result.getInt(index);
    } else if (type.equals("BIGINT")) {
      value = result.getLong(index);
    } else if (type.equals("DOUBLE")) {
      value = result.getDouble(index);
    } else if (type.startsWith("DECIMAL")) {
      value = result.getBigDecimal(index);
    } else if (type.equals("DATE")) {
      value = result.getObject(index, LocalDate.class);
    } else if (type.equals("TIMESTAMP")) {
      value = result.getObject(index, LocalDateTime.class);
    } else if (type.equals("TIMESTAMPTZ")) {
      value = timestampWithZone(result, index, column);
    } else {
      value = result.getString(index);
    }
    if (value == null || result.wasNull()) {
      appender.appendNull();
    } else if (value instanceof Boolean bool) {
      appender.append(bool.booleanValue());
    } else if (value instanceof Integer number) {
      appender.append(number.intValue());
    } else if (value instanceof Long number) {
      appender.append(number.longValue());
    } else if (value instanceof Double number) {
      appender.append(number.doubleValue());
    } else if (value instanceof BigDecimal decimal) {
      appender.append(decimal);
    } else if (value instanceof LocalDate date) {
      appender.append(date);
    } else if (value instanceof LocalDateTime time) {
      appender.append(time);
    } else if (value instanceof OffsetDateTime time) {
      appender.append(time);
    } else {
      appender.append(value.toString());
    }
  }

  /** A UTC instant from a column with or without a zone (a declared timestamp over a plain one). */
  private static OffsetDateTime timestampWithZone(ResultSet result, int index, SourceColumn column)
      throws SQLException {
    if (column.jdbcType() == Types.TIMESTAMP_WITH_TIMEZONE) {
      return result.getObject(index, OffsetDateTime.class);
    }
    if (column.jdbcType() == Types.TIMESTAMP || column.jdbcType() == Types.DATE) {
      LocalDateTime local = result.getObject(index, LocalDateTime.class);
      return local == null ? null : local.atOffset(java.time.ZoneOffset.UTC);
    }
    String text = result.getString(index);
    return text == null ? null : OffsetDateTime.parse(text);
  }

  private static void bind(PreparedStatement statement, SourceColumn cursor, String watermark)
      throws SQLException {
    switch (cursor.jdbcType()) {
      case Types.TINYINT:
      case Types.SMALLINT:
      case Types.INTEGER:
      case Types.BIGINT:
        statement.setLong(1, Long.parseLong(watermark));
        break;
      case Types.NUMERIC:
      case Types.DECIMAL:
      case Types.REAL:
      case Types.FLOAT:
      case Types.DOUBLE:
        statement.setBigDecimal(1, new BigDecimal(watermark));
        break;
      case Types.DATE:
        statement.setObject(1, LocalDate.parse(watermark));
        break;
      case Types.TIMESTAMP:
        statement.setObject(1, LocalDateTime.parse(watermark));
        break;
      case Types.TIMESTAMP_WITH_TIMEZONE:
        statement.setObject(1, OffsetDateTime.parse(watermark));
        break;
      default:
        statement.setString(1, watermark);
    }
  }

  /** The cursor's value as the text its next bind parses, without time zone surprises. */
  private static String cursorText(ResultSet result, SourceColumn cursor) throws SQLException {
    int index = result.findColumn(cursor.name());
    Object value;
    switch (cursor.jdbcType()) {
      case Types.TINYINT:
      case Types.SMALLINT:
      case Types.INTEGER:
      case Types.BIGINT:
      case Types.NUMERIC:
      case Types.DECIMAL:
      case Types.REAL:
      case Types.FLOAT:
      case Types.DOUBLE:
        BigDecimal number = result.getBigDecimal(index);
        return number == null ? null : number.toPlainString();
      case Types.DATE:
        value = result.getObject(index, LocalDate.class);
        break;
      case Types.TIMESTAMP:
        value = result.getObject(index, LocalDateTime.class);
        break;
      case Types.TIMESTAMP_WITH_TIMEZONE:
        value = result.getObject(index, OffsetDateTime.class);
        break;
      default:
        value = result.getString(index);
    }
    return value == null ? null : value.toString();
  }
}
