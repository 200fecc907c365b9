package io.quanta.cli;

import io.quanta.platform.Mesh;
import io.quanta.platform.api.ApiServer;
import io.quanta.platform.discovery.ProductDocument;
import io.quanta.spec.ProductRef;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "describe",
    description =
        "Show a product: owner, ports with their columns and addresses, inputs, SLOs, consumers, last runs.")
final class DescribeCommand extends MeshCommand implements Callable<Integer> {
  @Parameters(
      index = "0",
      paramLabel = "PRODUCT",
      description = "domain/name (newest major) or domain/name:major.")
  String product;

  @Option(
      names = "--format",
      defaultValue = "text",
      paramLabel = "FORMAT",
      description = "text or json (default: ${DEFAULT-VALUE}).")
  String format;

  @Override
  public Integer call() throws Exception {
    Console console = console();
    if (!format.equals("text") && !format.equals("json")) {
      throw io.quanta.error.QuantaException.invalidRequest(
          "--format must be text or json, got '" + format + "'");
    }
    try (Mesh mesh = openMesh()) {
      ProductDocument document = mesh.discovery().describe(ProductRef.parse(product), reader(mesh));
      if (format.equals("json")) {
        console.println(
            ApiServer.objectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(document));
        return 0;
      }
      print(console, document);
      return 0;
    }
  }

