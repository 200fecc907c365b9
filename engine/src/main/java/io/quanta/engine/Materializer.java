package io.quanta.engine;

import static java.util.Objects.requireNonNull;

import io.quanta.spec.Column;
import io.quanta.spec.Output;
import io.quanta.spec.SystemColumns;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Computes what a run appends to one output port and writes it as Parquet with the port's Iceberg
 * field ids (DESIGN.md §5): new facts, and corrected facts (same key, other values) together with
 * position deletes marking the rows they supersede. Unchanged facts are not written again. For an
 * event log (no key) the new rows are those not already present.
 *
 * <p>Nothing here commits: the files are invisible until the caller stages and publishes them.
 */
public final class Materializer {
  /** Iceberg's reserved field ids of position delete files. */
  private static final String DELETE_FIELD_IDS = "{'file_path': 2147483546, 'pos': 2147483545}";

  private static final String OLD_FILE = "__quanta_old_file";
  private static final String OLD_ROW = "__quanta_old_row";

  private Materializer() {}

  /**
   * Where a run writes one port, and what the port holds now.
   *
   * @param output the port's spec
   * @param current the port's latest snapshot (empty when the port has no data yet)
   * @param fieldIds the table's field id of every column, system columns included
   * @param dataFile where to write the new rows
   * @param deleteFile where to write the position deletes
   */
  public record Target(
      Output output,
      PortData current,
      Map<String, Integer> fieldIds,
      String dataFile,
      String deleteFile) {
    public Target {
      requireNonNull(output, "output is null");
      requireNonNull(current, "current is null");
      fieldIds = Map.copyOf(fieldIds);
      requireNonNull(dataFile, "dataFile is null");
      requireNonNull(deleteFile, "deleteFile is null");
    }
  }

  /**
   * What a run wrote for one port.
   *
   * @param port the port's name
   * @param rowsComputed rows the output's SQL returned
   * @param rowsAdded rows written: new facts plus corrections
   * @param rowsCorrected of those, rows superseding an earlier version of the same key
   * @param dataFile the data file, when rows were added
   * @param deleteFile the position delete file, when rows were corrected
   */
  public record Changes(
      String port,
      long rowsComputed,
      long rowsAdded,
      long rowsCorrected,
      Optional<String> dataFile,
      Optional<String> deleteFile) {
    public boolean isEmpty() {
      return dataFile.isEmpty() && deleteFile.isEmpty();
    }
  }

  /**
   * Looks at a port's computed rows after the contract checks and before the run may commit: the
   * platform checks quality expectations and objectives, and profiles the rows, here
   * (docs/trust.md). Throwing fails the run; the files written so far are the caller's to delete.
   */
  @FunctionalInterface
  public interface Inspection {
    /** Does nothing. */
    Inspection NONE = (result, added) -> {};

    /**
     * @param result a relation (a table name or a table function call) of every row the output's
     *     SQL computed: the schema's columns, typed, plus {@link SystemColumns#EVENT_TIME}
     * @param added a relation of the rows the run adds (new facts and corrections), with the same
     *     columns
     */
    void inspect(String result, String added);
  }

  /**
   * {@link #materialize(DuckDbSession, Target, String, Instant, Inspection)} with no inspection.
   */
  public static Changes materialize(
      DuckDbSession session, Target target, String runId, Instant processedAt) {
    return materialize(session, target, runId, processedAt, Inspection.NONE);
  }

