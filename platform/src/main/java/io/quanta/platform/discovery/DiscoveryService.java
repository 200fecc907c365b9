package io.quanta.platform.discovery;

import static java.util.Objects.requireNonNull;

import io.quanta.engine.ResultColumn;
import io.quanta.engine.sources.JdbcSource;
import io.quanta.governance.Reader;
import io.quanta.governance.policy.PortDecision;
import io.quanta.platform.MeshConfig;
import io.quanta.platform.events.Event;
import io.quanta.platform.governance.PolicyService;
import io.quanta.platform.lifecycle.DeployedSpecs;
import io.quanta.platform.read.MeshPortResolver;
import io.quanta.platform.registry.LifecycleState;
import io.quanta.platform.registry.PortRecord;
import io.quanta.platform.registry.PortSnapshotRecord;
import io.quanta.platform.registry.ProductLifecycle;
import io.quanta.platform.registry.ProductVersion;
import io.quanta.platform.registry.Registry;
import io.quanta.platform.registry.RunRecord;
import io.quanta.ports.sql.QueryService;
import io.quanta.ports.sql.ReadOptions;
import io.quanta.ports.sql.ResultSink;
import io.quanta.spec.AccessMode;
import io.quanta.spec.Column;
import io.quanta.spec.FileInput;
import io.quanta.spec.Input;
import io.quanta.spec.JdbcInput;
import io.quanta.spec.KafkaInput;
import io.quanta.spec.Output;
import io.quanta.spec.PortId;
import io.quanta.spec.ProductId;
import io.quanta.spec.ProductInput;
import io.quanta.spec.ProductRef;
import io.quanta.spec.ProductSpec;
import io.quanta.storage.Warehouse;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Builds the product list and each product version's root document: the discovery port. The
 * document is written for its caller: what they may read of each port, and a few sample rows as
 * they may see them, read through the SQL port like any read (policies applied, audited). Thread
 * safe.
 */
public final class DiscoveryService {
  /** How many sample rows a port's document shows. */
  public static final int SAMPLE_ROWS = 5;

  private final Registry registry;
  private final DeployedSpecs specs;
  private final Warehouse warehouse;
  private final MeshConfig config;
  private final QueryService queries;
  private final PolicyService policies;
  private final io.quanta.platform.trust.TrustService trust;

  /**
   * @param config where {@code quanta up} serves the API and Flight SQL, for the ports' addresses
   * @param queries reads the sample rows
   * @param policies decides what the caller may read
   */
  public DiscoveryService(
      Registry registry,
      DeployedSpecs specs,
      Warehouse warehouse,
      MeshConfig config,
      QueryService queries,
      PolicyService policies,
      io.quanta.platform.trust.TrustService trust) {
    this.trust = requireNonNull(trust, "trust is null");
    this.queries = requireNonNull(queries, "queries is null");
    this.policies = requireNonNull(policies, "policies is null");
    this.registry = requireNonNull(registry, "registry is null");
    this.specs = requireNonNull(specs, "specs is null");
    this.warehouse = requireNonNull(warehouse, "warehouse is null");
    this.config = requireNonNull(config, "config is null");
  }

  /** Every deployed product version that is not retired. */
  public List<ProductSummary> list() {
    return list(EnumSet.of(LifecycleState.ACTIVE, LifecycleState.DEPRECATED));
  }

  /** Every deployed product version in one of the states (retired ones are tombstones). */
  public List<ProductSummary> list(Set<LifecycleState> states) {
    List<ProductSummary> summaries = new ArrayList<>();
    for (ProductVersion version : registry.products().listAll()) {
      if (!states.contains(LifecycleState.parse(version.state()))) {
        continue;
      }
      ProductSpec spec = specs.spec(version);
      Optional<RunRecord> lastRun = registry.runs().list(version.id(), 1).stream().findFirst();
      List<String> ports = new ArrayList<>();
      spec.outputs()
          .forEach(output -> ports.add(MeshPortResolver.sqlName(spec.id(), output.name(), false)));
      summaries.add(
          new ProductSummary(
              version.id().product().toString(),
              version.id().major(),
              version.version().toString(),
              spec.metadata().kind().map(kind -> kind.specName()).orElse(null),
              version.owner(),
              version.description(),
              ports,
              lastRun.map(run -> run.state().text()).orElse(null),
              lastRun.map(run -> run.startedAt().toString()).orElse(null),
              version.state()));
    }
    return summaries;
  }

