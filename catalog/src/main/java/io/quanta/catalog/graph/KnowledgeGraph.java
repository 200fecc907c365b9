package io.quanta.catalog.graph;

import static java.util.Objects.requireNonNull;

import io.quanta.error.QuantaException;
import io.quanta.spec.Column;
import io.quanta.spec.ColumnLink;
import io.quanta.spec.Output;
import io.quanta.spec.ProductId;
import io.quanta.spec.ProductName;
import io.quanta.spec.ProductSpec;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The mesh's knowledge graph: its products' output columns, the global identifier types they hold
 * ({@code semantic:}) and the links between them ({@code links:}). It answers which columns (and
 * products) hold an identifier type, how two products can be joined, and which links are broken.
 *
 * <p>A column holds an identifier type when it declares it with {@code semantic}, or when it
 * declares none and links to a column that holds one (through any number of links). Two columns
 * join when one links to the other, or when both hold the same identifier type.
 *
 * <p>Immutable and thread safe; built from a set of specs, once per state of the mesh.
 */
public final class KnowledgeGraph {
  /** Shortest join paths listed at most, so that a densely linked mesh stays readable. */
  public static final int MAX_PATHS = 10;

  private final Map<ProductId, ProductSpec> products = new TreeMap<>();
  private final Map<String, RegisteredIdentifier> registered = new LinkedHashMap<>();
  private final Map<ColumnId, Column> columns = new TreeMap<>();
  private final Map<ColumnId, IdentifierUsage.Exposure> exposures = new TreeMap<>();
  private final Map<ColumnId, String> identifierOf = new HashMap<>();

  /** Which products join which, on which columns; computed on first use (it can be large). */
  private Map<ProductId, Map<ProductId, List<JoinPath.Condition>>> joins;

  private final List<BrokenLink> brokenLinks = new ArrayList<>();

  /**
   * @param specs the deployed product versions; a later spec of the same version replaces an
   *     earlier one
   * @param identifiers the identifier types the mesh's governance registers
   */
  public KnowledgeGraph(Collection<ProductSpec> specs, List<RegisteredIdentifier> identifiers) {
    specs.forEach(spec -> products.put(spec.id(), spec));
    identifiers.forEach(identifier -> registered.putIfAbsent(identifier.name(), identifier));
    for (ProductSpec spec : products.values()) {
      for (Output output : spec.outputs()) {
        for (Column column : output.schema()) {
          columns.put(new ColumnId(spec.id().port(output.name()), column.name()), column);
        }
      }
    }
    for (Map.Entry<ColumnId, Column> entry : columns.entrySet()) {
      resolveIdentifier(entry.getKey(), new HashSet<>())
          .ifPresent(type -> identifierOf.put(entry.getKey(), type));
      Column column = entry.getValue();
      if (identifierOf.containsKey(entry.getKey())) {
        Optional<ColumnId> via =
            column.semantic().isPresent() ? Optional.empty() : column.links().map(ColumnId::of);
        exposures.put(
            entry.getKey(), new IdentifierUsage.Exposure(entry.getKey(), column.type(), via));
      }
      column.links().ifPresent(link -> checkLink(entry.getKey(), column, link));
    }
  }

  /** The product versions of the graph, in order. */
  public List<ProductSpec> products() {
    return List.copyOf(products.values());
  }

  /** The deployed spec of a product version, if it is in the graph. */
  public Optional<ProductSpec> product(ProductId id) {
    return Optional.ofNullable(products.get(id));
  }

  /** The registered identifier types, in registration order. */
  public List<RegisteredIdentifier> registered() {
    return List.copyOf(registered.values());
  }

  /**
   * Every identifier type with the columns holding it: the registered ones in registration order
   * (with no column when no product holds them), then the ones columns declare without their being
   * registered, by name.
   */
  public List<IdentifierUsage> identifiers() {
    List<IdentifierUsage> usages = new ArrayList<>();
    for (RegisteredIdentifier identifier : registered.values()) {
      usages.add(usage(identifier.name()));
    }
    usages.addAll(unregistered());
    return usages;
  }

  /**
   * The columns holding an identifier type.
   *
   * @throws QuantaException {@code NOT_FOUND} when the type is neither registered nor held by any
   *     column
   */
  public IdentifierUsage identifier(String type) {
    requireNonNull(type, "type is null");
    if (!registered.containsKey(type) && !identifierOf.containsValue(type)) {
      throw QuantaException.notFound(
          "Identifier type '"
              + type
              + "' is neither registered nor declared by any column; registered: "
              + (registered.isEmpty() ? "(none)" : String.join(", ", registered.keySet())));
    }
    return usage(type);
  }

