package io.quanta.catalog.graph;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Nodes and edges, as a user interface draws them. Every edge's ends are nodes of the graph.
 *
 * @param nodes the nodes, each id once
 * @param edges the edges, each once
 */
public record Graph(List<GraphNode> nodes, List<GraphEdge> edges) {
  public Graph {
    nodes = List.copyOf(nodes);
    edges = List.copyOf(edges);
  }

  /** The node of that id, if the graph has it. */
  public Optional<GraphNode> node(String id) {
    return nodes.stream().filter(node -> node.id().equals(id)).findFirst();
  }

  /** The edges of a kind ending at the node. */
  public List<GraphEdge> into(String id, GraphEdge.Kind kind) {
    return edges.stream().filter(edge -> edge.kind() == kind && edge.to().equals(id)).toList();
  }

  /** The edges of a kind starting at the node. */
  public List<GraphEdge> outOf(String id, GraphEdge.Kind kind) {
    return edges.stream().filter(edge -> edge.kind() == kind && edge.from().equals(id)).toList();
  }

  /** The graphs drawn together: every node and edge of each, each once. */
  public static Graph union(List<Graph> graphs) {
    Builder builder = new Builder();
    for (Graph graph : graphs) {
      graph.nodes().forEach(builder::node);
      graph.edges().forEach(builder::edge);
    }
    return builder.build();
  }

  /** Collects nodes and edges; a node or edge added twice is kept once (the first). */
  static final class Builder {
    private final Map<String, GraphNode> nodes = new LinkedHashMap<>();
    private final Set<GraphEdge> edges = new LinkedHashSet<>();

    Builder node(GraphNode node) {
      nodes.putIfAbsent(node.id(), node);
      return this;
    }

    boolean has(String id) {
      return nodes.containsKey(id);
    }

    Builder edge(GraphEdge edge) {
      edges.add(edge);
      return this;
    }

    Graph build() {
      List<GraphEdge> kept = new ArrayList<>();
      for (GraphEdge edge : edges) {
        if (nodes.containsKey(edge.from()) && nodes.containsKey(edge.to())) {
          kept.add(edge);
        }
      }
      return new Graph(new ArrayList<>(nodes.values()), kept);
    }
  }
}