  /**
   * The root document of the product version a reference means, written for the reader.
   *
   * @throws io.quanta.error.QuantaException {@code NOT_FOUND} for a version never deployed, {@code
   *     GONE} for a retired one (naming its successor)
   */
  public ProductDocument describe(ProductRef ref, Reader reader) {
    requireNonNull(reader, "reader is null");
    ProductVersion version = specs.resolve(ref);
    ProductLifecycle lifecycle = registry.lifecycle().of(version.id());
    lifecycle.requireServing();
    ProductSpec spec = specs.spec(version);
    // The Iceberg metadata file is where an engine with file access reads the table itself,
    // around every read policy: only the owner and the governance role are shown it.
    boolean owner = reader.principal().controls(spec.metadata().owner());

    List<ProductDocument.InputDocument> inputs = new ArrayList<>();
    for (Input input : spec.inputs()) {
      if (input instanceof ProductInput product) {
        inputs.add(
            new ProductDocument.InputDocument(input.name(), "product", product.port().toString()));
      } else if (input instanceof FileInput file) {
        inputs.add(new ProductDocument.InputDocument(input.name(), "file", file.location()));
      } else if (input instanceof JdbcInput jdbc) {
        // A URL may carry a password: never shown.
        inputs.add(
            new ProductDocument.InputDocument(
                input.name(),
                "jdbc",
                JdbcSource.redacted(jdbc.url())
                    + jdbc.table().map(table -> " (" + table + ")").orElse("")));
      } else if (input instanceof KafkaInput kafka) {
        inputs.add(new ProductDocument.InputDocument(input.name(), "kafka", kafka.topic()));
      }
    }

    List<ProductDocument.PortDocument> ports = new ArrayList<>();
    for (Output output : spec.outputs()) {
      PortId port = spec.id().port(output.name());
      Optional<PortRecord> record = registry.products().port(port);
      Optional<PortSnapshotRecord> latest = registry.runs().latestSnapshot(port);
      Map<String, String> addresses = new LinkedHashMap<>();
      // The addresses of the modes the port is served in, and its Iceberg table for engines
      // that read tables themselves.
      String sqlName = MeshPortResolver.sqlName(spec.id(), output.name(), false);
      if (output.serves(AccessMode.SQL)) {
        addresses.put("sql", sqlName);
        addresses.put("sqlPinned", MeshPortResolver.sqlName(spec.id(), output.name(), true));
      }
      String api =
          "http://"
              + reachableHost()
              + ":"
              + config.httpPort()
              + "/api/v1/products/"
              + spec.id().domain()
              + "/"
              + spec.id().name()
              + "/"
              + spec.id().major()
              + "/ports/"
              + output.name();
      if (output.serves(AccessMode.REST)) {
        addresses.put("rows", api + "/rows");
      }
      if (output.serves(AccessMode.FILES)) {
        addresses.put("files", api + "/files?format=parquet");
      }
      if (output.serves(AccessMode.EVENTS)) {
        addresses.put("events", api + "/events");
        addresses.put("kafkaTopic", Event.topic(port));
        addresses.put("kafkaBootstrapServers", config.kafka());
      }
      if (output.serves(AccessMode.SQL)) {
        addresses.put(
            "flightSqlUrl",
            "jdbc:arrow-flight-sql://"
                + reachableHost()
                + ":"
                + config.flightPort()
                + "/?useEncryption=false");
        addresses.put("flightSqlTable", sqlName);
      }
      record.ifPresent(r -> addresses.put("icebergTable", r.tableIdentifier()));
      Long rows = null;
      if (record.isPresent()) {
        var table = warehouse.find(port);
        if (table.isPresent()) {
          if (owner) {
            addresses.put("icebergMetadata", table.get().metadataLocation());
          }
          if (latest.isPresent()) {
            rows = table.get().liveRows(latest.get().snapshotId());
          }
        }
      }
      List<ProductDocument.ColumnDocument> columns = new ArrayList<>();
      for (Column column : output.schema()) {
        columns.add(
            new ProductDocument.ColumnDocument(
                column.name(),
                column.type().toString(),
                column.description(),
                column.required(),
                column.semantic().orElse(null),
                column.classification().orElse(null),
                column.links().map(Object::toString).orElse(null)));
      }
      List<String> access = new ArrayList<>();
      output.access().stream().sorted().forEach(mode -> access.add(mode.specName()));
      PortDecision decision = policies.decide(port, reader);
      ports.add(
          new ProductDocument.PortDocument(
              output.name(),
              output.description(),
              columns,
              output.key(),
              output.eventTime().orElse(null),
              access,
              addresses,
              latest.map(PortSnapshotRecord::snapshotId).orElse(null),
              latest.map(snapshot -> snapshot.processedAt().toString()).orElse(null),
              rows,
              caller(decision),
              sample(reader, port, output, decision, latest.isPresent())));
    }

    io.quanta.platform.trust.ProductTrust observed = trust.observe(ref, reader);
    Map<String, Object> slo = new LinkedHashMap<>();
    slo.put("status", observed.sloStatus());
    slo.put("objectives", observed.slos());

    List<String> upstream = new ArrayList<>();
    spec.productInputs().forEach(input -> upstream.add(input.port().toString()));

    List<String> downstream = new ArrayList<>();
    for (ProductSpec other : specs.all()) {
      for (ProductInput input : other.productInputs()) {
        if (input.port().product().equals(spec.id())) {
          downstream.add(other.id() + " (" + input.name() + " <- " + input.port().port() + ")");
        }
      }
    }

    List<ProductDocument.RunSummary> runs = new ArrayList<>();
    for (RunRecord run : registry.runs().list(spec.id(), 5)) {
      runs.add(
          new ProductDocument.RunSummary(
              run.id(),
              run.state().text(),
              run.trigger(),
              run.startedAt().toString(),
              run.finishedAt().map(Instant::toString).orElse(null),
              run.processedAt().map(Instant::toString).orElse(null),
              run.rowsWritten(),
              run.error().orElse(null)));
    }
    List<Integer> otherMajors = new ArrayList<>();
    registry
        .products()
        .versions(spec.id().product())
        .forEach(
            v -> {
              if (v.id().major() != spec.id().major()) {
                otherMajors.add(v.id().major());
              }
            });
    return new ProductDocument(
        spec.id().product().toString(),
        spec.id().major(),
        version.version().toString(),
        version.owner(),
        version.description(),
        spec.metadata().kind().map(kind -> kind.specName()).orElse(null),
        spec.metadata().tags(),
        spec.metadata().docs().orElse(null),
        version.state(),
        version.deployedAt().toString(),
        version.firstDeployedAt().toString(),
        otherMajors,
        inputs,
        ports,
        slo,
        upstream,
        downstream,
        runs,
        observed,
        lifecycle.deprecation().map(this::deprecation).orElse(null));
  }

