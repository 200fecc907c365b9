package io.quanta.engine;

/**
 * A statement DuckDB refused or failed: a syntax, binder, conversion or I/O error. The message is
 * DuckDB's, which names the failing construct and, for parse errors, its line.
 */
public final class SqlFailure extends RuntimeException {
  public SqlFailure(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * The first paragraph of a DuckDB message on one line: DuckDB appends the query and a caret line
   * after a blank line, which messages to users leave out.
   */
  public static String summary(String message) {
    if (message == null) {
      return "failed";
    }
    int cut = message.indexOf("\n\n");
    return (cut >= 0 ? message.substring(0, cut) : message).replace('\n', ' ').strip();
  }
}
