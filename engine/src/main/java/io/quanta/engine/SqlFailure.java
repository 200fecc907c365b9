package io.quanta.engine;

/**
 * A statement DuckDB refused or failed: a syntax, binder, conversion or I/O error. The message is
 * DuckDB's, which names the failing construct and, for parse errors, its line.
 */
public final class SqlFailure extends RuntimeException {
  public SqlFailure(String message, Throwable cause) {
    super(message, cause);
  }
}