  /**
   * Runs the output's SQL over the input views in the session, checks the result (required and key
   * columns have values, keys are unique), lets the inspection look at it, and writes what changed.
   *
   * @throws RunDataException if the result breaks the port's contract
   * @throws SqlFailure if the SQL fails (a conversion error, a missing file...)
   */
  public static Changes materialize(
      DuckDbSession session,
      Target target,
      String runId,
      Instant processedAt,
      Inspection inspection) {
    if (target.current().dataFiles().isEmpty()) {
      return firstWrite(session, target, runId, processedAt, inspection);
    }
    Output output = target.output();
    String result = Sql.identifier("__quanta_result_" + output.name().replace('-', '_'));
    String changes = Sql.identifier("__quanta_changes_" + output.name().replace('-', '_'));
    try {
      session.execute("CREATE OR REPLACE TEMP TABLE " + result + " AS " + typedResult(output));
      long computed = session.queryLong("SELECT count(*) FROM " + result);
      checkContract(session, output, result);
      session.execute(
          "CREATE OR REPLACE TEMP TABLE "
              + changes
              + " AS "
              + (output.isEventLog()
                  ? newEvents(output, result, target.current())
                  : changedFacts(output, result, target.current())));
      long added = session.queryLong("SELECT count(*) FROM " + changes);
      inspection.inspect(result, changes);
      long corrected =
          output.isEventLog()
              ? 0
              : session.queryLong(
                  "SELECT count(*) FROM " + changes + " WHERE " + OLD_FILE + " IS NOT NULL");
      Optional<String> dataFile = Optional.empty();
      Optional<String> deleteFile = Optional.empty();
      if (added > 0) {
        copy(
            session,
            output,
            // A set difference comes back in no particular order: an event log's new events are
            // appended in event-time order, so that their offsets do not depend on threads.
            rowsToWrite(output, changes, runId, processedAt)
                + (output.isEventLog()
                    ? " ORDER BY " + Sql.identifier(SystemColumns.EVENT_TIME)
                    : ""),
            target.dataFile(),
            target.fieldIds());
        dataFile = Optional.of(target.dataFile());
      }
      if (corrected > 0) {
        session.execute(
            "COPY (SELECT "
                + OLD_FILE
                + " AS file_path, "
                + OLD_ROW
                + " AS pos FROM "
                + changes
                + " WHERE "
                + OLD_FILE
                + " IS NOT NULL ORDER BY 1, 2) TO "
                + Sql.literal(target.deleteFile())
                + " (FORMAT parquet, FIELD_IDS "
                + DELETE_FIELD_IDS
                + ")");
        deleteFile = Optional.of(target.deleteFile());
      }
      return new Changes(output.name(), computed, added, corrected, dataFile, deleteFile);
    } finally {
      session.execute("DROP TABLE IF EXISTS " + result);
      session.execute("DROP TABLE IF EXISTS " + changes);
    }
  }

  /**
   * A port's first data: every row is new, so the result streams straight into its file, and the
   * contract is checked on the file before anyone can see it (the caller deletes it on failure).
   */
  private static Changes firstWrite(
      DuckDbSession session,
      Target target,
      String runId,
      Instant processedAt,
      Inspection inspection) {
    Output output = target.output();
    String typed = "(" + typedResult(output) + ") AS __quanta_typed";
    copy(
        session,
        output,
        rowsToWrite(output, typed, runId, processedAt),
        target.dataFile(),
        target.fieldIds());
    String written = "read_parquet(" + Sql.literal(target.dataFile()) + ")";
    checkContract(session, output, written);
    long rows = session.queryLong("SELECT count(*) FROM " + written);
    inspection.inspect(written, written);
    if (rows == 0) {
      deleteQuietly(target.dataFile());
      return new Changes(output.name(), 0, 0, 0, Optional.empty(), Optional.empty());
    }
    return new Changes(
        output.name(), rows, rows, 0, Optional.of(target.dataFile()), Optional.empty());
  }

  private static void copy(
      DuckDbSession session, Output output, String select, String file, Map<String, Integer> ids) {
    // The file has the declared columns: the table may have more (a deploy that evolved it while
    // the registry still holds the spec before), which this file does not write.
    Map<String, Integer> written = new java.util.LinkedHashMap<>();
    output.schema().forEach(column -> written.put(column.name(), ids.get(column.name())));
    SystemColumns.ALL.forEach(column -> written.put(column, ids.get(column)));
    if (written.containsValue(null)) {
      throw new IllegalArgumentException(
          "the table of port '" + output.name() + "' has no field id for some columns: " + ids);
    }
    session.execute(
        "COPY ("
            + select
            + ") TO "
            + Sql.literal(file)
            + " (FORMAT parquet, COMPRESSION zstd, FIELD_IDS "
            + fieldIds(written)
            + ")");
  }

  private static void deleteQuietly(String file) {
    try {
      java.nio.file.Files.deleteIfExists(java.nio.file.Path.of(file));
    } catch (java.io.IOException e) {
      // the caller's cleanup of a run's files removes it
    }
  }

  /**
   * Checks that the statement a run executes for the output binds: the output's SQL inside the
   * casts to the declared types. Validation calls it so that a deployed spec cannot fail every run
   * on something only the run's statement shows.
   *
   * @throws SqlFailure if it does not bind
   */
  public static void checkRunnable(DuckDbSession session, Output output) {
    session.query("DESCRIBE " + typedResult(output), row -> row.getString(1));
  }

