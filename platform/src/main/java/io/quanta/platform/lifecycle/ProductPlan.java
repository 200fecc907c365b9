package io.quanta.platform.lifecycle;

import static java.util.Objects.requireNonNull;

import io.quanta.error.Problem;
import io.quanta.spec.PortId;
import io.quanta.spec.ProductId;
import io.quanta.spec.SemVer;
import io.quanta.spec.change.ChangeLevel;
import io.quanta.spec.change.SpecChange;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What deploying one spec would do to its product (docs/lifecycle.md).
 *
 * @param product the product version the spec deploys
 * @param version the spec's version
 * @param action what the deploy does with it
 * @param baseline the deployed version the spec is compared with: the same major's for an update,
 *     the newest lower major's for a new major version, empty for a new product
 * @param changes every difference from the baseline, classified
 * @param consumers the deployed products reading the baseline's ports (for a new major version, the
 *     products that stay on the baseline)
 * @param refusals why the deploy is refused, empty when it may go ahead: breaking changes without a
 *     new major version, each naming the consumers it would hit, a version bump smaller than the
 *     changes, a version that does not go forward
 */
public record ProductPlan(
    ProductId product,
    SemVer version,
    Action action,
    Optional<Baseline> baseline,
    List<SpecChange> changes,
    List<PortConsumer> consumers,
    List<Problem> refusals) {
  /** What a deploy does with a spec. */
  public enum Action {
    /** A product the mesh does not have yet. */
    CREATE,
    /** A new major version of a deployed product: new tables, served beside the older majors. */
    NEW_MAJOR,
    /** A new version of a deployed major version: its tables are evolved in place. */
    UPDATE,
    /** The spec is deployed as it is: nothing to do. */
    UNCHANGED;

    public String specName() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  /**
   * A deployed version a spec is compared with.
   *
   * @param product the deployed product version
   * @param version its full version
   */
  public record Baseline(ProductId product, SemVer version) {
    public Baseline {
      requireNonNull(product, "product is null");
      requireNonNull(version, "version is null");
    }
  }

  /**
   * A deployed product reading a port through one of its product inputs.
   *
   * @param port the port read
   * @param consumer the reading product version
   * @param input the name of the consumer's input
   */
  public record PortConsumer(PortId port, ProductId consumer, String input) {
    public PortConsumer {
      requireNonNull(port, "port is null");
      requireNonNull(consumer, "consumer is null");
      requireNonNull(input, "input is null");
    }
  }

  public ProductPlan {
    requireNonNull(product, "product is null");
    requireNonNull(version, "version is null");
    requireNonNull(action, "action is null");
    requireNonNull(baseline, "baseline is null");
    changes = List.copyOf(changes);
    consumers = List.copyOf(consumers);
    refusals = List.copyOf(refusals);
  }

  /** The level of the whole: the greatest of the changes'. */
  public ChangeLevel level() {
    return ChangeLevel.of(changes);
  }

  /** Whether the deploy may go ahead for this product. */
  public boolean allowed() {
    return refusals.isEmpty();
  }

  /** The consumers reading the port of that name. */
  public List<ProductId> consumersOf(String port) {
    return consumers.stream()
        .filter(consumer -> consumer.port().port().equals(port))
        .map(PortConsumer::consumer)
        .distinct()
        .toList();
  }
}