  private static void print(Console console, ProductDocument document) {
    console.println(
        document.product()
            + ":"
            + document.major()
            + "  version "
            + document.version()
            + (document.kind() == null ? "" : "  (" + document.kind() + ")"));
    console.println("  " + document.description());
    console.println(
        "  owner: "
            + document.owner()
            + "    state: "
            + document.state()
            + "    deployed: "
            + document.deployedAt());
    if (document.deprecation() != null) {
      ProductDocument.Deprecation deprecation = document.deprecation();
      console.println(
          "  DEPRECATED since "
              + deprecation.deprecatedAt()
              + ": sunset "
              + deprecation.sunset()
              + (deprecation.successor() == null
                  ? ", no successor"
                  : ", move to " + deprecation.successor())
              + (deprecation.reason() == null ? "" : " (" + deprecation.reason() + ")"));
    }
    if (!document.tags().isEmpty()) {
      console.println("  tags: " + String.join(", ", document.tags()));
    }
    if (!document.otherMajors().isEmpty()) {
      console.println("  other major versions: " + document.otherMajors());
    }
    console.println("  SLOs: " + document.slo().get("status"));
    for (io.quanta.platform.trust.SloStatus slo : document.trust().slos()) {
      console.println(
          "    "
              + slo.port()
              + " "
              + slo.objective()
              + " "
              + slo.target()
              + ": "
              + slo.status()
              + (slo.observed() == null ? "" : " (" + slo.observed() + ")"));
    }
    long failed =
        document.trust().checks().stream().filter(check -> check.status().equals("failed")).count();
    if (!document.trust().checks().isEmpty()) {
      console.println(
          "  quality: "
              + (document.trust().checks().size() - failed)
              + " of "
              + document.trust().checks().size()
              + " checks of the latest run passed (quanta status "
              + document.product()
              + ":"
              + document.major()
              + ")");
    }
    console.println("");
    console.println("Inputs");
    if (document.inputs().isEmpty()) {
      console.println("  (none)");
    }
    for (ProductDocument.InputDocument input : document.inputs()) {
      console.println("  " + input.name() + "  <- " + input.kind() + " " + input.source());
    }
    for (ProductDocument.PortDocument port : document.ports()) {
      console.println("");
      console.println(
          "Output port "
              + port.name()
              + (port.description().isEmpty() ? "" : ": " + port.description()));
      console.println(
          "  SQL:      "
              + port.addresses().get("sql")
              + "   (pinned: "
              + port.addresses().get("sqlPinned")
              + ")");
      console.println("  REST:     " + port.addresses().get("rows"));
      console.println("  files:    " + port.addresses().get("files") + "   (or quanta export)");
      console.println(
          "  events:   "
              + port.addresses().get("events")
              + "   Kafka topic "
              + port.addresses().get("kafkaTopic")
              + " on "
              + port.addresses().get("kafkaBootstrapServers"));
      console.println(
          "  JDBC:     "
              + port.addresses().get("flightSqlUrl")
              + "   table "
              + port.addresses().get("flightSqlTable"));
      if (port.addresses().containsKey("icebergTable")) {
        console.println(
            "  Iceberg:  "
                + port.addresses().get("icebergTable")
                + "   "
                + port.addresses().getOrDefault("icebergMetadata", ""));
      }
      console.println(
          "  key:      "
              + (port.key().isEmpty() ? "(none: an event log)" : String.join(", ", port.key()))
              + "    event time: "
              + (port.eventTime() == null ? "(processing time)" : port.eventTime()));
      console.println(
          "  data:     "
              + (port.snapshotId() == null
                  ? "no committed run yet"
                  : port.rows()
                      + " rows in the latest state, snapshot "
                      + port.snapshotId()
                      + " processed at "
                      + port.lastProcessedAt()));
      List<List<String>> columns = new ArrayList<>();
      for (ProductDocument.ColumnDocument column : port.columns()) {
        List<String> notes = new ArrayList<>();
        if (column.required()) {
          notes.add("required");
        }
        if (column.semantic() != null) {
          notes.add("semantic " + column.semantic());
        }
        if (column.classification() != null) {
          notes.add(column.classification());
        }
        if (column.links() != null) {
          notes.add("-> " + column.links());
        }
        columns.add(
            List.of(
                "  " + column.name(),
                column.type(),
                String.join("; ", notes),
                column.description()));
      }
      console.table(List.of("  COLUMN", "TYPE", "NOTES", "DESCRIPTION"), columns);
      ProductDocument.CallerAccess caller = port.caller();
      if (!caller.allowed()) {
        console.println("  for you:  NOT ALLOWED: " + String.join("; ", caller.reasons()));
      } else {
        List<String> obligations = new ArrayList<>();
        caller.masks().forEach((column, mask) -> obligations.add(column + " " + mask));
        caller.filters().forEach(filter -> obligations.add("rows where " + filter));
        obligations.addAll(caller.minGroupSizes());
        console.println(
            "  for you:  "
                + (obligations.isEmpty()
                    ? "every row and column in clear"
                    : String.join("; ", obligations)));
      }
      ProductDocument.Sample sample = port.sample();
      if (sample.rows().isEmpty()) {
        console.println("  sample:   (" + sample.note() + ")");
      } else {
        console.println("  sample (as you may see it):");
        List<List<String>> rows = new ArrayList<>();
        for (List<Object> row : sample.rows()) {
          List<String> cells = new ArrayList<>();
          row.forEach(value -> cells.add(value == null ? null : String.valueOf(value)));
          rows.add(cells);
        }
        List<String> header = new ArrayList<>();
        sample.columns().forEach(column -> header.add(column));
        header.set(0, "  " + header.get(0));
        List<List<String>> indented = new ArrayList<>();
        for (List<String> row : rows) {
          List<String> copy = new ArrayList<>(row);
          copy.set(0, "  " + copy.get(0));
          indented.add(copy);
        }
        console.table(header, indented);
      }
    }
    if (document.docs() != null) {
      console.println("");
      console.println("Docs");
      document.docs().strip().lines().forEach(line -> console.println("  " + line));
    }
    console.println("");
    console.println("Upstream");
    if (document.upstream().isEmpty()) {
      console.println("  (reads no other product)");
    }
    document.upstream().forEach(upstream -> console.println("  " + upstream));
    console.println("");
    console.println("Consumers");
    if (document.downstream().isEmpty()) {
      console.println("  (no product reads it yet)");
    }
    document.downstream().forEach(downstream -> console.println("  " + downstream));
    console.println("");
    console.println("Last runs");
    if (document.runs().isEmpty()) {
      console.println("  (never run: quanta run " + document.product() + ")");
    }
    for (ProductDocument.RunSummary run : document.runs()) {
      console.println(
          "  "
              + run.startedAt()
              + "  "
              + run.state()
              + "  "
              + run.id()
              + "  +"
              + run.rowsWritten()
              + " rows"
              + (run.error() == null ? "" : "  " + run.error()));
    }
  }
}
