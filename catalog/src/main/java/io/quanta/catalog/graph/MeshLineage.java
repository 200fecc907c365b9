package io.quanta.catalog.graph;

import static java.util.Objects.requireNonNull;

import io.quanta.engine.DuckDbSession;
import io.quanta.error.QuantaException;
import io.quanta.spec.Column;
import io.quanta.spec.Input;
import io.quanta.spec.Output;
import io.quanta.spec.PortId;
import io.quanta.spec.ProductId;
import io.quanta.spec.ProductInput;
import io.quanta.spec.ProductSpec;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * Lineage across the mesh, at three levels: products (and the external sources they read), from
 * their inputs; output ports, from the inputs each port's SQL reads; and columns, from each SQL
 * output's column-level lineage ({@link ColumnLineageAnalyzer}). Followed upstream and downstream
 * from any product, to any depth.
 *
 * <p>Immutable and thread safe; built from a set of specs, once per state of the mesh.
 */
public final class MeshLineage {
  private final Map<ProductId, ProductSpec> products = new TreeMap<>();
  private final Map<PortId, OutputLineage> outputs = new TreeMap<>();

  /** Every port-level edge, by the node it ends at and by the node it starts at. */
  private final Map<String, List<GraphEdge>> feedsInto = new HashMap<>();

  private final Map<String, List<GraphEdge>> feedsOutOf = new HashMap<>();

  /** Every column-level edge, likewise. */
  private final Map<String, List<GraphEdge>> derivesInto = new HashMap<>();

  private final Map<String, List<GraphEdge>> derivesOutOf = new HashMap<>();

  /** The nodes edges can reach: ports, sources and columns, by id. */
  private final Map<String, GraphNode> nodes = new HashMap<>();

  /**
   * @param specs the deployed product versions
   * @param outputs the column-level lineage of their output ports; a port without one is taken to
   *     read every input of its product, and has no column-level edges
   */
  public MeshLineage(Collection<ProductSpec> specs, Collection<OutputLineage> outputs) {
    specs.forEach(spec -> products.put(spec.id(), spec));
    outputs.forEach(output -> this.outputs.put(output.port(), output));
    for (ProductSpec spec : products.values()) {
      for (Input input : spec.inputs()) {
        if (!(input instanceof ProductInput)) {
          nodes.put(Nodes.sourceId(spec.id(), input.name()), Nodes.source(spec.id(), input));
        }
      }
      for (Output output : spec.outputs()) {
        PortId port = spec.id().port(output.name());
        nodes.put(port.toString(), Nodes.port(port, Optional.of(output)));
        for (Column column : output.schema()) {
          addOutputColumn(new ColumnId(port, column.name()), column);
        }
        connectPort(spec, output);
      }
    }
  }

  /** The lineage of the specs at the product and port levels only, with no SQL analysed. */
  public static MeshLineage withoutColumns(Collection<ProductSpec> specs) {
    return new MeshLineage(specs, List.of());
  }

  /**
   * The lineage of the specs at every level: each output's SQL is analysed on the session (parsed
   * by DuckDB; no data is read).
   */
  public static MeshLineage analyze(Collection<ProductSpec> specs, DuckDbSession session) {
    Map<PortId, Output> ports = new HashMap<>();
    for (ProductSpec spec : specs) {
      spec.outputs().forEach(output -> ports.put(spec.id().port(output.name()), output));
    }
    ColumnLineageAnalyzer analyzer = new ColumnLineageAnalyzer(session);
    List<OutputLineage> outputs = new ArrayList<>();
    for (ProductSpec spec : specs) {
      outputs.addAll(
          analyzer.analyze(spec, port -> Optional.ofNullable(ports.get(port)).map(Output::schema)));
    }
    return new MeshLineage(specs, outputs);
  }

  /** The column-level lineage of an output port, if its SQL was analysed. */
  public Optional<OutputLineage> output(PortId port) {
    return Optional.ofNullable(outputs.get(port));
  }

  /** The column-level lineage of every analysed output port, in order. */
  public List<OutputLineage> outputs() {
    return List.copyOf(outputs.values());
  }

  /** The products reading a product's ports, in order. */
  public List<ProductId> consumers(ProductId product) {
    List<ProductId> consumers = new ArrayList<>();
    for (ProductSpec spec : products.values()) {
      if (spec.productInputs().stream().anyMatch(input -> input.port().product().equals(product))) {
        consumers.add(spec.id());
      }
    }
    return consumers;
  }

