package io.quanta.platform.lifecycle;

import static java.util.Objects.requireNonNull;

import io.quanta.error.Problem;
import io.quanta.platform.registry.ProductStore;
import io.quanta.platform.registry.ProductVersion;
import io.quanta.spec.ProductId;
import io.quanta.spec.ProductInput;
import io.quanta.spec.ProductSpec;
import io.quanta.spec.SemVer;
import io.quanta.spec.change.ChangeClassifier;
import io.quanta.spec.change.ChangeLevel;
import io.quanta.spec.change.SpecChange;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Plans one spec against what is deployed: classifies its changes and refuses those its version
 * does not allow (docs/lifecycle.md). Thread safe.
 */
final class ChangePlanner {
  private final ProductStore products;
  private final DeployedSpecs deployed;

  ChangePlanner(ProductStore products, DeployedSpecs deployed) {
    this.products = requireNonNull(products, "products is null");
    this.deployed = requireNonNull(deployed, "deployed is null");
  }

  /**
   * The plan of deploying the spec.
   *
   * @param meshAfter every product version as it would be after the deploy: the deployed ones, the
   *     batch's replacing them
   */
  ProductPlan plan(ProductSpec spec, Collection<ProductSpec> meshAfter) {
    Optional<ProductVersion> current = products.find(spec.id());
    if (current.isPresent()) {
      return update(spec, current.get(), meshAfter);
    }
    Optional<ProductVersion> older =
        products.versions(spec.id().product()).stream()
            .filter(version -> version.id().major() < spec.id().major())
            .findFirst();
    if (older.isEmpty()) {
      return new ProductPlan(
          spec.id(),
          spec.metadata().version(),
          ProductPlan.Action.CREATE,
          Optional.empty(),
          List.of(),
          List.of(),
          List.of());
    }
    // A new major version is a new product version: every change is allowed, and the consumers of
    // the older major keep reading it.
    ProductVersion baseline = older.get();
    return new ProductPlan(
        spec.id(),
        spec.metadata().version(),
        ProductPlan.Action.NEW_MAJOR,
        Optional.of(new ProductPlan.Baseline(baseline.id(), baseline.version())),
        ChangeClassifier.compare(deployed.spec(baseline), spec),
        consumers(baseline.id(), meshAfter),
        List.of());
  }

  private ProductPlan update(
      ProductSpec spec, ProductVersion current, Collection<ProductSpec> meshAfter) {
    String digest = LifecycleService.digest(spec.source().text());
    SemVer version = spec.metadata().version();
    ProductPlan.Baseline baseline = new ProductPlan.Baseline(current.id(), current.version());
    List<ProductPlan.PortConsumer> consumers = consumers(current.id(), meshAfter);
    boolean sameText = current.digest().equals(digest);
    if (sameText && current.source().baseDir().equals(spec.source().baseDir())) {
      return new ProductPlan(
          spec.id(),
          version,
          ProductPlan.Action.UNCHANGED,
          Optional.of(baseline),
          List.of(),
          consumers,
          List.of());
    }
    List<SpecChange> changes = ChangeClassifier.compare(deployed.spec(current), spec);
    List<Problem> refusals = new ArrayList<>();
    int order = version.compareTo(current.version());
    if (order < 0) {
      refusals.add(
          spec.locations()
              .problem(
                  "metadata.version",
                  "version "
                      + version
                      + " is older than the deployed "
                      + current.version()
                      + " of "
                      + spec.id()));
    } else if (order == 0 && !sameText) {
      refusals.add(
          spec.locations()
              .problem(
                  "metadata.version",
                  "version "
                      + current.version()
                      + " of "
                      + spec.id()
                      + " is already deployed with a different spec; a deployed version never"
                      + " changes, so bump the version (a patch for a fix, a minor for an"
                      + " addition)"));
    }
    int nextMajor =
        products.versions(spec.id().product()).stream()
                .mapToInt(deployedVersion -> deployedVersion.id().major())
                .max()
                .orElse(spec.id().major())
            + 1;
    for (SpecChange change : changes) {
      if (change.level() == ChangeLevel.BREAKING) {
        refusals.add(
            spec.locations().problem(change.path(), breaking(change, spec, nextMajor, consumers)));
      }
    }
    ChangeLevel compatible =
        ChangeLevel.of(
            changes.stream().filter(change -> change.level() != ChangeLevel.BREAKING).toList());
    ChangeLevel allowed = ChangeLevel.allowedBy(current.version(), version);
    if (order > 0 && compatible.compareTo(allowed) > 0) {
      SpecChange first =
          changes.stream().filter(change -> change.level() == compatible).findFirst().orElseThrow();
      SemVer suggested =
          new SemVer(current.version().major(), current.version().minor() + 1, 0, "");
      refusals.add(
          spec.locations()
              .problem(
                  "metadata.version",
                  "version "
                      + version
                      + " is a "
                      + allowed.specName()
                      + " release of "
                      + current.version()
                      + " but the changes are "
                      + compatible.specName()
                      + " ("
                      + first.subject()
                      + "); make it "
                      + suggested
                      + " or later"));
    }
    return new ProductPlan(
        spec.id(),
        version,
        ProductPlan.Action.UPDATE,
        Optional.of(baseline),
        changes,
        consumers,
        refusals);
  }

  private static String breaking(
      SpecChange change,
      ProductSpec spec,
      int nextMajor,
      List<ProductPlan.PortConsumer> consumers) {
    List<ProductPlan.PortConsumer> hit =
        consumers.stream()
            .filter(
                consumer ->
                    change.port().isEmpty() || change.port().get().equals(consumer.port().port()))
            .toList();
    String readers =
        hit.isEmpty()
            ? change
                .port()
                .map(port -> "no deployed product reads port '" + port + "'")
                .orElse("no deployed product reads " + spec.id())
            : "it would hit "
                + hit.stream()
                    .map(consumer -> consumer.consumer() + " (reading " + consumer.port() + ")")
                    .distinct()
                    .collect(Collectors.joining(", "));
    return change.subject()
        + ": a breaking change needs a new major version ("
        + nextMajor
        + ".0.0, served beside "
        + spec.id().major()
        + "); "
        + readers;
  }

  /** The product inputs of other products that read a port of the product version. */
  private static List<ProductPlan.PortConsumer> consumers(
      ProductId product, Collection<ProductSpec> meshAfter) {
    List<ProductPlan.PortConsumer> consumers = new ArrayList<>();
    for (ProductSpec reader : meshAfter) {
      if (reader.id().equals(product)) {
        continue;
      }
      for (ProductInput input : reader.productInputs()) {
        if (input.port().product().equals(product)) {
          consumers.add(new ProductPlan.PortConsumer(input.port(), reader.id(), input.name()));
        }
      }
    }
    consumers.sort(
        Comparator.comparing(ProductPlan.PortConsumer::port)
            .thenComparing(ProductPlan.PortConsumer::consumer)
            .thenComparing(ProductPlan.PortConsumer::input));
    return consumers;
  }
}
