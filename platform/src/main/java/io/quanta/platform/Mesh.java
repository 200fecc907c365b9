package io.quanta.platform;

import static java.util.Objects.requireNonNull;

import io.quanta.catalog.search.SearchDocument;
import io.quanta.engine.EngineSettings;
import io.quanta.engine.SessionPool;
import io.quanta.engine.SqlGuard;
import io.quanta.platform.alerts.AlertService;
import io.quanta.platform.discovery.DiscoveryService;
import io.quanta.platform.discovery.SearchService;
import io.quanta.platform.events.EventLog;
import io.quanta.platform.governance.GovernanceService;
import io.quanta.platform.governance.MaskKeys;
import io.quanta.platform.governance.PolicyService;
import io.quanta.platform.governance.RowFilterChecks;
import io.quanta.platform.graph.GraphService;
import io.quanta.platform.lifecycle.ConsumerService;
import io.quanta.platform.lifecycle.DeployedSpecs;
import io.quanta.platform.lifecycle.DeprecationService;
import io.quanta.platform.lifecycle.LifecycleService;
import io.quanta.platform.metrics.MeshMetrics;
import io.quanta.platform.read.MeshPortResolver;
import io.quanta.platform.read.PortFiles;
import io.quanta.platform.registry.Registry;
import io.quanta.platform.run.RunService;
import io.quanta.ports.files.FilesPort;
import io.quanta.ports.policy.MaskKey;
import io.quanta.ports.rows.RowsPort;
import io.quanta.ports.sql.QueryLimits;
import io.quanta.ports.sql.QueryService;
import io.quanta.spec.SpecParser;
import io.quanta.storage.Warehouse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/**
 * A mesh on one data folder: the composition root that opens the registry and the warehouse and
 * wires the services every surface (CLI, HTTP API) uses. Everything lives under the folder:
 *
 * <pre>
 *   quanta.db     the registry (SQLite)
 *   catalog.db    the Iceberg catalog (SQLite)
 *   warehouse/    the Iceberg tables, one per output port and major version
 *   tmp/          scratch space of DuckDB sessions
 *   secrets/      the mesh's secrets: mask.key, the key of the hash mask
 *   search/       the search index (Lucene), rebuilt from the registry when lost
 * </pre>
 *
 * <p>Several processes may open the same folder (a server and CLI commands); SQLite serializes
 * their writes and the registry serializes runs of a product.
 */
public final class Mesh implements AutoCloseable {
  private final Path dataDir;
  private final MeshConfig config;
  private final Registry registry;
  private final Warehouse warehouse;
  private final DeployedSpecs specs;
  private final LifecycleService lifecycle;
  private final SearchService search;
  private final RunService runs;
  private final QueryService queries;
  private final DiscoveryService discovery;
  private final FilesPort files;
  private final RowsPort rows;
  private final EventLog events;
  private final SessionPool sessions;
  private final SqlGuard.Parser sqlParser;
  private final MaskKey maskKey;
  private final MeshMetrics metrics;
  private final PolicyService policies;
  private final GovernanceService governance;
  private final GraphService graph;
  private final AlertService alerts;
  private final io.quanta.platform.trust.TrustService trust;
  private final io.quanta.platform.trust.QuarantineService quarantine;
  private final io.quanta.platform.trust.SloMonitor monitor;
  private final ConsumerService consumers;
  private final DeprecationService deprecations;
  private final Clock clock;