  private ProductDocument.Deprecation deprecation(ProductLifecycle.Deprecation deprecation) {
    return new ProductDocument.Deprecation(
        deprecation.deprecatedAt().toString(),
        deprecation.deprecatedBy(),
        deprecation.sunset().toString(),
        deprecation.successor().map(Object::toString).orElse(null),
        deprecation.successor().map(DiscoveryService::href).orElse(null),
        deprecation.reason().orElse(null));
  }

  private static ProductDocument.CallerAccess caller(PortDecision decision) {
    Map<String, String> masks = new LinkedHashMap<>();
    decision
        .masks()
        .forEach(
            (column, mask) -> masks.put(column, mask.mask().describe() + " (" + mask.rule() + ")"));
    List<String> filters = new ArrayList<>();
    decision.filters().forEach(filter -> filters.add(filter.where() + " (" + filter.rule() + ")"));
    List<String> groups = new ArrayList<>();
    decision
        .minGroupSizes()
        .forEach(
            group ->
                groups.add(
                    "rows with "
                        + group.countColumn()
                        + " < "
                        + group.k()
                        + " suppressed ("
                        + group.rule()
                        + ")"));
    return new ProductDocument.CallerAccess(
        decision.allowed(), decision.reasons(), masks, filters, groups);
  }

  /**
   * A few rows of the port as the reader may see them, read like any read of the port (the same
   * views, the same audit), or why there are none.
   */
  private ProductDocument.Sample sample(
      Reader reader, PortId port, Output output, PortDecision decision, boolean hasData) {
    if (!decision.allowed()) {
      return new ProductDocument.Sample(List.of(), List.of(), "not allowed to read this port");
    }
    if (!hasData) {
      return new ProductDocument.Sample(List.of(), List.of(), "no data yet: no run committed");
    }
    Optional<AccessMode> mode =
        List.of(AccessMode.SQL, AccessMode.REST, AccessMode.FILES).stream()
            .filter(output::serves)
            .findFirst();
    if (mode.isEmpty()) {
      return new ProductDocument.Sample(
          List.of(), List.of(), "served as events only: subscribe to see its rows");
    }
    List<String> columns = new ArrayList<>();
    List<List<Object>> rows = new ArrayList<>();
    queries.query(
        reader,
        mode.get(),
        "SELECT * FROM "
            + MeshPortResolver.sqlName(port.product(), port.port(), true)
            + " LIMIT "
            + SAMPLE_ROWS,
        ReadOptions.LATEST,
        new ResultSink() {
          @Override
          public void columns(List<ResultColumn> names) {
            names.forEach(column -> columns.add(column.name()));
          }

          @Override
          public boolean row(List<Object> values) {
            rows.add(values);
            return true;
          }
        });
    return new ProductDocument.Sample(columns, rows, rows.isEmpty() ? "no rows visible" : null);
  }

  /**
   * The address of a deployed product version's discovery port on {@code quanta up}'s HTTP API, as
   * the mesh config says it is served; empty when the version is not deployed.
   */
  public Optional<URI> productUrl(ProductId product) {
    return registry
        .products()
        .find(product)
        .map(
            found ->
                URI.create(
                    "http://"
                        + reachableHost()
                        + ":"
                        + config.httpPort()
                        + "/api/v1/products/"
                        + product.domain()
                        + "/"
                        + product.name()
                        + "/"
                        + product.major()));
  }

  /** The path of a product version's discovery port in the API: {@code /api/v1/products/d/n/m}. */
  public static String href(ProductId product) {
    return "/api/v1/products/" + product.domain() + "/" + product.name() + "/" + product.major();
  }

  /** The configured host as a client on this machine reaches it: a wildcard is localhost. */
  private String reachableHost() {
    String host = config.httpHost();
    if (host.isEmpty() || host.equals("0.0.0.0") || host.equals("::")) {
      return "localhost";
    }
    return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
  }
}