  /**
   * A relation with the columns a run's inspection sees ({@link Inspection}) and no rows: what
   * validation checks a port's expectations and objectives against.
   */
  public static String emptyResult(Output output) {
    return "(" + typedResult(output) + " LIMIT 0)";
  }

  /** The output's SQL with every column cast to its declared type, plus the event time. */
  static String typedResult(Output output) {
    List<String> select = new ArrayList<>();
    for (Column column : output.schema()) {
      // Qualified, so that a missing column is reported as missing, not as an alias out of order.
      select.add(
          "CAST(__quanta_sql."
              + Sql.identifier(column.name())
              + " AS "
              + DuckTypes.sqlType(column.type())
              + ") AS "
              + Sql.identifier(column.name()));
    }
    String eventTime =
        output
            .eventTime()
            .map(column -> "CAST(__quanta_sql." + Sql.identifier(column) + " AS TIMESTAMPTZ)")
            .orElse("CAST(NULL AS TIMESTAMPTZ)");
    select.add(eventTime + " AS " + Sql.identifier(SystemColumns.EVENT_TIME));
    return "SELECT "
        + String.join(", ", select)
        + " FROM (\n"
        + output.sql()
        + "\n) AS __quanta_sql";
  }

  private static void checkContract(DuckDbSession session, Output output, String relation) {
    List<String> mustHaveValues = new ArrayList<>(output.key());
    for (Column column : output.schema()) {
      if (column.required() && !mustHaveValues.contains(column.name())) {
        mustHaveValues.add(column.name());
      }
    }
    output
        .eventTime()
        .filter(column -> !mustHaveValues.contains(column))
        .ifPresent(mustHaveValues::add);
    if (!mustHaveValues.isEmpty()) {
      String counts =
          mustHaveValues.stream()
              .map(column -> "count(*) FILTER (WHERE " + Sql.identifier(column) + " IS NULL)")
              .collect(Collectors.joining(", "));
      List<Long> nulls =
          session
              .query(
                  "SELECT " + counts + " FROM " + relation,
                  row -> {
                    List<Long> values = new ArrayList<>();
                    for (int i = 1; i <= mustHaveValues.size(); i++) {
                      values.add(row.getLong(i));
                    }
                    return values;
                  })
              .get(0);
      for (int i = 0; i < mustHaveValues.size(); i++) {
        long missing = nulls.get(i);
        if (missing > 0) {
          String column = mustHaveValues.get(i);
          String why =
              output.key().contains(column)
                  ? "key columns must have a value"
                  : output.eventTime().filter(column::equals).isPresent()
                      ? "every fact needs an event time"
                      : "the column is required";
          throw new RunDataException(
              "output '"
                  + output.name()
                  + "': "
                  + missing
                  + (missing == 1 ? " row has" : " rows have")
                  + " no value in column '"
                  + column
                  + "' ("
                  + why
                  + ")");
        }
      }
    }
    if (!output.isEventLog()) {
      String key = Sql.identifiers(output.key());
      List<String> duplicates =
          session.query(
              "SELECT "
                  + output.key().stream()
                      .map(
                          k ->
                              Sql.literal(k + "=")
                                  + " || CAST("
                                  + Sql.identifier(k)
                                  + " AS VARCHAR)")
                      .collect(Collectors.joining(" || ', ' || "))
                  + " AS example, count(*) AS copies FROM "
                  + relation
                  + " GROUP BY "
                  + key
                  + " HAVING count(*) > 1 ORDER BY copies DESC LIMIT 3",
              row -> "(" + row.getString(1) + ") x" + row.getLong(2));
      if (!duplicates.isEmpty()) {
        throw new RunDataException(
            "output '"
                + output.name()
                + "': several rows share a key, but a key identifies one fact: "
                + String.join("; ", duplicates)
                + ". Add the distinguishing columns to 'key', or aggregate in the SQL.");
      }
    }
  }

  /** Rows of the result that are new or differ from the latest version of their key. */
  private static String changedFacts(Output output, String result, PortData current) {
    List<String> join = new ArrayList<>();
    for (String key : output.key()) {
      join.add("n." + Sql.identifier(key) + " = c." + Sql.identifier(key));
    }
    List<String> differs = new ArrayList<>();
    differs.add("c." + PortReads.FILE_COLUMN + " IS NULL");
    for (Column column : output.schema()) {
      if (!output.key().contains(column.name())) {
        differs.add(
            "n."
                + Sql.identifier(column.name())
                + " IS DISTINCT FROM c."
                + Sql.identifier(column.name()));
      }
    }
    return "SELECT n.*, c."
        + PortReads.FILE_COLUMN
        + " AS "
        + OLD_FILE
        + ", c."
        + PortReads.ROW_COLUMN
        + " AS "
        + OLD_ROW
        + " FROM "
        + result
        + " n LEFT JOIN ("
        + PortReads.latest(current, true)
        + ") c ON "
        + String.join(" AND ", join)
        + " WHERE "
        + String.join(" OR ", differs);
  }