  private Mesh(Path dataDir, Clock clock) {
    this.dataDir = dataDir;
    this.clock = clock;
    try {
      Files.createDirectories(dataDir);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create the data folder " + dataDir, e);
    }
    this.config = MeshConfig.load(dataDir);
    this.registry = Registry.open(dataDir);
    this.metrics = new MeshMetrics(registry.audit(), registry.runs(), clock);
    this.warehouse = Warehouse.open(dataDir);
    EngineSettings engine = EngineSettings.defaults(dataDir.resolve("tmp"));
    this.sessions = new SessionPool(engine, 2);
    this.sqlParser = new SqlGuard.Parser(engine);
    SpecParser parser = SpecParser.create();
    this.specs = new DeployedSpecs(registry.products(), parser);
    PortFiles portFiles = new PortFiles(warehouse);
    this.governance = new GovernanceService(registry.governance(), clock);
    this.maskKey = MaskKeys.load(dataDir);
    this.policies =
        new PolicyService(
            specs,
            governance::policies,
            registry.policies(),
            metrics,
            new RowFilterChecks(sessions, sqlParser),
            clock);
    this.lifecycle =
        new LifecycleService(
            registry,
            warehouse,
            parser,
            specs,
            sessions,
            clock,
            governance::governance,
            policies::local);
    this.trust = new io.quanta.platform.trust.TrustService(registry, specs, policies, clock);
    this.quarantine = new io.quanta.platform.trust.QuarantineService(specs, warehouse, sessions);
    this.search =
        new SearchService(
            dataDir.resolve(SearchService.FOLDER),
            registry.products(),
            specs,
            product ->
                specs
                    .find(product)
                    .map(trust::sloStatus)
                    .orElse(SearchDocument.UNKNOWN_SLO_STATUS));
    lifecycle.onDeploy(search::deployed);
    this.consumers = new ConsumerService(registry, specs, clock);
    this.deprecations =
        new DeprecationService(registry, specs, warehouse, consumers, config.lifecycle(), clock);
    lifecycle.addSpecCheck(deprecations::checkSpec);
    deprecations.onChange(search::refresh);
    metrics.sloSource(() -> trust.gauges());
    this.runs =
        new RunService(
            registry,
            warehouse,
            specs,
            portFiles,
            sessions,
            dataDir,
            config.kafka(),
            policies,
            maskKey,
            clock);
    this.queries =
        new QueryService(
            new MeshPortResolver(registry, specs, portFiles, runs, policies),
            sessions,
            sqlParser,
            QueryLimits.defaults(),
            clock,
            maskKey,
            metrics);
    this.graph = new GraphService(specs, governance, sessions);
    this.discovery =
        new DiscoveryService(registry, specs, warehouse, config, queries, policies, trust);
    this.alerts =
        new AlertService(registry, config.alerts(), System::getenv, discovery::productUrl, clock);
    this.monitor =
        new io.quanta.platform.trust.SloMonitor(
            registry, specs, trust, portFiles, sessions, alerts, search, metrics, clock);
    runs.onChecked(monitor::runChecked);
    this.files = new FilesPort(queries);
    this.rows = new RowsPort(queries);
    this.events =
        new EventLog(registry, specs, warehouse, sessions, policies, maskKey, metrics, clock);
    runs.emitLineage(
        io.quanta.platform.lineage.RunLineage.create(
            config.openLineage(),
            dataDir,
            config.kafka(),
            System::getenv,
            port -> graph.lineage().output(port),
            registry.trust()));
    // Followers of the events port hear of this process's commits at once.
    runs.onCommit(run -> events.committed());
  }

  /** Opens (creating if needed) the mesh in the folder, with the system clock. */
  public static Mesh open(Path dataDir) {
    return open(dataDir, Clock.systemUTC());
  }

  public static Mesh open(Path dataDir, Clock clock) {
    requireNonNull(dataDir, "dataDir is null");
    Mesh mesh = new Mesh(dataDir.toAbsolutePath().normalize(), clock);
    mesh.runs.clearStoppedRuns();
    return mesh;
  }

  public Path dataDir() {
    return dataDir;
  }

  /** The clock every service of the mesh reads the time from. */
  public Clock clock() {
    return clock;
  }

  /** The mesh's settings ({@code quanta.yaml} in the data folder). */
  public MeshConfig config() {
    return config;
  }

  public LifecycleService lifecycle() {
    return lifecycle;
  }

  /** Who depends on a product version: products reading it and readers in the audit. */
  public ConsumerService consumers() {
    return consumers;
  }

  /** Deprecation and retirement of product versions (docs/lifecycle-deprecation.md). */
  public DeprecationService deprecations() {
    return deprecations;
  }

  /** Search and browse over what the deployed products publish about themselves. */
  public SearchService search() {
    return search;
  }

  public RunService runs() {
    return runs;
  }

  public QueryService queries() {
    return queries;
  }

  public DiscoveryService discovery() {
    return discovery;
  }

  /** The files output port of every product. */
  public FilesPort files() {
    return files;
  }

  /** The events of every port: its history as an infinite log. */
  public EventLog events() {
    return events;
  }

  /** The REST output port of every product. */
  public RowsPort rows() {
    return rows;
  }

  /** What readers may read of each port: global and local runtime policies. */
  public PolicyService policies() {
    return policies;
  }

  /** The mesh's governance: identifier types, deploy-time rules and global runtime policies. */
  public GovernanceService governance() {
    return governance;
  }

  /** The knowledge graph and lineage of the deployed products. */
  public GraphService graph() {
    return graph;
  }

  /** Incidents of the products' checks, and the alerts they send. */
  public AlertService alerts() {
    return alerts;
  }

  /** The metrics of this process's reads and of every process's runs, for {@code /metrics}. */
  public io.quanta.platform.trust.TrustService trust() {
    return trust;
  }

  /** Watches objectives between runs and hands run checks to the alerts (docs/trust.md). */
  public io.quanta.platform.trust.SloMonitor monitor() {
    return monitor;
  }

  /** The ports' quarantined rows (docs/trust.md). */
  public io.quanta.platform.trust.QuarantineService quarantine() {
    return quarantine;
  }

  /** Prometheus metrics of this process (docs/metrics.md). */
  public MeshMetrics metrics() {
    return metrics;
  }

  /** The mesh-wide secret of the {@code hash} mask. */
  public MaskKey maskKey() {
    return maskKey;
  }

  public DeployedSpecs specs() {
    return specs;
  }

  public Registry registry() {
    return registry;
  }

  @Override
  public void close() {
    alerts.close();
    search.close();
    sessions.close();
    sqlParser.close();
    warehouse.close();
    registry.close();
  }
}
