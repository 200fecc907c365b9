package io.quanta.spec;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * An output port: the SQL that computes its rows and the schema it promises.
 *
 * @param name the port's name
 * @param description what the port holds
 * @param sql a SELECT over the product's inputs
 * @param eventTime the date or timestamp column saying when each fact happened
 * @param key the columns identifying a fact; empty for an event log whose rows are never corrected
 * @param schema the columns, in order
 * @param access the modes the port is served in (every mode unless the spec names some)
 * @param slo the port's own service level objectives, overriding the product's
 * @param quality the quality expectations every run checks before committing
 */
public record Output(
    String name,
    String description,
    String sql,
    Optional<String> eventTime,
    List<String> key,
    List<Column> schema,
    Set<AccessMode> access,
    Slo slo,
    List<Expectation> quality) {
  public Output {
    requireNonNull(name, "name is null");
    requireNonNull(description, "description is null");
    requireNonNull(sql, "sql is null");
    requireNonNull(eventTime, "eventTime is null");
    key = List.copyOf(key);
    schema = List.copyOf(schema);
    access = Set.copyOf(access);
    requireNonNull(slo, "slo is null");
    quality = List.copyOf(quality);
  }

  /** A port that declares no objectives or expectations of its own. */
  public Output(
      String name,
      String description,
      String sql,
      Optional<String> eventTime,
      List<String> key,
      List<Column> schema,
      Set<AccessMode> access) {
    this(name, description, sql, eventTime, key, schema, access, Slo.NONE, List.of());
  }

  /** Whether the port is an event log: no key, rows are facts that are never corrected. */
  public boolean isEventLog() {
    return key.isEmpty();
  }

  /** Whether consumers may read the port in that mode. */
  public boolean serves(AccessMode mode) {
    return access.contains(mode);
  }

  /** The modes the port is served in, in their order of declaration in {@link AccessMode}. */
  public String accessDescription() {
    return String.join(", ", access.stream().sorted().map(AccessMode::specName).toList());
  }

  /** The column of that name, if the schema has one. */
  public Optional<Column> column(String columnName) {
    return schema.stream().filter(column -> column.name().equals(columnName)).findFirst();
  }
}
