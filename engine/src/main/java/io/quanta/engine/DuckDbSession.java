package io.quanta.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * One in-process, in-memory DuckDB database with one connection. Sessions are cheap and never
 * shared: a run or a query opens one, uses it from one thread and closes it.
 *
 * <p>Every session runs in UTC, never downloads or autoloads extensions, and spills only to the
 * configured temp folder.
 */
public final class DuckDbSession implements AutoCloseable {
  /** A function from the current row of a result to a value. */
  @FunctionalInterface
  public interface RowMapper<T> {
    T map(ResultSet row) throws SQLException;
  }

  private final Connection connection;
  private final EngineSettings settings;
  private volatile java.util.function.Consumer<Connection> closer = DuckDbSession::closeNow;

  private DuckDbSession(Connection connection, EngineSettings settings) {
    this.connection = connection;
    this.settings = settings;
  }

  public static DuckDbSession open(EngineSettings settings) {
    try {
      Files.createDirectories(settings.tempDirectory());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create " + settings.tempDirectory(), e);
    }
    try {
      Connection connection = DriverManager.getConnection("jdbc:duckdb:");
      DuckDbSession session = new DuckDbSession(connection, settings);
      session.execute("SET autoinstall_known_extensions = false");
      session.execute("SET autoload_known_extensions = false");
      session.execute("SET TimeZone = 'UTC'");
      session.execute("SET threads = " + settings.threads());
      session.execute("SET memory_limit = " + Sql.literal(settings.memoryLimit()));
      session.execute("SET temp_directory = " + Sql.literal(settings.tempDirectory().toString()));
      session.execute("SET preserve_insertion_order = false");
      return session;
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot start DuckDB: " + e.getMessage(), e);
    }
  }

  /** Runs a statement that returns no rows. */
  public void execute(String sql) {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new SqlFailure(e.getMessage(), e);
    }
  }

  /** Runs a query and maps every row. */
  public <T> List<T> query(String sql, RowMapper<T> mapper) {
    try (Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      List<T> rows = new ArrayList<>();
      while (result.next()) {
        rows.add(mapper.map(result));
      }
      return rows;
    } catch (SQLException e) {
      throw new SqlFailure(e.getMessage(), e);
    }
  }

  /** Runs a query returning one number, e.g. a count. */
  public long queryLong(String sql) {
    return query(sql, row -> row.getLong(1)).get(0);
  }

  /** Runs a query with one string parameter and returns the first column of its first row. */
  public String queryString(String sql, String parameter) {
    try (java.sql.PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, parameter);
      try (ResultSet result = statement.executeQuery()) {
        result.next();
        return result.getString(1);
      }
    } catch (SQLException e) {
      throw new SqlFailure(e.getMessage(), e);
    }
  }

  /**
   * Closes the session to everything but the given files: no other file access (reading, listing,
   * writing), no {@code ATTACH} of files, no extension installs, and no further settings changes.
   * The session's own spill folder stays usable. Irreversible for this session.
   *
   * @param files the only files the session may read or write from now on
   */
  public void lockDown(Collection<String> files) {
    // One round trip: this runs before every query.
    execute(
        "SET allowed_paths = "
            + Sql.list(List.copyOf(new java.util.LinkedHashSet<>(files)))
            + "; SET allowed_directories = []; SET enable_external_access = false;"
            + " SET lock_configuration = true");
  }

  /** The JDBC connection, for streaming results. */
  public Connection connection() {
    return connection;
  }

  public EngineSettings settings() {
    return settings;
  }

  /**
   * Hands the closing of the database to someone else (shutting DuckDB down takes milliseconds that
   * a query should not wait for). The session is unusable once {@link #close} returns either way.
   */
  void closeWith(java.util.function.Consumer<Connection> closer) {
    this.closer = closer;
  }

  @Override
  public void close() {
    closer.accept(connection);
  }

  static void closeNow(Connection connection) {
    try {
      connection.close();
    } catch (SQLException e) {
      throw new SqlFailure(e.getMessage(), e);
    }
  }
}
