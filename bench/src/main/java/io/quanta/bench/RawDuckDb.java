package io.quanta.bench;

import io.quanta.engine.EngineSettings;
import io.quanta.engine.Sql;
import java.io.IOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The baseline: a plain DuckDB JDBC connection ({@code jdbc:duckdb:}), with none of Quanta's code
 * between the SQL and the engine. It runs with the settings that decide speed in Quanta's own
 * sessions (threads, memory limit, spill folder, insertion order not preserved) and in UTC, so that
 * a ratio measures what Quanta adds, not a difference of configuration.
 */
public final class RawDuckDb implements AutoCloseable {
  private final Connection connection;

  private RawDuckDb(Connection connection) {
    this.connection = connection;
  }

  /** Opens an in-memory database sized like Quanta's sessions. */
  public static RawDuckDb open(EngineSettings settings) throws SQLException, IOException {
    Files.createDirectories(settings.tempDirectory());
    Connection connection = DriverManager.getConnection("jdbc:duckdb:");
    RawDuckDb raw = new RawDuckDb(connection);
    try {
      raw.execute("SET autoinstall_known_extensions = false");
      raw.execute("SET autoload_known_extensions = false");
      raw.execute("SET TimeZone = 'UTC'");
      raw.execute("SET threads = " + settings.threads());
      raw.execute("SET memory_limit = " + Sql.literal(settings.memoryLimit()));
      raw.execute("SET temp_directory = " + Sql.literal(settings.tempDirectory().toString()));
      raw.execute("SET preserve_insertion_order = false");
      return raw;
    } catch (SQLException e) {
      connection.close();
      throw e;
    }
  }

  /** Runs a statement, each on a statement of its own (a DuckDB statement that threw is closed). */
  public void execute(String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  /** The first column of the first row, e.g. a count. */
  public long queryLong(String sql) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      if (!result.next()) {
        throw new SQLException("no row from " + sql);
      }
      return result.getLong(1);
    }
  }

  /** The first column of the first row as text. */
  public String queryString(String sql) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      if (!result.next()) {
        throw new SQLException("no row from " + sql);
      }
      return result.getString(1);
    }
  }

  /**
   * Runs a query and reads every value of every row, as a client would.
   *
   * @return the rows read
   */
  public long consume(String sql) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      int columns = result.getMetaData().getColumnCount();
      long rows = 0;
      while (result.next()) {
        for (int i = 1; i <= columns; i++) {
          result.getObject(i);
        }
        rows++;
      }
      return rows;
    }
  }

  /** The open connection, for measures that read through JDBC themselves. */
  Connection connection() {
    return connection;
  }

  /**
   * Runs a statement that reports a count, e.g. the rows a {@code COPY} wrote.
   *
   * @return the statement's update count
   */
  public long executeUpdate(String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
      return statement.getUpdateCount();
    }
  }

  @Override
  public void close() throws SQLException {
    connection.close();
  }
}
