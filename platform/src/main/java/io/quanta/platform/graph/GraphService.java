package io.quanta.platform.graph;

import static java.util.Objects.requireNonNull;

import io.quanta.catalog.graph.BrokenLink;
import io.quanta.catalog.graph.Direction;
import io.quanta.catalog.graph.IdentifierUsage;
import io.quanta.catalog.graph.JoinPath;
import io.quanta.catalog.graph.KnowledgeGraph;
import io.quanta.catalog.graph.LineageView;
import io.quanta.catalog.graph.MeshLineage;
import io.quanta.catalog.graph.RegisteredIdentifier;
import io.quanta.engine.DuckDbSession;
import io.quanta.engine.Sessions;
import io.quanta.governance.rules.IdentifierType;
import io.quanta.platform.governance.GovernanceService;
import io.quanta.platform.lifecycle.DeployedSpecs;
import io.quanta.spec.ProductId;
import io.quanta.spec.ProductRef;
import io.quanta.spec.ProductSpec;
import java.util.List;
import java.util.OptionalInt;

/**
 * The mesh experience plane's graphs over the deployed products: the knowledge graph (identifier
 * types, join paths, broken links) and lineage (products, ports, columns). Both are computed from
 * the registry's deployed specs and the governance's identifier types, and kept until either
 * changes; lineage, which parses every output's SQL with DuckDB, is computed on first use.
 *
 * <p>Metadata only: nothing here reads a product's data. Thread safe.
 */
public final class GraphService {
  private final DeployedSpecs specs;
  private final GovernanceService governance;
  private final Sessions sessions;
  private volatile Snapshot snapshot;

  /** The graphs of one state of the mesh: its deployed specs and registered identifier types. */
  private static final class Snapshot {
    final List<ProductSpec> specs;
    final List<IdentifierType> identifiers;
    final KnowledgeGraph knowledge;
    private MeshLineage lineage;

    Snapshot(List<ProductSpec> specs, List<IdentifierType> identifiers) {
      this.specs = specs;
      this.identifiers = identifiers;
      this.knowledge =
          new KnowledgeGraph(
              specs,
              identifiers.stream()
                  .map(type -> new RegisteredIdentifier(type.name(), type.description()))
                  .toList());
    }

    /** Whether the state is this one. Specs are parsed once per deployed text, so same is same. */
    boolean holds(List<ProductSpec> currentSpecs, List<IdentifierType> currentIdentifiers) {
      if (currentSpecs.size() != specs.size() || !currentIdentifiers.equals(identifiers)) {
        return false;
      }
      for (int i = 0; i < specs.size(); i++) {
        if (currentSpecs.get(i) != specs.get(i)) {
          return false;
        }
      }
      return true;
    }

    synchronized MeshLineage lineage(Sessions sessions) {
      if (lineage == null) {
        try (DuckDbSession session = sessions.open()) {
          lineage = MeshLineage.analyze(specs, session);
        }
      }
      return lineage;
    }
  }

  /**
   * @param specs the deployed specs
   * @param governance the identifier types registered
   * @param sessions DuckDB sessions to parse the outputs' SQL with
   */
  public GraphService(DeployedSpecs specs, GovernanceService governance, Sessions sessions) {
    this.specs = requireNonNull(specs, "specs is null");
    this.governance = requireNonNull(governance, "governance is null");
    this.sessions = requireNonNull(sessions, "sessions is null");
  }

  /** The knowledge graph of the mesh as it is now. */
  public KnowledgeGraph knowledge() {
    return current().knowledge;
  }

  /** The lineage of the mesh as it is now, every output's SQL analysed. */
  public MeshLineage lineage() {
    return current().lineage(sessions);
  }

  /**
   * The lineage around a product.
   *
   * @param product the product, its newest deployed major version unless one is pinned
   * @param depth how many inputs away to follow it, empty for any depth
   * @param columns whether to add the column level
   * @throws io.quanta.error.QuantaException {@code NOT_FOUND} when it is not deployed
   */
  public LineageView lineage(
      ProductRef product, Direction direction, OptionalInt depth, boolean columns) {
    ProductId id = specs.resolve(product).id();
    return lineage().view(id, direction, depth, columns);
  }

  /** Every identifier type with the columns holding it; see {@link KnowledgeGraph#identifiers}. */
  public List<IdentifierUsage> identifiers() {
    return knowledge().identifiers();
  }

  /** The columns holding an identifier type; see {@link KnowledgeGraph#identifier}. */
  public IdentifierUsage identifier(String type) {
    return knowledge().identifier(type);
  }

  /**
   * The shortest ways to join two products.
   *
   * @throws io.quanta.error.QuantaException {@code NOT_FOUND} when either is not deployed
   */
  public List<JoinPath> paths(ProductRef from, ProductRef to) {
    return knowledge().paths(specs.resolve(from).id(), specs.resolve(to).id());
  }

  /** Every link of a deployed column that does not hold. */
  public List<BrokenLink> brokenLinks() {
    return knowledge().brokenLinks();
  }

  private Snapshot current() {
    List<ProductSpec> deployed = specs.all();
    List<IdentifierType> identifiers = governance.identifiers();
    Snapshot known = snapshot;
    if (known != null && known.holds(deployed, identifiers)) {
      return known;
    }
    Snapshot fresh = new Snapshot(deployed, identifiers);
    snapshot = fresh;
    return fresh;
  }
}