  /**
   * The lineage around a product.
   *
   * @param root the product
   * @param direction upstream, downstream or both
   * @param depth how many inputs away to follow it (0 for the product alone), empty for any depth
   * @param columns whether to add the column level: the root's columns, and the columns they derive
   *     from (upstream) or that derive from them (downstream)
   * @throws QuantaException {@code NOT_FOUND} when the product is not deployed
   */
  public LineageView view(ProductId root, Direction direction, OptionalInt depth, boolean columns) {
    requireNonNull(root, "root is null");
    requireNonNull(direction, "direction is null");
    requireNonNull(depth, "depth is null");
    if (!products.containsKey(root)) {
      throw QuantaException.notFound("Data product does not exist: " + root);
    }
    if (depth.isPresent() && depth.getAsInt() < 0) {
      throw QuantaException.invalidRequest("depth must not be negative, got " + depth.getAsInt());
    }
    int limit = depth.orElse(Integer.MAX_VALUE);
    Graph.Builder graph = new Graph.Builder();
    graph.node(withDistance(Nodes.product(root, Optional.of(products.get(root))), 0));
    if (direction.upstream()) {
      productsUpstream(root, limit, graph);
    }
    if (direction.downstream()) {
      productsDownstream(root, limit, graph);
    }
    List<String> rootPorts = new ArrayList<>();
    List<String> rootColumns = new ArrayList<>();
    for (Output output : products.get(root).outputs()) {
      PortId port = root.port(output.name());
      rootPorts.add(port.toString());
      output
          .schema()
          .forEach(column -> rootColumns.add(new ColumnId(port, column.name()).toString()));
    }
    follow(rootPorts, direction, limit, feedsInto, feedsOutOf, graph, false);
    if (columns) {
      follow(rootColumns, direction, limit, derivesInto, derivesOutOf, graph, true);
    }
    return new LineageView(root, direction, depth, columns, graph.build());
  }

  // ---------------------------------------------------------------------------------------------
  // Products

  private void productsUpstream(ProductId root, int limit, Graph.Builder graph) {
    Map<ProductId, Integer> distance = new HashMap<>();
    Deque<ProductId> queue = new ArrayDeque<>();
    distance.put(root, 0);
    queue.add(root);
    while (!queue.isEmpty()) {
      ProductId product = queue.poll();
      int next = distance.get(product) + 1;
      ProductSpec spec = products.get(product);
      if (spec == null || next > limit) {
        continue;
      }
      for (Input input : spec.inputs()) {
        String from;
        if (input instanceof ProductInput productInput) {
          ProductId upstream = productInput.port().product();
          from = upstream.toString();
          if (!distance.containsKey(upstream)) {
            distance.put(upstream, next);
            graph.node(
                withDistance(
                    Nodes.product(upstream, Optional.ofNullable(products.get(upstream))), -next));
            queue.add(upstream);
          }
        } else {
          from = Nodes.sourceId(product, input.name());
          graph.node(withDistance(nodes.get(from), -next));
        }
        graph.edge(reads(from, product, input));
      }
    }
  }

  private void productsDownstream(ProductId root, int limit, Graph.Builder graph) {
    Map<ProductId, Integer> distance = new HashMap<>();
    Deque<ProductId> queue = new ArrayDeque<>();
    distance.put(root, 0);
    queue.add(root);
    while (!queue.isEmpty()) {
      ProductId product = queue.poll();
      int next = distance.get(product) + 1;
      if (next > limit) {
        continue;
      }
      for (ProductId consumer : consumers(product)) {
        ProductSpec spec = products.get(consumer);
        if (!distance.containsKey(consumer)) {
          distance.put(consumer, next);
          graph.node(withDistance(Nodes.product(consumer, Optional.of(spec)), next));
          queue.add(consumer);
        }
        for (ProductInput input : spec.productInputs()) {
          if (input.port().product().equals(product)) {
            graph.edge(reads(product.toString(), consumer, input));
          }
        }
      }
    }
  }

  private static GraphEdge reads(String from, ProductId to, Input input) {
    Map<String, Object> attributes = new LinkedHashMap<>();
    attributes.put("input", input.name());
    if (input instanceof ProductInput product) {
      attributes.put("port", product.port().toString());
      attributes.put("mode", product.mode().name().toLowerCase(Locale.ROOT));
    }
    return new GraphEdge(
        from, to.toString(), GraphEdge.Kind.READS, Optional.of(input.name()), attributes);
  }

  // ---------------------------------------------------------------------------------------------
  // Ports and columns

  /**
   * Follows edges from the start nodes, upstream along the edges ending at a node and downstream
   * along the edges starting at one, at most {@code limit} edges away, adding what it reaches.
   */
  private void follow(
      List<String> start,
      Direction direction,
      int limit,
      Map<String, List<GraphEdge>> into,
      Map<String, List<GraphEdge>> outOf,
      Graph.Builder graph,
      boolean columns) {
    start.forEach(id -> addNode(graph, id, columns));
    if (direction.upstream()) {
      walk(start, limit, into, true, graph, columns);
    }
    if (direction.downstream()) {
      walk(start, limit, outOf, false, graph, columns);
    }
  }