  /**
   * The identifier types columns declare with {@code semantic} that are not registered, by name.
   */
  public List<IdentifierUsage> unregistered() {
    Set<String> types = new java.util.TreeSet<>();
    for (Column column : columns.values()) {
      column.semantic().filter(type -> !registered.containsKey(type)).ifPresent(types::add);
    }
    return types.stream().map(this::usage).toList();
  }

  /**
   * Every link that does not hold, by linking column: its target product, major version, port or
   * column is not deployed, or the target's type differs from the linking column's, or the linking
   * column declares a semantic the target does not hold.
   */
  public List<BrokenLink> brokenLinks() {
    return List.copyOf(brokenLinks);
  }

  /**
   * The shortest ways to join two products, each step saying which columns join; at most {@value
   * #MAX_PATHS}, by the products they pass through. Empty when nothing connects them; one path
   * without steps when they are the same product.
   *
   * @throws QuantaException {@code NOT_FOUND} when either product is not in the graph
   */
  public List<JoinPath> paths(ProductId from, ProductId to) {
    requireProduct(from);
    requireProduct(to);
    if (from.equals(to)) {
      return List.of(new JoinPath(from, to, List.of()));
    }
    Map<ProductId, Integer> distance = new HashMap<>();
    Map<ProductId, List<ProductId>> previous = new HashMap<>();
    Deque<ProductId> queue = new ArrayDeque<>();
    distance.put(from, 0);
    queue.add(from);
    while (!queue.isEmpty()) {
      ProductId product = queue.poll();
      int next = distance.get(product) + 1;
      if (distance.containsKey(to) && next > distance.get(to)) {
        break;
      }
      for (ProductId neighbour : joins().getOrDefault(product, Map.of()).keySet()) {
        Integer known = distance.get(neighbour);
        if (known == null) {
          distance.put(neighbour, next);
          previous.computeIfAbsent(neighbour, unused -> new ArrayList<>()).add(product);
          queue.add(neighbour);
        } else if (known == next) {
          previous.get(neighbour).add(product);
        }
      }
    }
    if (!distance.containsKey(to)) {
      return List.of();
    }
    List<List<ProductId>> chains = new ArrayList<>();
    collectChains(to, from, previous, new ArrayDeque<>(), chains);
    chains.sort(Comparator.comparing(Object::toString));
    List<JoinPath> paths = new ArrayList<>();
    for (List<ProductId> chain : chains.subList(0, Math.min(MAX_PATHS, chains.size()))) {
      List<JoinPath.Step> steps = new ArrayList<>();
      for (int i = 0; i + 1 < chain.size(); i++) {
        steps.add(
            new JoinPath.Step(
                chain.get(i), chain.get(i + 1), joins().get(chain.get(i)).get(chain.get(i + 1))));
      }
      paths.add(new JoinPath(from, to, steps));
    }
    return paths;
  }

  /** The products a product can be joined with directly, each with the columns that join. */
  public Map<ProductId, List<JoinPath.Condition>> joinable(ProductId product) {
    requireProduct(product);
    return Collections.unmodifiableMap(joins().getOrDefault(product, Map.of()));
  }

  // ---------------------------------------------------------------------------------------------
  // Drawings

  /** An identifier type, the columns holding it, their ports and products, and their links. */
  public Graph graph(IdentifierUsage usage) {
    Graph.Builder graph = new Graph.Builder();
    graph.node(
        Nodes.identifier(usage.name(), usage.description(), registered.containsKey(usage.name())));
    for (IdentifierUsage.Exposure exposure : usage.columns()) {
      addColumn(graph, exposure.column());
      graph.edge(
          new GraphEdge(
              exposure.column().toString(),
              Nodes.identifierId(usage.name()),
              GraphEdge.Kind.IDENTIFIES,
              Optional.empty(),
              Map.of("exposure", exposure.declared() ? "declared" : "linked")));
      exposure.via().ifPresent(via -> graph.edge(link(exposure.column(), via, Optional.empty())));
    }
    return graph.build();
  }

  /** The products of the paths, joined by edges that carry their join conditions. */
  public Graph graph(List<JoinPath> paths) {
    Graph.Builder graph = new Graph.Builder();
    for (JoinPath path : paths) {
      path.products().forEach(product -> addProduct(graph, product));
      for (JoinPath.Step step : path.steps()) {
        List<Map<String, Object>> on = new ArrayList<>();
        for (JoinPath.Condition condition : step.on()) {
          Map<String, Object> entry = new LinkedHashMap<>();
          entry.put("from", condition.from().toString());
          entry.put("to", condition.to().toString());
          entry.put("reason", condition.reason().specName());
          condition.identifier().ifPresent(type -> entry.put("identifier", type));
          on.add(entry);
        }
        graph.edge(
            new GraphEdge(
                step.from().toString(),
                step.to().toString(),
                GraphEdge.Kind.JOINS,
                Optional.empty(),
                Map.of("on", on)));
      }
    }
    return graph.build();
  }