  /** Rows of an event log's result not already in the port (as a multiset). */
  private static String newEvents(Output output, String result, PortData current) {
    if (output.schema().stream().anyMatch(column -> !current.inEveryFile(column.name()))) {
      return newEventsAfterEvolution(output, result, current);
    }
    List<String> columns = new ArrayList<>();
    output.schema().forEach(column -> columns.add(Sql.identifier(column.name())));
    String list = String.join(", ", columns);
    String eventTime = Sql.identifier(SystemColumns.EVENT_TIME);
    if (output.eventTime().isPresent()) {
      return "SELECT "
          + list
          + ", "
          + eventTime
          + " FROM "
          + result
          + " EXCEPT ALL SELECT "
          + list
          + ", "
          + eventTime
          + " FROM ("
          + PortReads.history(current)
          + ")";
    }
    return "SELECT *, CAST(NULL AS TIMESTAMPTZ) AS "
        + eventTime
        + " FROM (SELECT "
        + list
        + " FROM "
        + result
        + " EXCEPT ALL SELECT "
        + list
        + " FROM ("
        + PortReads.history(current)
        + "))";
  }

  /**
   * {@link #newEvents} for a port with columns that the events appended before they were added do
   * not have: an event is already in the port when one there has the same values in the columns
   * every file has (counting copies). An event log is never corrected, so the events appended
   * before keep no value in the new columns, and are not appended again to fill them.
   */
  private static String newEventsAfterEvolution(Output output, String result, PortData current) {
    List<String> compared = new ArrayList<>();
    output.schema().stream()
        .map(Column::name)
        .filter(current::inEveryFile)
        .forEach(name -> compared.add(Sql.identifier(name)));
    String eventTime = Sql.identifier(SystemColumns.EVENT_TIME);
    // Without a declared event time, the rows there carry their processing time: not compared.
    if (output.eventTime().isPresent()) {
      compared.add(eventTime);
    }
    String partition = compared.isEmpty() ? "" : "PARTITION BY " + String.join(", ", compared);
    List<String> match = new ArrayList<>();
    compared.forEach(column -> match.add("n." + column + " IS NOT DISTINCT FROM c." + column));
    match.add("n.__quanta_copy = c.__quanta_copy");
    List<String> columns = new ArrayList<>();
    output.schema().forEach(column -> columns.add("n." + Sql.identifier(column.name())));
    return "SELECT "
        + String.join(", ", columns)
        + ", n."
        + eventTime
        + " FROM (SELECT *, row_number() OVER ("
        + partition
        + ") AS __quanta_copy FROM "
        + result
        + ") n ANTI JOIN (SELECT *, row_number() OVER ("
        + partition
        + ") AS __quanta_copy FROM ("
        + PortReads.history(current)
        + ")) c ON "
        + String.join(" AND ", match);
  }

  private static String rowsToWrite(
      Output output, String changes, String runId, Instant processedAt) {
    List<String> select = new ArrayList<>();
    output.schema().forEach(column -> select.add(Sql.identifier(column.name())));
    String processed = PortReads.timestamp(processedAt);
    // A fact without a declared event time happened, as far as the mesh knows, when it learned it.
    select.add(
        "COALESCE("
            + Sql.identifier(SystemColumns.EVENT_TIME)
            + ", "
            + processed
            + ") AS "
            + Sql.identifier(SystemColumns.EVENT_TIME));
    select.add(processed + " AS " + Sql.identifier(SystemColumns.PROCESSED_AT));
    select.add(Sql.literal(runId) + " AS " + Sql.identifier(SystemColumns.RUN_ID));
    return "SELECT " + String.join(", ", select) + " FROM " + changes;
  }

  private static String fieldIds(Map<String, Integer> ids) {
    return ids.entrySet().stream()
        .map(entry -> Sql.literal(entry.getKey()) + ": " + entry.getValue())
        .collect(Collectors.joining(", ", "{", "}"));
  }
}