  private void walk(
      List<String> start,
      int limit,
      Map<String, List<GraphEdge>> edges,
      boolean upstream,
      Graph.Builder graph,
      boolean columns) {
    Map<String, Integer> distance = new HashMap<>();
    Deque<String> queue = new ArrayDeque<>();
    for (String id : start) {
      distance.put(id, 0);
      queue.add(id);
    }
    while (!queue.isEmpty()) {
      String id = queue.poll();
      int next = distance.get(id) + 1;
      if (next > limit) {
        continue;
      }
      for (GraphEdge edge : edges.getOrDefault(id, List.of())) {
        String other = upstream ? edge.from() : edge.to();
        if (!distance.containsKey(other)) {
          distance.put(other, next);
          queue.add(other);
          addNode(graph, other, columns);
        }
        graph.edge(edge);
      }
    }
  }

  private void addNode(Graph.Builder graph, String id, boolean column) {
    GraphNode node = nodes.get(id);
    if (node == null) {
      return;
    }
    if (column) {
      // A column's port (or source) and product belong to the drawing too.
      node.parent().ifPresent(parent -> addNode(graph, parent, false));
    } else if (node.kind() == GraphNode.Kind.PORT) {
      ProductId product = PortId.parse(id).product();
      if (!graph.has(product.toString())) {
        graph.node(Nodes.product(product, Optional.ofNullable(products.get(product))));
      }
    }
    graph.node(node);
  }

  private void connectPort(ProductSpec spec, Output output) {
    PortId port = spec.id().port(output.name());
    Optional<OutputLineage> lineage = Optional.ofNullable(outputs.get(port));
    List<String> read =
        lineage.map(OutputLineage::inputs).orElse(spec.inputs().stream().map(Input::name).toList());
    for (Input input : spec.inputs()) {
      if (!read.contains(input.name())) {
        continue;
      }
      String from;
      if (input instanceof ProductInput product) {
        from = product.port().toString();
        nodes.computeIfAbsent(
            from,
            unused ->
                Nodes.port(
                    product.port(),
                    Optional.ofNullable(products.get(product.port().product()))
                        .flatMap(upstreamSpec -> upstreamSpec.output(product.port().port()))));
      } else {
        from = Nodes.sourceId(spec.id(), input.name());
      }
      add(
          feedsInto,
          feedsOutOf,
          new GraphEdge(
              from,
              port.toString(),
              GraphEdge.Kind.FEEDS,
              Optional.of(input.name()),
              Map.of("input", input.name())));
    }
    if (lineage.isEmpty()) {
      return;
    }
    for (ColumnDerivation derivation : lineage.get().columns()) {
      String to = new ColumnId(port, derivation.column()).toString();
      for (SourceColumn source : derivation.sources()) {
        Optional<Input> input =
            spec.inputs().stream().filter(each -> each.name().equals(source.input())).findFirst();
        if (input.isEmpty()) {
          continue;
        }
        String from;
        if (input.get() instanceof ProductInput product) {
          ColumnId upstream = new ColumnId(product.port(), source.column());
          from = upstream.toString();
          nodes.computeIfAbsent(
              from,
              unused ->
                  Nodes.column(
                      upstream,
                      Optional.ofNullable(products.get(product.port().product()))
                          .flatMap(upstreamSpec -> upstreamSpec.output(product.port().port()))
                          .flatMap(upstreamOutput -> upstreamOutput.column(source.column()))));
        } else {
          GraphNode node = Nodes.sourceColumn(spec.id(), input.get(), source.column());
          from = node.id();
          nodes.putIfAbsent(from, node);
        }
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("how", source.how().specName());
        attributes.put("input", source.input());
        add(
            derivesInto,
            derivesOutOf,
            new GraphEdge(
                from,
                to,
                GraphEdge.Kind.DERIVES,
                Optional.of(source.how().specName()),
                attributes));
      }
    }
  }

  private void addOutputColumn(ColumnId id, Column column) {
    GraphNode node = Nodes.column(id, Optional.of(column));
    Optional<ColumnDerivation> derivation =
        Optional.ofNullable(outputs.get(id.port())).flatMap(lineage -> lineage.column(id.column()));
    if (derivation.isPresent()) {
      Map<String, Object> attributes = new LinkedHashMap<>(node.attributes());
      derivation.get().note().ifPresent(note -> attributes.put("derivation", note));
      if (!derivation.get().unresolved().isEmpty()) {
        attributes.put("unresolved", derivation.get().unresolved());
      }
      node = new GraphNode(node.id(), node.kind(), node.label(), node.parent(), attributes);
    }
    nodes.put(id.toString(), node);
  }

  private static void add(
      Map<String, List<GraphEdge>> into, Map<String, List<GraphEdge>> outOf, GraphEdge edge) {
    into.computeIfAbsent(edge.to(), unused -> new ArrayList<>()).add(edge);
    outOf.computeIfAbsent(edge.from(), unused -> new ArrayList<>()).add(edge);
  }

  private static GraphNode withDistance(GraphNode node, int distance) {
    Map<String, Object> attributes = new LinkedHashMap<>(node.attributes());
    attributes.put("distance", distance);
    return new GraphNode(node.id(), node.kind(), node.label(), node.parent(), attributes);
  }
}
