package io.quanta.platform.discovery;

import static java.util.Objects.requireNonNull;

import io.quanta.platform.MeshConfig;
import io.quanta.platform.events.Event;
import io.quanta.platform.lifecycle.DeployedSpecs;
import io.quanta.platform.read.MeshPortResolver;
import io.quanta.platform.registry.PortRecord;
import io.quanta.platform.registry.PortSnapshotRecord;
import io.quanta.platform.registry.ProductVersion;
import io.quanta.platform.registry.Registry;
import io.quanta.platform.registry.RunRecord;
import io.quanta.spec.AccessMode;
import io.quanta.spec.Column;
import io.quanta.spec.FileInput;
import io.quanta.spec.Input;
import io.quanta.spec.Output;
import io.quanta.spec.PortId;
import io.quanta.spec.ProductInput;
import io.quanta.spec.ProductRef;
import io.quanta.spec.ProductSpec;
import io.quanta.storage.Warehouse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Builds the product list and each product version's root document. Thread safe. */
public final class DiscoveryService {
  private final Registry registry;
  private final DeployedSpecs specs;
  private final Warehouse warehouse;
  private final MeshConfig config;

  /**
   * @param config where {@code quanta up} serves the API and Flight SQL, for the ports' addresses
   */
  public DiscoveryService(
      Registry registry, DeployedSpecs specs, Warehouse warehouse, MeshConfig config) {
    this.registry = requireNonNull(registry, "registry is null");
    this.specs = requireNonNull(specs, "specs is null");
    this.warehouse = requireNonNull(warehouse, "warehouse is null");
    this.config = requireNonNull(config, "config is null");
  }

  /** Every deployed product version. */
  public List<ProductSummary> list() {
    List<ProductSummary> summaries = new ArrayList<>();
    for (ProductVersion version : registry.products().list()) {
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
              lastRun.map(run -> run.startedAt().toString()).orElse(null)));
    }
    return summaries;
  }

  /** The root document of the product version a reference means. */
  public ProductDocument describe(ProductRef ref) {
    ProductVersion version = specs.resolve(ref);
    ProductSpec spec = specs.spec(version);

    List<ProductDocument.InputDocument> inputs = new ArrayList<>();
    for (Input input : spec.inputs()) {
      if (input instanceof ProductInput product) {
        inputs.add(
            new ProductDocument.InputDocument(input.name(), "product", product.port().toString()));
      } else {
        inputs.add(
            new ProductDocument.InputDocument(
                input.name(), "file", ((FileInput) input).location()));
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
          addresses.put("icebergMetadata", table.get().metadataLocation());
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
              rows));
    }

    Map<String, Object> slo = new LinkedHashMap<>();
    spec.slo().freshness().ifPresent(freshness -> slo.put("freshness", freshness.toString()));
    spec.slo().completeness().ifPresent(completeness -> slo.put("completeness", completeness));

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
        version.state(),
        version.deployedAt().toString(),
        version.firstDeployedAt().toString(),
        otherMajors,
        inputs,
        ports,
        slo,
        downstream,
        runs);
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
