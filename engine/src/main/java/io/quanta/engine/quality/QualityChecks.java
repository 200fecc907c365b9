package io.quanta.engine.quality;

import io.quanta.engine.DuckDbSession;
import io.quanta.engine.DuckTypes;
import io.quanta.engine.Sql;
import io.quanta.engine.SqlFailure;
import io.quanta.engine.SqlRejected;
import io.quanta.spec.Column;
import io.quanta.spec.ColumnLink;
import io.quanta.spec.Expectation;
import io.quanta.spec.Expectation.Metric;
import io.quanta.spec.Output;
import io.quanta.spec.PortId;
import io.quanta.spec.SystemColumns;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Evaluates an output port's quality expectations on the rows a run computed, before anything is
 * committed, and writes the SELECT that returns the rows breaking one of them (for quarantine).
 *
 * <p>The rows are an opaque SQL relation in the run's session (a temp table or a {@code
 * read_parquet(...)} expression) with the port's schema columns and {@link
 * SystemColumns#EVENT_TIME}. What each metric counts:
 *
 * <ul>
 *   <li>{@code nullValues}: rows with no value in the column.
 *   <li>{@code invalidValues}: rows whose value (not null: nulls are {@code nullValues}' business)
 *       breaks any given argument: not one of {@code validValues} (compared as text), not matching
 *       {@code pattern} entirely, below {@code minimum} or above {@code maximum}. For a date or
 *       timestamp column, {@code minimum} and {@code maximum} are seconds since 1970-01-01T00:00Z.
 *   <li>{@code duplicateValues}: every row of a group of two or more rows with equal values in the
 *       columns; as in a SQL UNIQUE constraint, a row with no value in one of them is no duplicate.
 *   <li>{@code referentialIntegrity}: rows whose value (not null) has no equal value in the linked
 *       column of the input reading the column's {@code links} port.
 *   <li>{@code sql}: the rows the query returns; it reads the port's rows as table {@code port} and
 *       nothing else.
 *   <li>{@code rowCount}: the port's rows; the threshold applies to the count itself.
 * </ul>
 *
 * <p>Thread safe (no state); a session is used by one thread at a time.
 */
public final class QualityChecks {
  /** The table name a sql expectation reads the port's rows from. */
  public static final String PORT_TABLE = "port";

  private static final String PORT_ALIAS = "__quanta_port";
  private static final String LINKED_ALIAS = "__quanta_linked";

  private QualityChecks() {}

  /**
   * Evaluates every expectation of the output on its rows. {@code nullValues}, {@code
   * invalidValues} and {@code rowCount} are counted together in one scan of the relation; each
   * {@code duplicateValues}, {@code referentialIntegrity} and {@code sql} expectation runs its own
   * query.
   *
   * @param session the run's session, holding the relation and the product's input views
   * @param output the port whose expectations are checked
   * @param relation the port's computed rows, as SQL that can follow {@code FROM}
   * @param linkedInputs the input view (by name) reading each upstream port, for {@code
   *     referentialIntegrity}
   * @return one result per expectation, in the order the output declares them
   * @throws SqlRejected if a sql expectation's query is not a SELECT over table {@code port} alone
   * @throws SqlFailure if a query fails (an invalid regular expression, a type mismatch...); the
   *     message names the expectation
   * @throws IllegalArgumentException if an expectation does not fit the output (a missing column,
   *     no input view for a linked port)
   */
  public static List<ExpectationResult> evaluate(
      DuckDbSession session, Output output, String relation, Map<PortId, String> linkedInputs) {
    for (Expectation expectation : output.quality()) {
      if (expectation.metric() == Metric.SQL) {
        checkQuery(session, expectation);
      }
    }
    List<Expectation> scanned =
        output.quality().stream()
            .filter(
                expectation ->
                    expectation.metric() == Metric.NULL_VALUES
                        || expectation.metric() == Metric.INVALID_VALUES)
            .toList();
    Scan scan = scan(session, output, relation, scanned);
    long rows = scan.rows();
    List<ExpectationResult> results = new ArrayList<>();
    for (Expectation expectation : output.quality()) {
      long failingRows =
          switch (expectation.metric()) {
            case NULL_VALUES, INVALID_VALUES -> scan.failing().get(expectation);
            case ROW_COUNT -> rows;
            case DUPLICATE_VALUES, REFERENTIAL_INTEGRITY, SQL ->
                count(
                    session,
                    expectation,
                    failingCount(expectation, output, relation, linkedInputs));
          };
      results.add(result(expectation, output, rows, failingRows));
    }
    return results;
  }

  /**
   * A SELECT returning the rows that break the expectation: the port's schema columns in order,
   * then {@link SystemColumns#EVENT_TIME}, as in the relation. For {@code duplicateValues}, every
   * row of a duplicated group. For {@code sql}, the rows the query returns, with the port's columns
   * they carry (the others null), so a query should {@code SELECT * FROM port WHERE ...}; the query
   * must have passed {@link #checkQuery}.
   *
   * @return empty for {@code rowCount}, which counts rows but finds none at fault
   * @throws IllegalArgumentException if the expectation does not fit the output
   */
  public static Optional<String> failingRows(
      Expectation expectation, Output output, String relation, Map<PortId, String> linkedInputs) {
    if (expectation.metric() == Metric.ROW_COUNT) {
      return Optional.empty();
    }
    String columns = portColumns(output);
    return Optional.of(
        switch (expectation.metric()) {
          case NULL_VALUES, INVALID_VALUES ->
              "SELECT "
                  + columns
                  + " FROM "
                  + relation
                  + " WHERE "
                  + condition(expectation, output);
          case DUPLICATE_VALUES ->
              "SELECT "
                  + columns
                  + " FROM "
                  + relation
                  + " WHERE "
                  + allPresent(unique(expectation, output))
                  + " QUALIFY count(*) OVER (PARTITION BY "
                  + Sql.identifiers(unique(expectation, output))
                  + ") > 1";
          case REFERENTIAL_INTEGRITY ->
              orphans(expectation, output, relation, linkedInputs, columns);
          case SQL -> sqlRows(expectation, output, relation);
          case ROW_COUNT -> throw new IllegalStateException("handled above");
        });
  }

  /**
   * Checks that a sql expectation's query is one SELECT reading table {@code port} and nothing
   * else: no other table or input, no file, no table function, no setting or catalog function.
   *
   * @throws SqlRejected naming the expectation and what it reads
   * @throws IllegalArgumentException if the expectation has no query
   */
  public static void checkQuery(DuckDbSession session, Expectation expectation) {
    QueryScope.requireOnly(
        session,
        query(expectation),
        "expectation '" + expectation.name() + "'",
        Set.of(PORT_TABLE),
        "the port's rows");
  }

  /** The relation's rows, and the failing rows of each expectation counted in the shared scan. */
  private record Scan(long rows, Map<Expectation, Long> failing) {}

  /**
   * Counts the relation's rows and the failing rows of every scanned expectation in one SELECT.
   * When it fails, each expectation is counted alone so that the failure names the expectation.
   */
  private static Scan scan(
      DuckDbSession session, Output output, String relation, List<Expectation> scanned) {
    List<String> aggregates = new ArrayList<>();
    aggregates.add("count(*)");
    for (Expectation expectation : scanned) {
      aggregates.add("count(*) FILTER (WHERE " + condition(expectation, output) + ")");
    }
    List<Long> counts;
    try {
      counts =
          session
              .query(
                  "SELECT " + String.join(", ", aggregates) + " FROM " + relation,
                  row -> {
                    List<Long> values = new ArrayList<>();
                    for (int i = 1; i <= aggregates.size(); i++) {
                      values.add(row.getLong(i));
                    }
                    return values;
                  })
              .get(0);
    } catch (SqlFailure failure) {
      for (Expectation expectation : scanned) {
        count(
            session,
            expectation,
            "SELECT count(*) FILTER (WHERE "
                + condition(expectation, output)
                + ") FROM "
                + relation);
      }
      throw new SqlFailure(
          "quality checks of output '"
              + output.name()
              + "' failed: "
              + SqlFailure.summary(failure.getMessage()),
          failure);
    }
    Map<Expectation, Long> failing = new LinkedHashMap<>();
    for (int i = 0; i < scanned.size(); i++) {
      failing.put(scanned.get(i), counts.get(i + 1));
    }
    return new Scan(counts.get(0), failing);
  }

  private static long count(DuckDbSession session, Expectation expectation, String sql) {
    try {
      return session.queryLong(sql);
    } catch (SqlFailure failure) {
      throw new SqlFailure(
          "expectation '"
              + expectation.name()
              + "' failed: "
              + SqlFailure.summary(failure.getMessage()),
          failure);
    }
  }

  /** A SELECT returning the number of failing rows of a metric that needs its own query. */
  private static String failingCount(
      Expectation expectation, Output output, String relation, Map<PortId, String> linkedInputs) {
    return switch (expectation.metric()) {
      case DUPLICATE_VALUES -> {
        List<String> unique = unique(expectation, output);
        // Grouping is cheaper than the window the failing rows need: only the count is wanted.
        yield "SELECT CAST(coalesce(sum(__quanta_copies), 0) AS BIGINT) FROM (SELECT count(*) AS"
            + " __quanta_copies FROM "
            + relation
            + " WHERE "
            + allPresent(unique)
            + " GROUP BY "
            + Sql.identifiers(unique)
            + " HAVING count(*) > 1)";
      }
      case REFERENTIAL_INTEGRITY ->
          orphans(expectation, output, relation, linkedInputs, "count(*)");
      case SQL ->
          "WITH "
              + PORT_TABLE
              + " AS (SELECT * FROM "
              + relation
              + ") SELECT count(*) FROM ("
              + query(expectation)
              + ") AS __quanta_failing";
      default ->
          throw new IllegalArgumentException(
              expectation.metric().specName() + " is counted in the scan: " + expectation);
    };
  }

  /** The WHERE condition selecting a failing row of a nullValues or invalidValues expectation. */
  private static String condition(Expectation expectation, Output output) {
    Column column = column(expectation, output);
    String name = Sql.identifier(column.name());
    if (expectation.metric() == Metric.NULL_VALUES) {
      return name + " IS NULL";
    }
    List<String> breaks = new ArrayList<>();
    if (!expectation.validValues().isEmpty()) {
      // A null among the valid values accepts nulls, which are never invalid anyway; left in an
      // IN list it would make NOT IN unknown for every row.
      List<String> accepted =
          expectation.validValues().stream().filter(Objects::nonNull).map(Sql::literal).toList();
      breaks.add(
          accepted.isEmpty()
              ? "true"
              : "CAST(" + name + " AS VARCHAR) NOT IN (" + String.join(", ", accepted) + ")");
    }
    expectation
        .pattern()
        .ifPresent(
            pattern ->
                breaks.add(
                    "NOT regexp_full_match(CAST("
                        + name
                        + " AS VARCHAR), "
                        + Sql.literal(pattern)
                        + ")"));
    String number = column.type().isTemporal() ? "epoch(" + name + ")" : name;
    expectation.minimum().ifPresent(minimum -> breaks.add(number + " < " + doubleLiteral(minimum)));
    expectation.maximum().ifPresent(maximum -> breaks.add(number + " > " + doubleLiteral(maximum)));
    if (breaks.isEmpty()) {
      throw new IllegalArgumentException(
          "expectation '"
              + expectation.name()
              + "': invalidValues needs validValues, pattern, minimum or maximum");
    }
    return name + " IS NOT NULL AND (" + String.join(" OR ", breaks) + ")";
  }

  /** The columns a duplicateValues expectation wants unique together: its own, or the key. */
  private static List<String> unique(Expectation expectation, Output output) {
    List<String> unique = expectation.columns().isEmpty() ? output.key() : expectation.columns();
    if (unique.isEmpty()) {
      throw new IllegalArgumentException(
          "expectation '"
              + expectation.name()
              + "': duplicateValues needs columns, and output '"
              + output.name()
              + "' has no key");
    }
    for (String name : unique) {
      requireColumn(expectation, output, name);
    }
    return unique;
  }

  private static String allPresent(List<String> columns) {
    return columns.stream()
        .map(name -> Sql.identifier(name) + " IS NOT NULL")
        .collect(Collectors.joining(" AND "));
  }

  private static String orphans(
      Expectation expectation,
      Output output,
      String relation,
      Map<PortId, String> linkedInputs,
      String columns) {
    Column column = column(expectation, output);
    ColumnLink link =
        column
            .links()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "expectation '"
                            + expectation.name()
                            + "': column '"
                            + column.name()
                            + "' declares no links"));
    String view = linkedInputs.get(link.port());
    if (view == null) {
      throw new IllegalArgumentException(
          "expectation '"
              + expectation.name()
              + "': no input view reads the linked port "
              + link.port()
              + "; input views are given for "
              + linkedInputs.keySet());
    }
    String value = PORT_ALIAS + "." + Sql.identifier(column.name());
    return "SELECT "
        + columns
        + " FROM "
        + relation
        + " AS "
        + PORT_ALIAS
        + " WHERE "
        + value
        + " IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "
        + Sql.identifier(view)
        + " AS "
        + LINKED_ALIAS
        + " WHERE "
        + LINKED_ALIAS
        + "."
        + Sql.identifier(link.column())
        + " = "
        + value
        + ")";
  }

  /**
   * The query's rows over the port's rows. For quarantine, the rows are aligned by name on the
   * port's columns (UNION BY NAME fills the ones the query leaves out with null) and cast back to
   * the declared types, so that the quarantine table has the port's shape whatever the query
   * selects.
   */
  private static String sqlRows(Expectation expectation, Output output, String relation) {
    List<String> select = new ArrayList<>();
    for (Column column : output.schema()) {
      select.add(
          "CAST("
              + Sql.identifier(column.name())
              + " AS "
              + DuckTypes.sqlType(column.type())
              + ") AS "
              + Sql.identifier(column.name()));
    }
    String eventTime = Sql.identifier(SystemColumns.EVENT_TIME);
    select.add("CAST(" + eventTime + " AS TIMESTAMPTZ) AS " + eventTime);
    return "WITH "
        + PORT_TABLE
        + " AS (SELECT * FROM "
        + relation
        + ") SELECT "
        + String.join(", ", select)
        + " FROM (SELECT * FROM "
        + PORT_TABLE
        + " WHERE false UNION ALL BY NAME SELECT * FROM ("
        + query(expectation)
        + ")) AS __quanta_failing";
  }

  private static ExpectationResult result(
      Expectation expectation, Output output, long rows, long failingRows) {
    double observed;
    if (expectation.metric() == Metric.ROW_COUNT) {
      observed = rows;
    } else if (expectation.unit() == Expectation.Unit.PERCENT) {
      observed = rows == 0 ? 0 : 100.0 * failingRows / rows;
    } else {
      observed = failingRows;
    }
    boolean passed = expectation.threshold().test(observed);
    return new ExpectationResult(
        expectation,
        rows,
        failingRows,
        observed,
        passed,
        message(expectation, output, rows, failingRows, observed));
  }

  private static String message(
      Expectation expectation, Output output, long rows, long failing, double observed) {
    String threshold =
        expectation.threshold().describe()
            + (expectation.unit() == Expectation.Unit.PERCENT
                    && expectation.metric() != Metric.ROW_COUNT
                ? " percent"
                : "");
    if (expectation.metric() == Metric.ROW_COUNT) {
      return expectation.name() + ": " + Counts.rows(rows) + " (" + threshold + ")";
    }
    String share =
        expectation.unit() == Expectation.Unit.PERCENT
            ? " (" + Counts.decimal(observed) + "%)"
            : "";
    String has = Counts.has(failing);
    String finding =
        switch (expectation.metric()) {
          case NULL_VALUES -> has + " no value";
          case INVALID_VALUES -> has + " an invalid value (valid: " + validity(expectation) + ")";
          case DUPLICATE_VALUES -> {
            List<String> unique = unique(expectation, output);
            yield (failing == 1 ? "shares its " : "share their ")
                + (unique.size() == 1 ? unique.get(0) : "(" + String.join(", ", unique) + ")")
                + " with another row";
          }
          case REFERENTIAL_INTEGRITY ->
              has + " a value missing from " + column(expectation, output).links().orElseThrow();
          case SQL -> (failing == 1 ? "fails" : "fail") + " the query";
          case ROW_COUNT -> throw new IllegalStateException("handled above");
        };
    return expectation.name()
        + ": "
        + Counts.number(failing)
        + " of "
        + Counts.rows(rows)
        + share
        + " "
        + finding
        + " ("
        + threshold
        + ")";
  }

  private static String validity(Expectation expectation) {
    List<String> rules = new ArrayList<>();
    if (!expectation.validValues().isEmpty()) {
      rules.add(
          "one of ["
              + expectation.validValues().stream()
                  .map(value -> value == null ? "null" : value)
                  .collect(Collectors.joining(", "))
              + "]");
    }
    expectation.pattern().ifPresent(pattern -> rules.add("matching '" + pattern + "'"));
    expectation.minimum().ifPresent(minimum -> rules.add("at least " + number(minimum)));
    expectation.maximum().ifPresent(maximum -> rules.add("at most " + number(maximum)));
    return String.join(", ", rules);
  }

  private static String number(double value) {
    return value == Math.rint(value) && Math.abs(value) < 1e15
        ? Long.toString((long) value)
        : Double.toString(value);
  }

  private static String doubleLiteral(double value) {
    return "CAST(" + Sql.literal(Double.toString(value)) + " AS DOUBLE)";
  }

  private static String portColumns(Output output) {
    List<String> names = new ArrayList<>();
    output.schema().forEach(column -> names.add(column.name()));
    names.add(SystemColumns.EVENT_TIME);
    return Sql.identifiers(names);
  }

  private static Column column(Expectation expectation, Output output) {
    String name =
        expectation
            .column()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "expectation '"
                            + expectation.name()
                            + "': "
                            + expectation.metric().specName()
                            + " needs a column"));
    return requireColumn(expectation, output, name);
  }

  private static Column requireColumn(Expectation expectation, Output output, String name) {
    return output
        .column(name)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "expectation '"
                        + expectation.name()
                        + "': column '"
                        + name
                        + "' is not in the schema of output '"
                        + output.name()
                        + "'"));
  }

  private static String query(Expectation expectation) {
    return expectation
        .query()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "expectation '" + expectation.name() + "': a sql expectation needs a query"));
  }
}
