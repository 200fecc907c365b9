package io.quanta.spec;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * An input that reads a table or query of an operational database through JDBC. With a cursor
 * column, each run reads only the rows whose cursor is above the highest one the last committed run
 * read (its watermark).
 *
 * @param name the table name inside the SQL
 * @param url the JDBC URL
 * @param table the table to read, when no query is given
 * @param query the SELECT to read, when no table is given
 * @param cursor the column that grows with every change, for incremental reads
 * @param user the database user
 * @param passwordEnv the environment variable holding the password
 * @param schema the columns and types the rows must have; empty to take the database's
 */
public record JdbcInput(
    String name,
    String url,
    Optional<String> table,
    Optional<String> query,
    Optional<String> cursor,
    Optional<String> user,
    Optional<String> passwordEnv,
    List<Column> schema)
    implements Input {
  public JdbcInput {
    requireNonNull(name, "name is null");
    requireNonNull(url, "url is null");
    requireNonNull(table, "table is null");
    requireNonNull(query, "query is null");
    requireNonNull(cursor, "cursor is null");
    requireNonNull(user, "user is null");
    requireNonNull(passwordEnv, "passwordEnv is null");
    schema = List.copyOf(schema);
    if (table.isPresent() == query.isPresent()) {
      throw new IllegalArgumentException("give exactly one of table and query");
    }
  }
}
