package io.quanta.engine;

import io.quanta.spec.Column;
import io.quanta.spec.FileInput;
import io.quanta.spec.Input;
import io.quanta.spec.ProductInput;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Input port connectors: each input becomes a view named after it, over files or over an upstream
 * port's snapshot.
 */
public final class InputViews {
  private InputViews() {}

  /**
   * Creates one view per input in the session.
   *
   * @param upstream the snapshot of each product input's port, by input name
   * @throws SqlFailure if a file input has no file or a view cannot be defined
   */
  public static void create(
      DuckDbSession session, List<Input> inputs, Map<String, PortData> upstream) {
    for (Input input : inputs) {
      String body;
      if (input instanceof FileInput file) {
        body = fileSelect(session, file);
      } else {
        ProductInput product = (ProductInput) input;
        PortData data = upstream.get(product.name());
        if (data == null) {
          throw new IllegalArgumentException("no data for input " + product.name());
        }
        body = PortReads.latest(data, false);
      }
      session.execute(
          "CREATE OR REPLACE TEMP VIEW " + Sql.identifier(input.name()) + " AS " + body);
    }
  }

  /**
   * The folders the inputs read from: the fixed part of every file input's path or glob, and the
   * folder of every upstream file.
   */
  public static Set<String> readFolders(List<Input> inputs, Map<String, PortData> upstream) {
    Set<String> folders = new LinkedHashSet<>();
    for (Input input : inputs) {
      if (input instanceof FileInput file) {
        folders.add(fixedFolder(file.location()));
      }
    }
    for (PortData data : upstream.values()) {
      for (String file : data.dataFiles()) {
        folders.add(Path.of(file).getParent().toString());
      }
      for (String file : data.deleteFiles()) {
        folders.add(Path.of(file).getParent().toString());
      }
    }
    return folders;
  }

  /** The longest leading folder of a path or glob that has no wildcard in it. */
  static String fixedFolder(String location) {
    Path path = Path.of(location);
    Path fixed = path.getRoot();
    for (Path part : path) {
      String text = part.toString();
      if (text.contains("*") || text.contains("?") || text.contains("[") || text.contains("{")) {
        return fixed.toString();
      }
      fixed = fixed.resolve(part);
    }
    Path parent = Path.of(location).getParent();
    return parent == null ? fixed.toString() : parent.toString();
  }

  private static String fileSelect(DuckDbSession session, FileInput file) {
    long matches =
        session.queryLong("SELECT count(*) FROM glob(" + Sql.literal(file.location()) + ")");
    if (matches == 0) {
      throw new SqlFailure("input '" + file.name() + "': no file matches " + file.location(), null);
    }
    String location = Sql.literal(file.location());
    List<String> options = new ArrayList<>();
    options.add("union_by_name = true");
    List<Column> schema = file.schema();
    switch (file.format()) {
      case CSV -> {
        file.delimiter().ifPresent(delimiter -> options.add("delim = " + Sql.literal(delimiter)));
        file.header().ifPresent(header -> options.add("header = " + header));
        if (!schema.isEmpty()) {
          options.add("types = " + typeMap(schema));
        }
        return select(schema, "read_csv(" + location + ", " + String.join(", ", options) + ")");
      }
      case JSON -> {
        if (!schema.isEmpty()) {
          options.add("columns = " + typeMap(schema));
        }
        options.add("format = 'auto'");
        return select(schema, "read_json(" + location + ", " + String.join(", ", options) + ")");
      }
      case PARQUET -> {
        String scan = "read_parquet(" + location + ", " + String.join(", ", options) + ")";
        if (schema.isEmpty()) {
          return "SELECT * FROM " + scan;
        }
        List<String> casts = new ArrayList<>();
        for (Column column : schema) {
          casts.add(
              "CAST("
                  + Sql.identifier(column.name())
                  + " AS "
                  + DuckTypes.sqlType(column.type())
                  + ") AS "
                  + Sql.identifier(column.name()));
        }
        return "SELECT " + String.join(", ", casts) + " FROM " + scan;
      }
    }
    throw new IllegalStateException("unknown format " + file.format());
  }

  private static String select(List<Column> schema, String scan) {
    if (schema.isEmpty()) {
      return "SELECT * FROM " + scan;
    }
    List<String> names = new ArrayList<>();
    schema.forEach(column -> names.add(Sql.identifier(column.name())));
    return "SELECT " + String.join(", ", names) + " FROM " + scan;
  }

  private static String typeMap(List<Column> schema) {
    List<String> entries = new ArrayList<>();
    for (Column column : schema) {
      entries.add(
          Sql.literal(column.name()) + ": " + Sql.literal(DuckTypes.sqlType(column.type())));
    }
    return "{" + String.join(", ", entries) + "}";
  }
}
