package io.quanta.examples;

import static java.util.Objects.requireNonNull;

import io.quanta.spec.Column;
import io.quanta.spec.ColumnType;
import io.quanta.spec.FileInput;
import io.quanta.spec.Input;
import io.quanta.spec.Output;
import io.quanta.spec.PortId;
import io.quanta.spec.ProductId;
import io.quanta.spec.ProductInput;
import io.quanta.spec.ProductSpec;
import io.quanta.spec.SpecParser;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the mesh's specs in one DuckDB connection the way the platform's engine does, without the
 * engine: each input is a view named after it (files through {@code read_csv}, {@code read_json} or
 * {@code read_parquet}; product inputs over the upstream port's result with the three system
 * columns), each output's SQL runs once, in dependency order, and its result is kept in a table
 * with the declared types.
 */
final class LocalMesh implements AutoCloseable {
  private static final Pattern DECIMAL = Pattern.compile("DECIMAL\\((\\d+),\\s*(\\d+)\\)");

  /**
   * A column of an SQL result.
   *
   * @param name the column's name
   * @param duckType DuckDB's name of its type
   */
  record ResultColumn(String name, String duckType) {
    ResultColumn {
      requireNonNull(name, "name is null");
      requireNonNull(duckType, "duckType is null");
    }
  }

  /**
   * What one output port computed.
   *
   * @param port the port
   * @param output its declaration
   * @param columns the columns the SQL returned, in order
   * @param table the table holding the rows, cast to the declared types
   * @param rows the rows computed
   * @param duplicateKeys keys that occur more than once
   * @param nullKeys rows with a null in a key column
   * @param nullEventTimes rows without an event time
   */
  record PortResult(
      PortId port,
      Output output,
      List<ResultColumn> columns,
      String table,
      long rows,
      long duplicateKeys,
      long nullKeys,
      long nullEventTimes) {
    PortResult {
      requireNonNull(port, "port is null");
      requireNonNull(output, "output is null");
      columns = List.copyOf(columns);
      requireNonNull(table, "table is null");
    }

    /** The names of the result's columns, in order. */
    List<String> columnNames() {
      return columns.stream().map(ResultColumn::name).toList();
    }

    /** The result's columns whose type does not fit the declared one. */
    List<String> misfits() {
      List<String> misfits = new ArrayList<>();
      for (ResultColumn column : columns) {
        output
            .column(column.name())
            .filter(declared -> !fits(column.duckType(), declared.type()))
            .ifPresent(
                declared ->
                    misfits.add(column.name() + " is " + column.duckType() + ", not " + declared));
      }
      return misfits;
    }
  }

  private final Connection connection;
  private final Map<PortId, PortResult> results = new LinkedHashMap<>();

  LocalMesh() throws SQLException {
    connection = DriverManager.getConnection("jdbc:duckdb:");
    execute("SET autoinstall_known_extensions = false");
    execute("SET autoload_known_extensions = false");
    execute("SET TimeZone = 'UTC'");
  }

