package io.quanta.platform.graph;

import io.quanta.catalog.graph.BrokenLink;
import io.quanta.catalog.graph.Graph;
import io.quanta.catalog.graph.GraphEdge;
import io.quanta.catalog.graph.GraphNode;
import io.quanta.catalog.graph.IdentifierUsage;
import io.quanta.catalog.graph.JoinPath;
import io.quanta.catalog.graph.KnowledgeGraph;
import io.quanta.catalog.graph.LineageView;
import io.quanta.spec.ProductId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The graphs as JSON documents, the same for the HTTP API and {@code --format json}: what was
 * asked, the answer as lists, and {@code nodes} and {@code edges} a user interface can draw. A node
 * is {@code {id, kind, label, parent?, attributes}}, an edge {@code {from, to, kind, label?,
 * attributes}}; see docs/graphs.md.
 */
public final class GraphJson {
  private GraphJson() {}

  /** A lineage view: {@code root, direction, depth?, columns, nodes, edges}. */
  public static Map<String, Object> lineage(LineageView view) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("root", view.root().toString());
    body.put("direction", view.direction().specName());
    view.depth().ifPresent(depth -> body.put("depth", depth));
    body.put("columns", view.columns());
    drawing(body, view.graph());
    return body;
  }

  /** Every identifier type: {@code identifiers: [...], nodes, edges}. */
  public static Map<String, Object> identifiers(
      KnowledgeGraph knowledge, List<IdentifierUsage> usages) {
    Map<String, Object> body = new LinkedHashMap<>();
    List<Map<String, Object>> list = new ArrayList<>();
    List<Graph> graphs = new ArrayList<>();
    for (IdentifierUsage usage : usages) {
      list.add(usage(usage));
      graphs.add(knowledge.graph(usage));
    }
    body.put("identifiers", list);
    drawing(body, Graph.union(graphs));
    return body;
  }

  /**
   * One identifier type: {@code name, description, registered, products, columns, nodes, edges}.
   */
  public static Map<String, Object> identifier(KnowledgeGraph knowledge, IdentifierUsage usage) {
    Map<String, Object> body = usage(usage);
    drawing(body, knowledge.graph(usage));
    return body;
  }

  /** Join paths: {@code from, to, joins?, paths: [{products, steps: [{from, to, on}]}], ...}. */
  public static Map<String, Object> paths(
      KnowledgeGraph knowledge, ProductId from, ProductId to, List<JoinPath> paths) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("from", from.toString());
    body.put("to", to.toString());
    if (!paths.isEmpty()) {
      body.put("joins", paths.get(0).steps().size());
    }
    List<Map<String, Object>> list = new ArrayList<>();
    for (JoinPath path : paths) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("products", path.products().stream().map(ProductId::toString).toList());
      List<Map<String, Object>> steps = new ArrayList<>();
      for (JoinPath.Step step : path.steps()) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("from", step.from().toString());
        view.put("to", step.to().toString());
        List<Map<String, Object>> on = new ArrayList<>();
        for (JoinPath.Condition condition : step.on()) {
          Map<String, Object> pair = new LinkedHashMap<>();
          pair.put("from", condition.from().toString());
          pair.put("to", condition.to().toString());
          pair.put("reason", condition.reason().specName());
          condition.identifier().ifPresent(type -> pair.put("identifier", type));
          on.add(pair);
        }
        view.put("on", on);
        steps.add(view);
      }
      entry.put("steps", steps);
      list.add(entry);
    }
    body.put("paths", list);
    drawing(body, knowledge.graph(paths));
    return body;
  }

  /** Broken links and unregistered identifier types: {@code brokenLinks, unregistered, ...}. */
  public static Map<String, Object> brokenLinks(
      KnowledgeGraph knowledge, List<BrokenLink> links, List<IdentifierUsage> unregistered) {
    Map<String, Object> body = new LinkedHashMap<>();
    List<Map<String, Object>> list = new ArrayList<>();
    for (BrokenLink link : links) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("column", link.column().toString());
      entry.put("links", link.link().toString());
      entry.put("reason", link.reason().specName());
      entry.put("message", link.message());
      list.add(entry);
    }
    body.put("brokenLinks", list);
    body.put("unregisteredIdentifiers", unregistered.stream().map(GraphJson::usage).toList());
    drawing(body, knowledge.graphOfBrokenLinks(links));
    return body;
  }

  private static Map<String, Object> usage(IdentifierUsage usage) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("name", usage.name());
    view.put("description", usage.description());
    view.put("registered", usage.registered());
    view.put("products", usage.products().stream().map(ProductId::toString).toList());
    List<Map<String, Object>> columns = new ArrayList<>();
    for (IdentifierUsage.Exposure exposure : usage.columns()) {
      Map<String, Object> column = new LinkedHashMap<>();
      column.put("column", exposure.column().toString());
      column.put("product", exposure.column().product().toString());
      column.put("port", exposure.column().port().toString());
      column.put("name", exposure.column().column());
      column.put("type", exposure.type().toString());
      column.put("exposure", exposure.declared() ? "declared" : "linked");
      exposure.via().ifPresent(via -> column.put("via", via.toString()));
      columns.add(column);
    }
    view.put("columns", columns);
    return view;
  }

  private static void drawing(Map<String, Object> body, Graph graph) {
    List<Map<String, Object>> nodes = new ArrayList<>();
    for (GraphNode node : graph.nodes()) {
      Map<String, Object> view = new LinkedHashMap<>();
      view.put("id", node.id());
      view.put("kind", node.kind().specName());
      view.put("label", node.label());
      node.parent().ifPresent(parent -> view.put("parent", parent));
      view.put("attributes", node.attributes());
      nodes.add(view);
    }
    List<Map<String, Object>> edges = new ArrayList<>();
    for (GraphEdge edge : graph.edges()) {
      Map<String, Object> view = new LinkedHashMap<>();
      view.put("from", edge.from());
      view.put("to", edge.to());
      view.put("kind", edge.kind().specName());
      edge.label().ifPresent(label -> view.put("label", label));
      view.put("attributes", edge.attributes());
      edges.add(view);
    }
    body.put("nodes", nodes);
    body.put("edges", edges);
  }
}
