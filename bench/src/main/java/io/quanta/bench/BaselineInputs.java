package io.quanta.bench;

import io.quanta.engine.DuckTypes;
import io.quanta.engine.Sql;
import io.quanta.platform.Mesh;
import io.quanta.platform.registry.PortRecord;
import io.quanta.spec.Column;
import io.quanta.spec.FileInput;
import io.quanta.spec.Input;
import io.quanta.spec.ProductInput;
import io.quanta.spec.ProductSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The baseline's inputs: one plain view per input of a spec, named like the input, so that the
 * output's SQL runs unchanged. A file input reads its files with DuckDB's reader for the format; a
 * product input reads the Parquet data files of the upstream port's Iceberg table directly.
 */
public final class BaselineInputs {
  private static final String DATA_FILE_SUFFIX = "-data.parquet";
  private static final String DELETE_FILE_SUFFIX = "-deletes.parquet";

  private BaselineInputs() {}

  /** Creates a view per input of the spec over the same files Quanta reads. */
  public static void create(RawDuckDb raw, ProductSpec spec, Mesh mesh)
      throws SQLException, IOException {
    for (Input input : spec.inputs()) {
      String body;
      if (input instanceof FileInput file) {
        body = fileSelect(file);
      } else {
        ProductInput product = (ProductInput) input;
        body = "SELECT * FROM read_parquet(" + Sql.list(dataFiles(mesh, product)) + ")";
      }
      raw.execute("CREATE OR REPLACE VIEW " + Sql.identifier(input.name()) + " AS " + body);
    }
  }

  /**
   * The Parquet data files of the port an input reads, found in its table's {@code data} folder.
   *
   * @throws IllegalStateException if the port has no data files, or has corrections (position
   *     deletes), which a plain read of the data files would not apply
   */
  public static List<String> dataFiles(Mesh mesh, ProductInput input) throws IOException {
    PortRecord port =
        mesh.registry()
            .products()
            .port(input.port())
            .orElseThrow(() -> new IllegalStateException("port " + input.port() + " has no table"));
    return portDataFiles(port);
  }

  /** The Parquet data files of a port's table, sorted. */
  public static List<String> portDataFiles(PortRecord port) throws IOException {
    Path folder = Path.of(port.tableLocation(), "data");
    List<String> data = new ArrayList<>();
    if (Files.isDirectory(folder)) {
      try (Stream<Path> files = Files.list(folder)) {
        for (Path file : files.sorted().toList()) {
          String name = file.getFileName().toString();
          if (name.endsWith(DELETE_FILE_SUFFIX)) {
            throw new IllegalStateException(
                "port "
                    + port.port()
                    + " has corrections ("
                    + name
                    + "); the baseline reads data files as they are");
          }
          if (name.endsWith(DATA_FILE_SUFFIX)) {
            data.add(file.toString());
          }
        }
      }
    }
    if (data.isEmpty()) {
      throw new IllegalStateException("port " + port.port() + " has no data files in " + folder);
    }
    return data;
  }

  private static String fileSelect(FileInput file) {
    String location = Sql.literal(file.location());
    List<Column> schema = file.schema();
    switch (file.format()) {
      case CSV -> {
        List<String> options = new ArrayList<>();
        file.delimiter().ifPresent(delimiter -> options.add("delim = " + Sql.literal(delimiter)));
        file.header().ifPresent(header -> options.add("header = " + header));
        if (!schema.isEmpty()) {
          options.add("types = " + typeMap(schema));
        }
        return "SELECT * FROM read_csv(" + arguments(location, options) + ")";
      }
      case JSON -> {
        List<String> options = new ArrayList<>();
        if (!schema.isEmpty()) {
          options.add("columns = " + typeMap(schema));
        }
        return "SELECT * FROM read_json(" + arguments(location, options) + ")";
      }
      case PARQUET -> {
        return "SELECT * FROM read_parquet(" + location + ")";
      }
    }
    throw new IllegalStateException("unknown file format " + file.format());
  }

  private static String arguments(String location, List<String> options) {
    return options.isEmpty() ? location : location + ", " + String.join(", ", options);
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