  /** Parses every {@code *.yaml} of the folder, failing on any error. */
  static List<ProductSpec> parseSpecs(Path folder) throws IOException {
    SpecParser parser = SpecParser.create();
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(folder, "*.yaml")) {
      stream.forEach(files::add);
    }
    files.sort(null);
    List<ProductSpec> specs = new ArrayList<>();
    for (Path file : files) {
      specs.add(parser.parse(file).orThrow());
    }
    return specs;
  }

  /** The specs ordered so that every product comes after the products it reads. */
  static List<ProductSpec> dependencyOrder(List<ProductSpec> specs) {
    Map<ProductId, ProductSpec> byId = new LinkedHashMap<>();
    specs.forEach(spec -> byId.put(spec.id(), spec));
    List<ProductSpec> ordered = new ArrayList<>();
    Set<ProductId> done = new HashSet<>();
    Set<ProductId> visiting = new HashSet<>();
    for (ProductSpec spec : specs) {
      visit(spec, byId, done, visiting, ordered);
    }
    return ordered;
  }

  private static void visit(
      ProductSpec spec,
      Map<ProductId, ProductSpec> byId,
      Set<ProductId> done,
      Set<ProductId> visiting,
      List<ProductSpec> ordered) {
    if (done.contains(spec.id())) {
      return;
    }
    if (!visiting.add(spec.id())) {
      throw new IllegalStateException("cycle through " + spec.id());
    }
    for (ProductInput input : spec.productInputs()) {
      ProductSpec upstream = byId.get(input.port().product());
      if (upstream == null) {
        throw new IllegalStateException(spec.id() + " reads unknown product " + input.port());
      }
      visit(upstream, byId, done, visiting, ordered);
    }
    visiting.remove(spec.id());
    done.add(spec.id());
    ordered.add(spec);
  }

  /** Runs every output of the specs, upstream products first. */
  Map<PortId, PortResult> run(List<ProductSpec> specs) throws SQLException {
    for (ProductSpec spec : dependencyOrder(specs)) {
      for (Input input : spec.inputs()) {
        execute(
            "CREATE OR REPLACE TEMP VIEW "
                + identifier(input.name())
                + " AS "
                + inputSelect(input));
      }
      for (Output output : spec.outputs()) {
        PortId port = spec.id().port(output.name());
        results.put(port, compute(port, output));
      }
      for (Input input : spec.inputs()) {
        execute("DROP VIEW " + identifier(input.name()));
      }
    }
    return Map.copyOf(results);
  }

  /** The rows of a query, each as its columns' text, for assertions. */
  List<List<String>> rows(String sql) throws SQLException {
    List<List<String>> rows = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      int count = result.getMetaData().getColumnCount();
      while (result.next()) {
        List<String> row = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
          row.add(result.getString(i));
        }
        rows.add(row);
      }
    }
    return rows;
  }

  /** The single number a query returns. */
  long queryLong(String sql) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      result.next();
      return result.getLong(1);
    }
  }

  private PortResult compute(PortId port, Output output) throws SQLException {
    List<ResultColumn> columns = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery("DESCRIBE " + output.sql())) {
      while (result.next()) {
        columns.add(
            new ResultColumn(result.getString("column_name"), result.getString("column_type")));
      }
    }
    String table = "port_" + results.size();
    List<String> casts = new ArrayList<>();
    for (Column column : output.schema()) {
      casts.add(
          "CAST("
              + identifier(column.name())
              + " AS "
              + sqlType(column.type())
              + ") AS "
              + identifier(column.name()));
    }
    execute(
        "CREATE TABLE "
            + table
            + " AS SELECT "
            + String.join(", ", casts)
            + " FROM ("
            + output.sql()
            + ") AS result");
    long rows = queryLong("SELECT count(*) FROM " + table);
    long duplicateKeys = 0;
    long nullKeys = 0;
    if (!output.key().isEmpty()) {
      String key = String.join(", ", output.key().stream().map(LocalMesh::identifier).toList());
      duplicateKeys =
          queryLong(
              "SELECT count(*) FROM (SELECT "
                  + key
                  + " FROM "
                  + table
                  + " GROUP BY "
                  + key
                  + " HAVING count(*) > 1)");
      nullKeys =
          queryLong(
              "SELECT count(*) FROM "
                  + table
                  + " WHERE "
                  + String.join(
                      " OR ",
                      output.key().stream().map(name -> identifier(name) + " IS NULL").toList()));
    }
    long nullEventTimes =
        output.eventTime().isEmpty()
            ? 0
            : queryLong(
                "SELECT count(*) FROM "
                    + table
                    + " WHERE "
                    + identifier(output.eventTime().get())
                    + " IS NULL");
    return new PortResult(
        port, output, columns, table, rows, duplicateKeys, nullKeys, nullEventTimes);
  }

  private String inputSelect(Input input) {
    if (input instanceof FileInput file) {
      return fileSelect(file);
    }
    ProductInput product = (ProductInput) input;
    PortResult upstream = results.get(product.port());
    if (upstream == null) {
      throw new IllegalStateException("no result for " + product.port());
    }
    List<String> columns = new ArrayList<>();
    upstream.output().schema().forEach(column -> columns.add(identifier(column.name())));
    String eventTime =
        upstream.output().eventTime().map(LocalMesh::identifier).orElse("NULL::TIMESTAMPTZ");
    return "SELECT "
        + String.join(", ", columns)
        + ", CAST("
        + eventTime
        + " AS TIMESTAMPTZ) AS _event_time"
        + ", TIMESTAMPTZ '2026-11-22 00:00:00+00' AS _processed_at"
        + ", 'local-run' AS _run_id FROM "
        + upstream.table();
  }

  /** The engine's file connectors: DuckDB's readers, with the declared types when there are. */
  private static String fileSelect(FileInput file) {
    String location = literal(file.location());
    List<Column> schema = file.schema();
    List<String> options = new ArrayList<>();
    options.add("union_by_name = true");
    String scan;
    switch (file.format()) {
      case CSV -> {
        file.delimiter().ifPresent(delimiter -> options.add("delim = " + literal(delimiter)));
        file.header().ifPresent(header -> options.add("header = " + header));
        if (!schema.isEmpty()) {
          options.add("types = " + typeMap(schema));
        }
        scan = "read_csv(" + location + ", " + String.join(", ", options) + ")";
      }
      case JSON -> {
        if (!schema.isEmpty()) {
          options.add("columns = " + typeMap(schema));
        }
        options.add("format = 'auto'");
        scan = "read_json(" + location + ", " + String.join(", ", options) + ")";
      }
      case PARQUET -> scan = "read_parquet(" + location + ", " + String.join(", ", options) + ")";
      default -> throw new IllegalStateException("unknown format " + file.format());
    }
    if (schema.isEmpty()) {
      return "SELECT * FROM " + scan;
    }
    List<String> casts = new ArrayList<>();
    for (Column column : schema) {
      casts.add(
          "CAST("
              + identifier(column.name())
              + " AS "
              + sqlType(column.type())
              + ") AS "
              + identifier(column.name()));
    }
    return "SELECT " + String.join(", ", casts) + " FROM " + scan;
  }

  private static String typeMap(List<Column> schema) {
    List<String> entries = new ArrayList<>();
    for (Column column : schema) {
      entries.add(literal(column.name()) + ": " + literal(sqlType(column.type())));
    }
    return "{" + String.join(", ", entries) + "}";
  }

  /** The DuckDB type storing a declared type; timestamps are UTC instants. */
  static String sqlType(ColumnType type) {
    return switch (type.kind()) {
      case STRING -> "VARCHAR";
      case BOOLEAN -> "BOOLEAN";
      case INTEGER -> "INTEGER";
      case BIGINT -> "BIGINT";
      case DOUBLE -> "DOUBLE";
      case DECIMAL -> "DECIMAL(" + type.precision() + "," + type.scale() + ")";
      case DATE -> "DATE";
      case TIMESTAMP -> "TIMESTAMPTZ";
    };
  }

  /** Whether an SQL result type stores in the declared type without loss, as the engine checks. */
  static boolean fits(String duckType, ColumnType declared) {
    String type = duckType.toUpperCase(Locale.ROOT);
    Matcher decimal = DECIMAL.matcher(type);
    return switch (declared.kind()) {
      case STRING -> type.equals("VARCHAR");
      case BOOLEAN -> type.equals("BOOLEAN");
      case INTEGER -> type.matches("TINYINT|SMALLINT|INTEGER|UTINYINT|USMALLINT");
      case BIGINT -> type.matches("TINYINT|SMALLINT|INTEGER|BIGINT|UTINYINT|USMALLINT|UINTEGER");
      case DOUBLE ->
          type.matches("FLOAT|DOUBLE|TINYINT|SMALLINT|INTEGER|UTINYINT|USMALLINT")
              || decimal.matches();
      case DECIMAL ->
          decimal.matches()
              && Integer.parseInt(decimal.group(2)) <= declared.scale()
              && Integer.parseInt(decimal.group(1)) - Integer.parseInt(decimal.group(2))
                  <= declared.precision() - declared.scale();
      case DATE -> type.equals("DATE");
      case TIMESTAMP ->
          type.matches("TIMESTAMP|TIMESTAMP WITH TIME ZONE|TIMESTAMP_S|TIMESTAMP_MS|DATE");
    };
  }

  private void execute(String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  static String identifier(String name) {
    return "\"" + name.replace("\"", "\"\"") + "\"";
  }

  static String literal(String text) {
    return "'" + text.replace("'", "''") + "'";
  }

  @Override
  public void close() throws SQLException {
    connection.close();
  }
}
