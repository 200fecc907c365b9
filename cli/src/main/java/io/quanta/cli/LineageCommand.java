package io.quanta.cli;

import io.quanta.catalog.graph.Direction;
import io.quanta.catalog.graph.Graph;
import io.quanta.catalog.graph.GraphEdge;
import io.quanta.catalog.graph.GraphNode;
import io.quanta.catalog.graph.LineageView;
import io.quanta.error.QuantaException;
import io.quanta.platform.Mesh;
import io.quanta.platform.api.ApiServer;
import io.quanta.platform.graph.GraphJson;
import io.quanta.spec.ProductRef;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "lineage",
    description = {
      "Show what a product is computed from and what is computed from it, as a tree.",
      "Upstream: its inputs (other products' ports, files, databases, topics), theirs, and so on; downstream: the products reading its ports, theirs, and so on. With --columns, each of its columns with the columns it derives from (or that derive from it), and how: direct, transformed or aggregated, from DuckDB's parse of each product's SQL. See docs/graphs.md."
    })
final class LineageCommand extends MeshCommand implements Callable<Integer> {
  @Parameters(
      index = "0",
      paramLabel = "PRODUCT",
      description = "domain/name (newest major) or domain/name:major.")
  String product;

  @Option(names = "--upstream", description = "Only what the product is computed from.")
  boolean upstream;

  @Option(names = "--downstream", description = "Only what is computed from the product.")
  boolean downstream;

  @Option(
      names = "--depth",
      paramLabel = "N",
      description = "Follow at most N inputs away (default: any depth).")
  Integer depth;

