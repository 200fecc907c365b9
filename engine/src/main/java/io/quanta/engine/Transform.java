package io.quanta.engine;

import io.quanta.spec.Column;
import io.quanta.spec.ColumnType;
import io.quanta.spec.Output;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compiles an output's SQL against its inputs: the SQL may read only the product's inputs, must
 * bind, and must return the declared columns with fitting types.
 */
public final class Transform {
  private static final Pattern LINE = Pattern.compile("LINE (\\d+):");

  private Transform() {}

  /** A problem in an output, relative to the output's path ({@code sql}, {@code schema[2]}...). */
  public record Problem(String field, OptionalInt sqlLine, String message) {}

  /**
   * Describes the SQL's result over the input views already created in the session.
   *
   * @param inputNames the inputs the SQL may read
   * @throws SqlRejected if the SQL is not a SELECT over the inputs
   * @throws SqlFailure if it does not bind (unknown column, wrong function, type error)
   */
  public static List<ResultColumn> describe(
      DuckDbSession session, String sql, Set<String> inputNames) {
    SqlGuard.Analysis analysis = SqlGuard.analyze(session, sql);
    for (SqlGuard.TableReference table : analysis.tables()) {
      boolean known =
          table.parts().size() == 1
              && inputNames.contains(table.parts().get(0).toLowerCase(Locale.ROOT));
      if (!known) {
        throw new SqlRejected(
            "table '"
                + table.name()
                + "' is not an input of this product; the SQL can read its inputs: "
                + String.join(", ", new TreeSet<>(inputNames)),
            false,
            table.position());
      }
    }
    return session.query(
        "DESCRIBE " + sql,
        row -> new ResultColumn(row.getString("column_name"), row.getString("column_type")));
  }

  /**
   * Compares the SQL's result columns with the declared schema: same names, and types that fit.
   * Every mismatch is reported, with a schema the SQL would satisfy when columns are missing.
   */
  public static List<Problem> checkSchema(Output output, List<ResultColumn> result) {
    List<Problem> problems = new ArrayList<>();
    Map<String, ResultColumn> byName = new LinkedHashMap<>();
    for (ResultColumn column : result) {
      if (byName.putIfAbsent(column.name(), column) != null) {
        problems.add(
            new Problem(
                "sql",
                OptionalInt.empty(),
                "the SQL returns two columns named '"
                    + column.name()
                    + "'; give them distinct aliases"));
      }
    }
    for (int i = 0; i < output.schema().size(); i++) {
      Column declared = output.schema().get(i);
      ResultColumn actual = byName.remove(declared.name());
      if (actual == null) {
        problems.add(
            new Problem(
                "schema[" + i + "].name",
                OptionalInt.empty(),
                "the SQL returns no column '"
                    + declared.name()
                    + "'; it returns "
                    + describeColumns(result)));
      } else if (!DuckTypes.fits(actual.duckType(), declared.type())) {
        problems.add(
            new Problem(
                "schema[" + i + "].type",
                OptionalInt.empty(),
                "column '"
                    + declared.name()
                    + "' is declared "
                    + declared.type()
                    + " but the SQL returns "
                    + actual.duckType()
                    + suggestion(actual)));
      }
    }
    for (ResultColumn extra : byName.values()) {
      problems.add(
          new Problem(
              "schema",
              OptionalInt.empty(),
              "the SQL returns column '"
                  + extra.name()
                  + "' ("
                  + extra.duckType()
                  + ") that the schema does not declare; add "
                  + schemaEntry(extra)
                  + " or drop it from the SELECT"));
    }
    return problems;
  }

  /** A problem from a failure to parse, guard or bind an output's SQL. */
  public static Problem sqlProblem(RuntimeException failure) {
    OptionalInt line = OptionalInt.empty();
    String message = failure.getMessage();
    Matcher matcher = LINE.matcher(message == null ? "" : message);
    if (matcher.find()) {
      line = OptionalInt.of(Integer.parseInt(matcher.group(1)));
    }
    return new Problem("sql", line, firstLine(message));
  }

  /** The 1-based line of a character offset in a text. */
  public static int lineOf(String text, int offset) {
    int line = 1;
    for (int i = 0; i < Math.min(offset, text.length()); i++) {
      if (text.charAt(i) == '\n') {
        line++;
      }
    }
    return line;
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "the SQL failed";
    }
    String trimmed = message.strip();
    // DuckDB appends "LINE n: <sql>" and a caret line; the location is reported separately.
    int cut = trimmed.indexOf("\n\nLINE ");
    if (cut < 0) {
      cut = trimmed.indexOf("\nLINE ");
    }
    String head = cut >= 0 ? trimmed.substring(0, cut) : trimmed;
    return head.replace('\n', ' ').replaceAll("\\s+", " ").strip();
  }

  private static String describeColumns(List<ResultColumn> result) {
    List<String> columns = new ArrayList<>();
    for (ResultColumn column : result) {
      columns.add(column.name() + " " + column.duckType());
    }
    return String.join(", ", columns);
  }

  private static String suggestion(ResultColumn actual) {
    Optional<ColumnType> type = DuckTypes.columnType(actual.duckType());
    return type.map(t -> "; declare it " + t + " or CAST it in the SQL")
        .orElse("; CAST it in the SQL");
  }

  private static String schemaEntry(ResultColumn column) {
    String type =
        DuckTypes.columnType(column.duckType()).map(ColumnType::toString).orElse("string");
    return "{name: " + column.name() + ", type: " + type + "}";
  }
}