  /** The broken links: each linking column and the column it names, present or not. */
  public Graph graphOfBrokenLinks(List<BrokenLink> links) {
    Graph.Builder graph = new Graph.Builder();
    for (BrokenLink broken : links) {
      addColumn(graph, broken.column());
      addColumn(graph, ColumnId.of(broken.link()));
      graph.edge(link(broken.column(), ColumnId.of(broken.link()), Optional.of(broken.reason())));
    }
    return graph.build();
  }

  private void addProduct(Graph.Builder graph, ProductId product) {
    graph.node(Nodes.product(product, product(product)));
  }

  private void addColumn(Graph.Builder graph, ColumnId column) {
    addProduct(graph, column.product());
    Optional<Output> output =
        product(column.product()).flatMap(spec -> spec.output(column.port().port()));
    graph.node(Nodes.port(column.port(), output));
    graph.node(Nodes.column(column, Optional.ofNullable(columns.get(column))));
  }

  private static GraphEdge link(ColumnId from, ColumnId to, Optional<BrokenLink.Reason> broken) {
    Map<String, Object> attributes = new LinkedHashMap<>();
    broken.ifPresent(reason -> attributes.put("broken", reason.specName()));
    return new GraphEdge(
        from.toString(), to.toString(), GraphEdge.Kind.LINKS, Optional.empty(), attributes);
  }

  // ---------------------------------------------------------------------------------------------
  // Building

  private IdentifierUsage usage(String type) {
    RegisteredIdentifier identifier = registered.get(type);
    List<IdentifierUsage.Exposure> holding = new ArrayList<>();
    exposures.forEach(
        (column, exposure) -> {
          if (type.equals(identifierOf.get(column))) {
            holding.add(exposure);
          }
        });
    return new IdentifierUsage(
        type, identifier == null ? "" : identifier.description(), identifier != null, holding);
  }

  /** The identifier type a column holds: its semantic, else its link target's, transitively. */
  private Optional<String> resolveIdentifier(ColumnId id, Set<ColumnId> seen) {
    Column column = columns.get(id);
    if (column == null || !seen.add(id)) {
      return Optional.empty();
    }
    if (column.semantic().isPresent()) {
      return column.semantic();
    }
    return column.links().flatMap(link -> resolveIdentifier(ColumnId.of(link), seen));
  }

  private void checkLink(ColumnId id, Column column, ColumnLink link) {
    ColumnId target = ColumnId.of(link);
    ProductId product = target.product();
    String prefix = "links to " + link + ", but ";
    ProductSpec spec = products.get(product);
    if (spec == null) {
      List<Integer> majors =
          products.keySet().stream()
              .filter(other -> other.product().equals(product.product()))
              .map(ProductId::major)
              .toList();
      if (majors.isEmpty()) {
        broken(
            id,
            link,
            BrokenLink.Reason.PRODUCT_MISSING,
            prefix + "no data product " + product.product() + " is deployed");
      } else {
        broken(
            id,
            link,
            BrokenLink.Reason.MAJOR_MISSING,
            prefix
                + product.product()
                + " has no major version "
                + product.major()
                + " (deployed: "
                + String.join(", ", majors.stream().map(String::valueOf).toList())
                + ")");
      }
      return;
    }
    Optional<Output> output = spec.output(target.port().port());
    if (output.isEmpty()) {
      broken(
          id,
          link,
          BrokenLink.Reason.PORT_MISSING,
          prefix
              + product
              + " has no output port "
              + target.port().port()
              + " (its ports: "
              + String.join(", ", spec.outputs().stream().map(Output::name).toList())
              + ")");
      return;
    }
    Optional<Column> linked = output.get().column(target.column());
    if (linked.isEmpty()) {
      broken(
          id,
          link,
          BrokenLink.Reason.COLUMN_MISSING,
          prefix
              + "port "
              + target.port()
              + " has no column "
              + target.column()
              + " (its columns: "
              + String.join(", ", output.get().schema().stream().map(Column::name).toList())
              + ")");
      return;
    }
    if (!linked.get().type().equals(column.type())) {
      broken(
          id,
          link,
          BrokenLink.Reason.TYPE_DIFFERS,
          "is "
              + column.type()
              + " but the column it links to, "
              + link
              + ", is "
              + linked.get().type());
    }
    if (column.semantic().isPresent()
        && !column.semantic().equals(resolveIdentifier(target, new HashSet<>()))) {
      broken(
          id,
          link,
          BrokenLink.Reason.SEMANTIC_DIFFERS,
          "holds "
              + column.semantic().get()
              + " but the column it links to, "
              + link
              + ", "
              + resolveIdentifier(target, new HashSet<>())
                  .map(type -> "holds " + type)
                  .orElse("holds no identifier type"));
    }
  }

