package io.quanta.platform.read;

import static java.util.Objects.requireNonNull;

import io.quanta.error.QuantaException;
import io.quanta.governance.Reader;
import io.quanta.governance.policy.PortDecision;
import io.quanta.platform.governance.PolicyService;
import io.quanta.platform.lifecycle.DeployedSpecs;
import io.quanta.platform.registry.LifecycleState;
import io.quanta.platform.registry.PortRecord;
import io.quanta.platform.registry.PortSnapshotRecord;
import io.quanta.platform.registry.ProductVersion;
import io.quanta.platform.registry.Registry;
import io.quanta.platform.run.RunService;
import io.quanta.ports.sql.PortResolver;
import io.quanta.ports.sql.PortSnapshot;
import io.quanta.ports.sql.ReadOptions;
import io.quanta.spec.AccessMode;
import io.quanta.spec.Names;
import io.quanta.spec.Output;
import io.quanta.spec.PortId;
import io.quanta.spec.ProductId;
import io.quanta.spec.ProductName;
import io.quanta.spec.ProductSpec;
import io.quanta.spec.Suggestions;
import io.quanta.storage.TimeWindow;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Resolves SQL table names to deployed ports and reads their committed snapshots. */
public final class MeshPortResolver implements PortResolver {
  private static final Pattern PINNED = Pattern.compile("(.+)-v(\\d{1,9})");

  private final Registry registry;
  private final DeployedSpecs specs;
  private final PortFiles files;
  private final RunService runs;
  private final PolicyService policies;

  public MeshPortResolver(
      Registry registry,
      DeployedSpecs specs,
      PortFiles files,
      RunService runs,
      PolicyService policies) {
    this.registry = requireNonNull(registry, "registry is null");
    this.policies = requireNonNull(policies, "policies is null");
    this.specs = requireNonNull(specs, "specs is null");
    this.files = requireNonNull(files, "files is null");
    this.runs = requireNonNull(runs, "runs is null");
  }

  @Override
  public Optional<PortId> resolve(List<String> parts) {
    // Names have no '_', so the SQL spelling maps back to exactly one resource name.
    String domain = parts.get(0).replace('_', '-');
    String product = parts.get(1).replace('_', '-');
    String port = parts.get(2);
    if (!Names.isResource(domain) || !Names.isResource(product)) {
      return Optional.empty();
    }
    // The product's own name first (newest major not retired), then name-v<major>.
    List<ProductVersion> versions = registry.products().versions(new ProductName(domain, product));
    Optional<ProductVersion> match =
        versions.stream()
            .filter(version -> !LifecycleState.RETIRED.text().equals(version.state()))
            .findFirst()
            .or(() -> versions.stream().findFirst());
    if (match.isEmpty()) {
      Matcher pinned = PINNED.matcher(product);
      if (pinned.matches() && Names.isResource(pinned.group(1))) {
        ProductId id =
            new ProductName(domain, pinned.group(1)).version(Integer.parseInt(pinned.group(2)));
        match = registry.products().find(id);
      }
    }
    return match.flatMap(
        version ->
            specs.spec(version).outputs().stream()
                .filter(output -> Names.sql(output.name()).equals(port))
                .findFirst()
                .map(output -> version.id().port(output.name())));
  }

  @Override
  public Output output(PortId port) {
    return specs
        .get(port.product())
        .output(port.port())
        .orElseThrow(() -> QuantaException.notFound("No port " + port));
  }

  @Override
  public PortDecision decide(PortId port, Reader reader) {
    // A retired version serves nothing, whoever asks.
    registry.lifecycle().of(port.product()).requireServing();
    return policies.decide(port, reader);
  }

  @Override
  public Set<AccessMode> access(PortId port) {
    return specs
        .get(port.product())
        .output(port.port())
        .map(Output::access)
        .orElseThrow(() -> QuantaException.notFound("No port " + port));
  }

  @Override
  public List<String> similarNames(List<String> parts) {
    String wanted = String.join(".", parts);
    Set<String> names = new LinkedHashSet<>();
    for (ProductSpec spec : specs.all()) {
      for (Output output : spec.outputs()) {
        names.add(sqlName(spec.id(), output.name(), false));
        names.add(sqlName(spec.id(), output.name(), true));
      }
    }
    String closest = Suggestions.closest(wanted, names);
    return closest == null ? List.of() : List.of(closest);
  }

  /**
   * The SQL name of a port: {@code domain.product.port}, or pinned {@code domain.product_vN.port}.
   */
  public static String sqlName(ProductId product, String port, boolean pinned) {
    return Names.sql(product.domain())
        + "."
        + Names.sql(product.name())
        + (pinned ? "_v" + product.major() : "")
        + "."
        + Names.sql(port);
  }

  @Override
  public Instant stableAsOf(Set<PortId> ports, Instant requested) {
    Set<ProductId> products = new LinkedHashSet<>();
    ports.forEach(port -> products.add(port.product()));
    return runs.stableAsOf(products, requested);
  }

  @Override
  public PortSnapshot snapshot(PortId port, Instant asOf, ReadOptions options) {
    ProductSpec spec = specs.get(port.product());
    Output output =
        spec.output(port.port()).orElseThrow(() -> QuantaException.notFound("No port " + port));
    PortRecord record =
        registry
            .products()
            .port(port)
            .orElseThrow(() -> QuantaException.notFound("No table for port " + port));
    Optional<Long> snapshotId =
        registry.runs().snapshotAsOf(port, asOf).map(PortSnapshotRecord::snapshotId);
    TimeWindow window = new TimeWindow(options.eventFrom(), options.eventTo());
    return new PortSnapshot(
        port,
        files.files(port, output.schema(), snapshotId, window, options.since()),
        record.tableLocation(),
        snapshotId);
  }
}
