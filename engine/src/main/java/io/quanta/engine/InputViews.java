package io.quanta.engine;

import io.quanta.spec.Column;
import io.quanta.spec.FileInput;
import io.quanta.spec.Input;
import io.quanta.spec.ProductInput;
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
   * Creates one view per input in the session. A file input's glob is expanded now: the view reads
   * the files that matched, which are the only ones the session needs to be granted.
   *
   * <p>Database and topic inputs are not views: their sources load them as tables.
   *
   * @param upstream what each product input reads, by input name
   * @return every file the views read
   * @throws SqlFailure if a file input has no file or a view cannot be defined
   */
  public static Set<String> create(
      DuckDbSession session, List<Input> inputs, Map<String, UpstreamRead> upstream) {
    Set<String> files = new LinkedHashSet<>();
    for (Input input : inputs) {
      String body;
      if (input instanceof FileInput file) {
        List<String> matched = matches(session, file);
        files.addAll(matched);
        body = fileSelect(file, matched);
      } else if (input instanceof ProductInput product) {
        UpstreamRead read = upstream.get(product.name());
        if (read == null) {
          throw new IllegalArgumentException("no data for input " + product.name());
        }
        PortData data = read.data();
        files.addAll(data.dataFiles());
        files.addAll(data.deleteFiles());
        body =
            read.governed()
                .apply(
                    read.appendedAfter().isPresent()
                        ? PortReads.select(
                            data,
                            PortReads.Mode.HISTORY,
                            java.util.Optional.empty(),
                            java.util.Optional.empty(),
                            read.appendedAfter())
                        : PortReads.latest(data, false));
      } else {
        continue;
      }
      session.execute(
          "CREATE OR REPLACE TEMP VIEW " + Sql.identifier(input.name()) + " AS " + body);
    }
    return files;
  }

  private static List<String> matches(DuckDbSession session, FileInput file) {
    List<String> matched =
        session.query(
            "SELECT file FROM glob(" + Sql.literal(file.location()) + ") ORDER BY file",
            row -> row.getString(1));
    if (matched.isEmpty()) {
      throw new SqlFailure("no file matches " + file.location(), null);
    }
    return matched;
  }

  private static String fileSelect(FileInput file, List<String> matched) {
    String location = Sql.list(matched);
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
