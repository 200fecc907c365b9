package io.quanta.engine;

import io.quanta.spec.Column;
import io.quanta.spec.SystemColumns;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The SQL that reads a port's table (DESIGN.md §5): the latest state (rows not superseded by a
 * correction) or the whole history, optionally within an event-time window and after a processing
 * time. Iceberg has already picked the files; DuckDB reads them.
 */
public final class PortReads {
  /** DuckDB's virtual columns of {@code read_parquet}, which position deletes refer to. */
  static final String FILE_COLUMN = "filename";

  static final String ROW_COLUMN = "file_row_number";

  private PortReads() {}

  /** How much of a port to read. */
  public enum Mode {
    /** Per key, the newest row: what the port says now (or as of the snapshot). */
    LATEST,
    /** Every row ever written, corrections included. */
    HISTORY
  }

  /**
   * A SELECT returning the port's columns and system columns.
   *
   * @param eventFrom inclusive lower bound on {@code _event_time}
   * @param eventTo exclusive upper bound on {@code _event_time}
   * @param processedAfter exclusive lower bound on {@code _processed_at} (history since a time)
   */
  public static String select(
      PortData data,
      Mode mode,
      Optional<Instant> eventFrom,
      Optional<Instant> eventTo,
      Optional<Instant> processedAfter) {
    List<String> conditions = new ArrayList<>();
    eventFrom.ifPresent(
        from ->
            conditions.add(Sql.identifier(SystemColumns.EVENT_TIME) + " >= " + timestamp(from)));
    eventTo.ifPresent(
        to -> conditions.add(Sql.identifier(SystemColumns.EVENT_TIME) + " < " + timestamp(to)));
    processedAfter.ifPresent(
        after ->
            conditions.add(Sql.identifier(SystemColumns.PROCESSED_AT) + " > " + timestamp(after)));
    String base = mode == Mode.LATEST ? latest(data, false) : history(data);
    if (conditions.isEmpty()) {
      return base;
    }
    return "SELECT * FROM (" + base + ") WHERE " + String.join(" AND ", conditions);
  }

  /**
   * The latest state with, when {@code withPositions}, the file and row number of each row (so that
   * a correction can supersede it).
   */
  public static String latest(PortData data, boolean withPositions) {
    String columns = columnList(data, "d.");
    if (withPositions) {
      columns += ", d." + FILE_COLUMN + ", d." + ROW_COLUMN;
    }
    if (data.dataFiles().isEmpty()) {
      return emptyRelation(data.columns(), withPositions);
    }
    String scan = "SELECT " + columns + " FROM " + parquet(data, data.dataFiles()) + " d";
    if (data.deleteFiles().isEmpty()) {
      return scan;
    }
    return scan
        + " ANTI JOIN read_parquet("
        + Sql.list(data.deleteFiles())
        + ") x ON d."
        + FILE_COLUMN
        + " = x.file_path AND d."
        + ROW_COLUMN
        + " = x.pos";
  }

  static String history(PortData data) {
    if (data.dataFiles().isEmpty()) {
      return emptyRelation(data.columns(), false);
    }
    return "SELECT " + columnList(data, "") + " FROM " + parquet(data, data.dataFiles());
  }

  /**
   * The rows of some of a port's data files, with the declared columns and the system columns:
   * {@code SELECT ... FROM read_parquet(...)}, plus DuckDB's virtual columns named in {@code
   * virtualColumns} ({@code filename}, {@code file_row_number}).
   */
  public static String rows(PortData data, List<String> files, List<String> virtualColumns) {
    String columns = columnList(data, "");
    for (String virtual : virtualColumns) {
      columns += ", " + virtual;
    }
    return "SELECT " + columns + " FROM " + parquet(data, files);
  }

  /**
   * {@code read_parquet} of the files. Read by field id when the port has them: a file written
   * before a column was added reads it as null, a column written before its type was widened reads
   * as the wider type, whatever the files' own column names and types.
   */
  static String parquet(PortData data, List<String> files) {
    if (!data.byFieldId()) {
      return "read_parquet(" + Sql.list(files) + ")";
    }
    List<String> entries = new ArrayList<>();
    for (Column column : data.columns()) {
      data.fieldId(column.name())
          .ifPresent(
              id -> entries.add(schemaEntry(id, column.name(), DuckTypes.sqlType(column.type()))));
    }
    for (String system : SystemColumns.ALL) {
      String type = system.equals(SystemColumns.RUN_ID) ? "VARCHAR" : "TIMESTAMPTZ";
      data.fieldId(system).ifPresent(id -> entries.add(schemaEntry(id, system, type)));
    }
    return "read_parquet("
        + Sql.list(files)
        + ", schema = MAP {"
        + String.join(", ", entries)
        + "})";
  }

  private static String schemaEntry(int fieldId, String name, String type) {
    return fieldId
        + ": {name: "
        + Sql.literal(name)
        + ", type: "
        + Sql.literal(type)
        + ", default_value: NULL}";
  }

  /** A relation with the port's columns and types and no rows. */
  static String emptyRelation(List<Column> columns, boolean withPositions) {
    List<String> select = new ArrayList<>();
    for (Column column : columns) {
      select.add(
          "CAST(NULL AS "
              + DuckTypes.sqlType(column.type())
              + ") AS "
              + Sql.identifier(column.name()));
    }
    select.add("CAST(NULL AS TIMESTAMPTZ) AS " + Sql.identifier(SystemColumns.EVENT_TIME));
    select.add("CAST(NULL AS TIMESTAMPTZ) AS " + Sql.identifier(SystemColumns.PROCESSED_AT));
    select.add("CAST(NULL AS VARCHAR) AS " + Sql.identifier(SystemColumns.RUN_ID));
    if (withPositions) {
      select.add("CAST(NULL AS VARCHAR) AS " + FILE_COLUMN);
      select.add("CAST(NULL AS BIGINT) AS " + ROW_COLUMN);
    }
    return "SELECT " + String.join(", ", select) + " WHERE false";
  }

  private static String columnList(PortData data, String prefix) {
    List<String> names = new ArrayList<>();
    for (Column column : data.columns()) {
      if (data.byFieldId() && data.fieldId(column.name()).isEmpty()) {
        // Declared, but not in the table when these files were planned: none of them has it.
        names.add(
            "CAST(NULL AS "
                + DuckTypes.sqlType(column.type())
                + ") AS "
                + Sql.identifier(column.name()));
      } else {
        names.add(prefix + Sql.identifier(column.name()));
      }
    }
    for (String system : SystemColumns.ALL) {
      names.add(prefix + Sql.identifier(system));
    }
    return String.join(", ", names);
  }

  public static String timestamp(Instant instant) {
    return "TIMESTAMPTZ " + Sql.literal(instant.toString());
  }
}
