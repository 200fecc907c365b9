package io.quanta.engine;

import java.util.OptionalInt;

/**
 * A SQL text the guard does not let through: either it does not parse, or it tries something
 * outside what a query over ports may do (another statement than SELECT, a file, a setting, a
 * catalog function).
 */
public final class SqlRejected extends RuntimeException {
  private final boolean syntaxError;
  private final OptionalInt position;

  public SqlRejected(String message, boolean syntaxError, OptionalInt position) {
    super(message);
    this.syntaxError = syntaxError;
    this.position = position;
  }

  /** True when the text does not parse; false when it parses but is not allowed. */
  public boolean syntaxError() {
    return syntaxError;
  }

  /** The 0-based character offset in the SQL text where the problem is, when known. */
  public OptionalInt position() {
    return position;
  }
}
