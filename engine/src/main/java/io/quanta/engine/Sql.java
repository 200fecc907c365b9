package io.quanta.engine;

import java.util.Collection;
import java.util.stream.Collectors;

/** Quoting for SQL text Quanta generates. Values never reach SQL without going through here. */
public final class Sql {
  private Sql() {}

  /** A double-quoted identifier. */
  public static String identifier(String name) {
    return '"' + name.replace("\"", "\"\"") + '"';
  }

  /** A single-quoted string literal. */
  public static String literal(String value) {
    return '\'' + value.replace("'", "''") + '\'';
  }

  /** A DuckDB list literal of strings: {@code ['a', 'b']}. */
  public static String list(Collection<String> values) {
    return values.stream().map(Sql::literal).collect(Collectors.joining(", ", "[", "]"));
  }

  /** A comma-separated list of quoted identifiers. */
  public static String identifiers(Collection<String> names) {
    return names.stream().map(Sql::identifier).collect(Collectors.joining(", "));
  }
}