  private void broken(ColumnId id, ColumnLink link, BrokenLink.Reason reason, String message) {
    brokenLinks.add(new BrokenLink(id, link, reason, message));
  }

  private synchronized Map<ProductId, Map<ProductId, List<JoinPath.Condition>>> joins() {
    if (joins == null) {
      joins = connect();
    }
    return joins;
  }

  /** The join edges between products: links, then shared identifier types. */
  private Map<ProductId, Map<ProductId, List<JoinPath.Condition>>> connect() {
    Map<ProductId, Map<ProductId, List<JoinPath.Condition>>> joins = new TreeMap<>();
    Set<List<ColumnId>> linked = new HashSet<>();
    for (Map.Entry<ColumnId, Column> entry : columns.entrySet()) {
      Optional<ColumnLink> link = entry.getValue().links();
      if (link.isEmpty() || !columns.containsKey(ColumnId.of(link.get()))) {
        continue;
      }
      ColumnId from = entry.getKey();
      ColumnId to = ColumnId.of(link.get());
      Optional<String> type =
          Optional.ofNullable(identifierOf.get(from))
              .or(() -> Optional.ofNullable(identifierOf.get(to)));
      join(joins, new JoinPath.Condition(from, to, JoinPath.Reason.LINK, type));
      linked.add(List.of(from, to));
      linked.add(List.of(to, from));
    }
    Map<String, List<ColumnId>> byType = new TreeMap<>();
    identifierOf.forEach(
        (column, type) -> byType.computeIfAbsent(type, unused -> new ArrayList<>()).add(column));
    for (Map.Entry<String, List<ColumnId>> entry : byType.entrySet()) {
      List<ColumnId> holding = new ArrayList<>(entry.getValue());
      holding.sort(Comparator.naturalOrder());
      for (int i = 0; i < holding.size(); i++) {
        for (int j = i + 1; j < holding.size(); j++) {
          ColumnId a = holding.get(i);
          ColumnId b = holding.get(j);
          if (!linked.contains(List.of(a, b))) {
            join(
                joins,
                new JoinPath.Condition(
                    a, b, JoinPath.Reason.IDENTIFIER, Optional.of(entry.getKey())));
          }
        }
      }
    }
    Comparator<JoinPath.Condition> order =
        Comparator.comparing(JoinPath.Condition::reason)
            .thenComparing(JoinPath.Condition::from)
            .thenComparing(JoinPath.Condition::to);
    joins.values().forEach(neighbours -> neighbours.values().forEach(list -> list.sort(order)));
    return joins;
  }

  private static void join(
      Map<ProductId, Map<ProductId, List<JoinPath.Condition>>> joins,
      JoinPath.Condition condition) {
    ProductId a = condition.from().product();
    ProductId b = condition.to().product();
    if (a.equals(b)) {
      return; // a product joins itself without the graph's help
    }
    joins
        .computeIfAbsent(a, unused -> new TreeMap<>())
        .computeIfAbsent(b, unused -> new ArrayList<>())
        .add(condition);
    joins
        .computeIfAbsent(b, unused -> new TreeMap<>())
        .computeIfAbsent(a, unused -> new ArrayList<>())
        .add(condition.reversed());
  }

  private static void collectChains(
      ProductId at,
      ProductId start,
      Map<ProductId, List<ProductId>> previous,
      Deque<ProductId> suffix,
      List<List<ProductId>> chains) {
    if (chains.size() >= MAX_PATHS * 10) {
      return;
    }
    suffix.push(at);
    if (at.equals(start)) {
      chains.add(new ArrayList<>(suffix));
    } else {
      for (ProductId before : previous.getOrDefault(at, List.of())) {
        collectChains(before, start, previous, suffix, chains);
      }
    }
    suffix.pop();
  }

  private void requireProduct(ProductId id) {
    if (products.containsKey(id)) {
      return;
    }
    ProductName name = id.product();
    List<String> majors =
        products.keySet().stream()
            .filter(other -> other.product().equals(name))
            .map(other -> String.valueOf(other.major()))
            .toList();
    throw QuantaException.notFound(
        "Data product does not exist: "
            + id
            + (majors.isEmpty()
                ? ""
                : " (deployed major versions: " + String.join(", ", majors) + ")"));
  }
}
