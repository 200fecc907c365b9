package io.quanta.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quanta.engine.ResultColumn;
import io.quanta.platform.Mesh;
import io.quanta.platform.api.ApiServer;
import io.quanta.ports.sql.QueryResult;
import io.quanta.ports.sql.ReadOptions;
import io.quanta.ports.sql.ResultSink;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "query",
    description = {
      "Run a SELECT over output ports, all read as of one time.",
      "A port is the table <domain>.<product>.<port> (newest major version) or <domain>.<product>_v<major>.<port>, with '-' written as '_'. Every port is read as of the same processing time, which is printed so the answer can be repeated with --as-of.",
      "",
      "Example: quanta query \"SELECT * FROM podcasts.top_podcasts_daily.ranking LIMIT 10\""
    })
final class QueryCommand extends MeshCommand implements Callable<Integer> {
  /** Output formats. */
  enum Format {
    TABLE,
    CSV,
    JSON
  }

  @Parameters(index = "0", paramLabel = "SQL", description = "The SELECT to run.")
  String sql;

  @picocli.CommandLine.Mixin ReadOptionsMixin read;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "table",
      description = "table, csv or json (default: ${DEFAULT-VALUE}).")
  Format format;

  @Option(
      names = "--limit",
      paramLabel = "N",
      description = "Print at most N rows (table: 1000 by default).")
  Long limit;

  @Override
  public Integer call() {
    Console console = console();
    ReadOptions options = read.options();
    if (limit != null && limit < 1) {
      throw io.quanta.error.QuantaException.invalidRequest(
          "--limit must be at least 1, got " + limit);
    }
    long max = limit != null ? limit : format == Format.TABLE ? 1_000 : Long.MAX_VALUE;
    try (Mesh mesh = openMesh()) {
      io.quanta.governance.Reader reader = reader(mesh);
      Printer printer =
          switch (format) {
            case TABLE -> new TablePrinter(console, max);
            case CSV -> new CsvPrinter(console.out(), max);
            case JSON -> new JsonPrinter(console.out(), max);
          };
      QueryResult result = mesh.queries().query(reader, sql, options, printer);
      printer.finish(result);
      String footer =
          result.rows()
              + (result.rows() == 1 ? " row" : " rows")
              + (result.truncated() ? " shown (more available; raise --limit)" : "")
              + ", as of "
              + result.asOf();
      console.note("(" + footer + ")");
      return 0;
    }
  }

  private abstract static class Printer implements ResultSink {
    final long max;
    long printed;

    Printer(long max) {
      this.max = max;
    }

    @Override
    public boolean row(List<Object> values) {
      print(values);
      printed++;
      return printed < max;
    }

    abstract void print(List<Object> values);

    void finish(QueryResult result) {}
  }

  private static final class TablePrinter extends Printer {
    private final Console console;
    private final List<String> header = new ArrayList<>();
    private final List<List<String>> rows = new ArrayList<>();

    TablePrinter(Console console, long max) {
      super(max);
      this.console = console;
    }

    @Override
    public void columns(List<ResultColumn> columns) {
      columns.forEach(column -> header.add(column.name()));
    }

    @Override
    void print(List<Object> values) {
      List<String> cells = new ArrayList<>();
      values.forEach(value -> cells.add(value == null ? null : String.valueOf(value)));
      rows.add(cells);
    }

    @Override
    void finish(QueryResult result) {
      console.table(header, rows);
    }
  }

  private static final class CsvPrinter extends Printer {
    private final PrintWriter out;

    CsvPrinter(PrintWriter out, long max) {
      super(max);
      this.out = out;
    }

    @Override
    public void columns(List<ResultColumn> columns) {
      List<Object> names = new ArrayList<>();
      columns.forEach(column -> names.add(column.name()));
      print(names);
    }

    @Override
    void print(List<Object> values) {
      List<String> cells = new ArrayList<>();
      for (Object value : values) {
        cells.add(value == null ? "" : escape(String.valueOf(value)));
      }
      out.println(String.join(",", cells));
    }

    @Override
    void finish(QueryResult result) {
      out.flush();
    }

    private static String escape(String value) {
      if (value.contains(",")
          || value.contains("\"")
          || value.contains("\n")
          || value.contains("\r")) {
        return "\"" + value.replace("\"", "\"\"") + "\"";
      }
      return value;
    }
  }

  /** A JSON array of objects, one per row, written as the rows arrive. */
  private static final class JsonPrinter extends Printer {
    private final JsonGenerator json;
    private List<String> names = List.of();

    JsonPrinter(PrintWriter out, long max) {
      super(max);
      ObjectMapper mapper = ApiServer.objectMapper();
      try {
        this.json = mapper.getFactory().createGenerator(out).useDefaultPrettyPrinter();
        json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        json.writeStartArray();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public void columns(List<ResultColumn> columns) {
      List<String> list = new ArrayList<>();
      columns.forEach(column -> list.add(column.name()));
      names = list;
    }

    @Override
    void print(List<Object> values) {
      try {
        json.writeStartObject();
        for (int i = 0; i < values.size(); i++) {
          json.writeFieldName(names.get(i));
          json.writeObject(values.get(i));
        }
        json.writeEndObject();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    void finish(QueryResult result) {
      try {
        json.writeEndArray();
        json.writeRaw('\n');
        json.flush();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
