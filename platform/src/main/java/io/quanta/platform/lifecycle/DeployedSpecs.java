package io.quanta.platform.lifecycle;

import static java.util.Objects.requireNonNull;

import io.quanta.error.QuantaException;
import io.quanta.platform.registry.LifecycleState;
import io.quanta.platform.registry.ProductStore;
import io.quanta.platform.registry.ProductVersion;
import io.quanta.spec.ProductId;
import io.quanta.spec.ProductName;
import io.quanta.spec.ProductRef;
import io.quanta.spec.ProductSpec;
import io.quanta.spec.SpecParser;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The specs of deployed product versions, parsed once per deployed text. Thread safe. */
public final class DeployedSpecs {
  private final ProductStore products;
  private final SpecParser parser;
  private final Map<String, ProductSpec> byDigest = new ConcurrentHashMap<>();

  public DeployedSpecs(ProductStore products, SpecParser parser) {
    this.products = requireNonNull(products, "products is null");
    this.parser = requireNonNull(parser, "parser is null");
  }

  /** The deployed spec of a product version, if it is deployed. */
  public Optional<ProductSpec> find(ProductId id) {
    return products.find(id).map(this::spec);
  }

  /**
   * The deployed spec of a product version.
   *
   * @throws QuantaException with {@code NOT_FOUND} naming the deployed majors when there are any
   */
  public ProductSpec get(ProductId id) {
    return find(id).orElseThrow(() -> notDeployed(id.product(), Optional.of(id.major())));
  }

  /**
   * The version a user's reference means: the pinned major, or the newest deployed one that is not
   * retired (the newest retired one when all are).
   */
  public ProductVersion resolve(ProductRef ref) {
    if (ref.major().isPresent()) {
      ProductId id = ref.product().version(ref.major().getAsInt());
      return products
          .find(id)
          .orElseThrow(() -> notDeployed(ref.product(), Optional.of(id.major())));
    }
    List<ProductVersion> versions = products.versions(ref.product());
    if (versions.isEmpty()) {
      throw notDeployed(ref.product(), Optional.empty());
    }
    return versions.stream()
        .filter(version -> !LifecycleState.RETIRED.text().equals(version.state()))
        .findFirst()
        .orElse(versions.get(0));
  }

  /** The spec of a registry entry. */
  public ProductSpec spec(ProductVersion version) {
    // The same text deployed from another folder resolves its file inputs elsewhere.
    String key = version.digest() + "@" + version.source().baseDir();
    return byDigest.computeIfAbsent(key, unused -> parser.parse(version.source()).orThrow());
  }

  /** Every deployed version that is not retired, with its spec. */
  public List<ProductSpec> all() {
    return products.list().stream().map(this::spec).toList();
  }

  private QuantaException notDeployed(ProductName product, Optional<Integer> major) {
    List<ProductVersion> versions = products.versions(product);
    String wanted = major.map(m -> product + ":" + m).orElse(product.toString());
    if (versions.isEmpty()) {
      return QuantaException.notFound("Data product does not exist: " + wanted);
    }
    String deployed =
        String.join(", ", versions.stream().map(v -> String.valueOf(v.id().major())).toList());
    return QuantaException.notFound(
        "Data product does not exist: " + wanted + " (deployed major versions: " + deployed + ")");
  }
}