  @Option(names = "--columns", description = "Add column-level lineage.")
  boolean columns;

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
      throw QuantaException.invalidRequest("--format must be text or json, got '" + format + "'");
    }
    if (depth != null && depth < 0) {
      throw QuantaException.invalidRequest("--depth must not be negative, got " + depth);
    }
    ProductRef ref = ProductRef.parse(product);
    Direction direction =
        upstream == downstream
            ? Direction.BOTH
            : upstream ? Direction.UPSTREAM : Direction.DOWNSTREAM;
    try (Mesh mesh = openMesh()) {
      LineageView view =
          mesh.graph()
              .lineage(
                  ref,
                  direction,
                  depth == null ? OptionalInt.empty() : OptionalInt.of(depth),
                  columns);
      if (format.equals("json")) {
        console.println(
            ApiServer.objectMapper()
                .writerWithDefaultPrettyPrinter()
                .writeValueAsString(GraphJson.lineage(view)));
        return 0;
      }
      print(console, view);
      return 0;
    }
  }

  private static void print(Console console, LineageView view) {
    Graph graph = view.graph();
    String root = view.root().toString();
    if (view.direction() != Direction.DOWNSTREAM) {
      console.println("upstream of " + root);
      console.println(root);
      List<String> lines = new ArrayList<>();
      upstream(graph, root, "", new HashSet<>(), lines);
      lines.forEach(console::println);
      if (lines.isEmpty()) {
        console.println("  (no input" + (depthZero(view) ? " followed" : "") + ")");
      }
    }
    if (view.direction() != Direction.UPSTREAM) {
      if (view.direction() == Direction.BOTH) {
        console.println("");
      }
      console.println("downstream of " + root);
      console.println(root);
      List<String> lines = new ArrayList<>();
      downstream(graph, root, "", new HashSet<>(), lines);
      lines.forEach(console::println);
      if (lines.isEmpty()) {
        console.println("  (no product reads it" + (depthZero(view) ? " followed" : "") + ")");
      }
    }
    if (view.columns()) {
      printColumns(console, view);
    }
  }

  private static boolean depthZero(LineageView view) {
    return view.depth().isPresent() && view.depth().getAsInt() == 0;
  }

  /** The inputs of a product, each with what it reads and, under it, that product's inputs. */
  private static void upstream(
      Graph graph, String product, String indent, Set<String> shown, List<String> lines) {
    List<GraphEdge> inputs = graph.into(product, GraphEdge.Kind.READS);
    for (int i = 0; i < inputs.size(); i++) {
      GraphEdge edge = inputs.get(i);
      boolean last = i == inputs.size() - 1;
      Object port = edge.attributes().get("port");
      String source = port != null ? port.toString() : label(graph, edge.from());
      String mode = "incremental".equals(edge.attributes().get("mode")) ? ", incremental" : "";
      boolean again =
          !shown.add(edge.from()) && !graph.into(edge.from(), GraphEdge.Kind.READS).isEmpty();
      lines.add(
          indent
              + (last ? "└── " : "├── ")
              + edge.label().orElse("")
              + ": "
              + source
              + mode
              + (again ? "  (its inputs are shown above)" : ""));
      if (!again) {
        upstream(graph, edge.from(), indent + (last ? "    " : "│   "), shown, lines);
      }
    }
  }

  /** The products reading a product, each with what it reads and, under it, its readers. */
  private static void downstream(
      Graph graph, String product, String indent, Set<String> shown, List<String> lines) {
    List<GraphEdge> readers = graph.outOf(product, GraphEdge.Kind.READS);
    for (int i = 0; i < readers.size(); i++) {
      GraphEdge edge = readers.get(i);
      boolean last = i == readers.size() - 1;
      Object port = edge.attributes().get("port");
      String portName =
          port == null ? "" : port.toString().substring(port.toString().lastIndexOf('/') + 1);
      boolean again =
          !shown.add(edge.to()) && !graph.outOf(edge.to(), GraphEdge.Kind.READS).isEmpty();
      lines.add(
          indent
              + (last ? "└── " : "├── ")
              + edge.to()
              + "  (reads "
              + portName
              + " as "
              + edge.label().orElse("")
              + ")"
              + (again ? "  (its readers are shown above)" : ""));
      if (!again) {
        downstream(graph, edge.to(), indent + (last ? "    " : "│   "), shown, lines);
      }
    }
  }

  private static void printColumns(Console console, LineageView view) {
    Graph graph = view.graph();
    String root = view.root().toString();
    console.println("");
    console.println("columns of " + root);
    for (GraphNode port : graph.nodes()) {
      if (port.kind() != GraphNode.Kind.PORT || !port.parent().orElse("").equals(root)) {
        continue;
      }
      for (GraphNode column : graph.nodes()) {
        if (column.kind() != GraphNode.Kind.COLUMN
            || !column.parent().orElse("").equals(port.id())) {
          continue;
        }
        console.println(port.label() + "." + column.label() + notes(graph, column.id()));
        List<String> lines = new ArrayList<>();
        if (view.direction() != Direction.DOWNSTREAM) {
          columnsUpstream(graph, column.id(), "", new HashSet<>(), lines);
        }
        if (view.direction() != Direction.UPSTREAM) {
          columnsDownstream(graph, column.id(), "", new HashSet<>(), lines);
        }
        lines.forEach(console::println);
      }
    }
  }

  private static void columnsUpstream(
      Graph graph, String column, String indent, Set<String> path, List<String> lines) {
    List<GraphEdge> sources = graph.into(column, GraphEdge.Kind.DERIVES);
    for (int i = 0; i < sources.size(); i++) {
      GraphEdge edge = sources.get(i);
      boolean last = i == sources.size() - 1;
      lines.add(
          indent
              + (last ? "└── " : "├── ")
              + edge.label().orElse("")
              + " from "
              + columnLabel(graph, edge.from())
              + notes(graph, edge.from()));
      if (path.add(edge.from())) {
        columnsUpstream(graph, edge.from(), indent + (last ? "    " : "│   "), path, lines);
        path.remove(edge.from());
      }
    }
  }

  private static void columnsDownstream(
      Graph graph, String column, String indent, Set<String> path, List<String> lines) {
    List<GraphEdge> targets = graph.outOf(column, GraphEdge.Kind.DERIVES);
    for (int i = 0; i < targets.size(); i++) {
      GraphEdge edge = targets.get(i);
      boolean last = i == targets.size() - 1;
      lines.add(
          indent
              + (last ? "└── " : "├── ")
              + edge.label().orElse("")
              + " into "
              + columnLabel(graph, edge.to())
              + notes(graph, edge.to()));
      if (path.add(edge.to())) {
        columnsDownstream(graph, edge.to(), indent + (last ? "    " : "│   "), path, lines);
        path.remove(edge.to());
      }
    }
  }

  /** What a column is computed from when no column says it, and what could not be resolved. */
  private static String notes(Graph graph, String id) {
    GraphNode column = graph.node(id).orElse(null);
    if (column == null) {
      return "";
    }
    StringBuilder notes = new StringBuilder();
    column.attribute("derivation").ifPresent(note -> notes.append("  (").append(note).append(")"));
    Object unresolved = column.attributes().get("unresolved");
    if (unresolved instanceof List<?> reasons && !reasons.isEmpty()) {
      notes
          .append("  (unresolved: ")
          .append(String.join("; ", reasons.stream().map(Object::toString).toList()))
          .append(")");
    }
    return notes.toString();
  }

  /** A port's column by its id; a source's column as the source's label and the column. */
  private static String columnLabel(Graph graph, String id) {
    GraphNode node = graph.node(id).orElse(null);
    if (node == null || node.parent().isEmpty()) {
      return id;
    }
    GraphNode parent = graph.node(node.parent().get()).orElse(null);
    if (parent != null && parent.kind() == GraphNode.Kind.SOURCE) {
      return node.label()
          + " of "
          + parent.attribute("product").orElse("?")
          + " input "
          + parent.attribute("input").orElse("?")
          + " ("
          + parent.label()
          + ")";
    }
    return id;
  }

  private static String label(Graph graph, String id) {
    return graph.node(id).map(GraphNode::label).orElse(id);
  }
}
