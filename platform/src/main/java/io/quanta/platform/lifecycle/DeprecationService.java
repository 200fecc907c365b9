package io.quanta.platform.lifecycle;

import static java.util.Objects.requireNonNull;

import io.quanta.error.ErrorCode;
import io.quanta.error.Problem;
import io.quanta.error.QuantaException;
import io.quanta.governance.Principal;
import io.quanta.platform.registry.LifecycleEvent;
import io.quanta.platform.registry.LifecycleStore;
import io.quanta.platform.registry.PortRecord;
import io.quanta.platform.registry.ProductLifecycle;
import io.quanta.platform.registry.ProductVersion;
import io.quanta.platform.registry.Registry;
import io.quanta.spec.ProductId;
import io.quanta.spec.ProductInput;
import io.quanta.spec.ProductSpec;
import io.quanta.storage.Warehouse;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end of a product version's life (docs/lifecycle-deprecation.md): its owner (or the governance
 * role) deprecates it with a sunset and maybe a successor, then retires it after the sunset once no
 * consumer remains, or earlier by force with a reason. A deprecated version keeps serving and
 * running, and its consumers are told (run warnings, HTTP headers, deploy warnings); a retired one
 * stops, and its tables are dropped once the mesh's retention has passed. The registry keeps every
 * version's history.
 *
 * <p>Thread safe.
 */
public final class DeprecationService {
  private static final Logger LOG = LoggerFactory.getLogger(DeprecationService.class);

  private final Registry registry;
  private final DeployedSpecs specs;
  private final Warehouse warehouse;
  private final ConsumerService consumers;
  private final LifecycleSettings settings;
  private final Clock clock;
  private final List<Consumer<Collection<ProductId>>> listeners = new CopyOnWriteArrayList<>();

  public DeprecationService(
      Registry registry,
      DeployedSpecs specs,
      Warehouse warehouse,
      ConsumerService consumers,
      LifecycleSettings settings,
      Clock clock) {
    this.registry = requireNonNull(registry, "registry is null");
    this.specs = requireNonNull(specs, "specs is null");
    this.warehouse = requireNonNull(warehouse, "warehouse is null");
    this.consumers = requireNonNull(consumers, "consumers is null");
    this.settings = requireNonNull(settings, "settings is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  /**
   * Calls the listener after every deprecation and retirement, with the version changed (search
   * takes its new state in). Called on the changing thread; a failure is logged, not thrown.
   */
  public void onChange(Consumer<Collection<ProductId>> listener) {
    listeners.add(requireNonNull(listener, "listener is null"));
  }

  /** The mesh's lifecycle settings. */
  public LifecycleSettings settings() {
    return settings;
  }

  /** The version's lifecycle: active, deprecated (with its sunset) or retired. */
  public ProductLifecycle lifecycle(ProductId product) {
    return registry.lifecycle().of(requireNonNull(product, "product is null"));
  }

  /** What happened to the version's lifecycle, oldest first. */
  public List<LifecycleEvent> history(ProductId product) {
    return registry.lifecycle().history(requireNonNull(product, "product is null"));
  }

  /**
   * Deprecates a product version, or changes its deprecation (sunset, successor, reason; the first
   * deprecation time stays). It keeps serving and running until it is retired.
   *
   * @param sunset from when it may be retired; not before today (UTC)
   * @param successor the deployed version consumers should move to
   * @throws QuantaException {@code NOT_FOUND} for a version or successor not deployed, {@code
   *     FORBIDDEN} for a principal who neither owns it nor has the governance role, {@code GONE}
   *     for a retired one, {@code INVALID_REQUEST} for a sunset in the past or a successor that is
   *     the version itself or retired
   */
  public ProductLifecycle deprecate(
      ProductId product,
      Principal principal,
      Instant sunset,
      Optional<ProductId> successor,
      Optional<String> reason) {
    requireNonNull(sunset, "sunset is null");
    requireNonNull(successor, "successor is null");
    ProductSpec spec = specs.get(product);
    requireControl(principal, product, spec.metadata().owner(), "deprecate");
    ProductLifecycle current = lifecycle(product);
    current.requireServing();
    Instant now = clock.instant();
    LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
    if (LocalDate.ofInstant(sunset, ZoneOffset.UTC).isBefore(today)) {
      throw QuantaException.invalidRequest(
          "The sunset "
              + sunset
              + " is in the past: give a date from today ("
              + today
              + ") on, when consumers may have moved");
    }
    if (successor.isPresent()) {
      ProductId next = successor.get();
      if (next.equals(product)) {
        throw QuantaException.invalidRequest(product + " cannot be its own successor");
      }
      specs.get(next);
      if (lifecycle(next).isRetired()) {
        throw QuantaException.invalidRequest(
            "The successor " + next + " is retired: name a version consumers can move to");
      }
    }
    ProductLifecycle.Deprecation deprecation =
        new ProductLifecycle.Deprecation(
            now,
            principal.user(),
            sunset,
            successor,
            reason.map(String::strip).filter(r -> !r.isEmpty()));
    registry.lifecycle().deprecate(product, deprecation, current.isDeprecated());
    LOG.info(
        "{} deprecated by {}: sunset {}{}",
        product,
        principal.user(),
        sunset,
        successor.map(s -> ", successor " + s).orElse(""));
    changed(List.of(product));
    return lifecycle(product);
  }

  /**
   * Retires a product version: from then on it serves nothing (every read answers {@code GONE},
   * naming the successor), does not run, is left out of product lists and search, and its major
   * version cannot be deployed again; its registry history stays. Without force, only after its
   * sunset and when no consumer remains: no deployed product reads it, and no reader but its own
   * team and the governance role read it in the mesh's consumer window. Tables whose retention has
   * passed (of this version or others) are dropped before returning.
   *
   * @param force retire before the sunset or with consumers; needs a reason
   * @throws QuantaException {@code NOT_FOUND} for a version not deployed, {@code FORBIDDEN} for a
   *     principal who neither owns it nor has the governance role, {@code CONFLICT} when it is
   *     retired already, not deprecated, before its sunset or still consumed (listing the
   *     consumers), {@code INVALID_REQUEST} for a forced retirement without a reason
   */
  public ProductLifecycle retire(
      ProductId product, Principal principal, boolean force, Optional<String> reason) {
    ProductVersion version =
        registry
            .products()
            .find(product)
            .orElseThrow(() -> QuantaException.notFound("Data product does not exist: " + product));
    requireControl(principal, product, version.owner(), "retire");
    ProductLifecycle current = lifecycle(product);
    if (current.isRetired()) {
      throw new QuantaException(
          ErrorCode.CONFLICT, "Cannot retire " + product + ": " + current.retiredMessage());
    }
    Optional<String> why = reason.map(String::strip).filter(r -> !r.isEmpty());
    Instant now = clock.instant();
    if (force) {
      if (why.isEmpty()) {
        throw QuantaException.invalidRequest(
            "A forced retirement needs a reason (--reason TEXT): consumers will read it");
      }
    } else {
      requireRetirable(product, current, now);
    }
    registry
        .lifecycle()
        .retire(
            product,
            new ProductLifecycle.Retirement(now, principal.user(), why, force, Optional.empty()));
    LOG.info("{} retired by {}{}", product, principal.user(), force ? " (forced)" : "");
    changed(List.of(product));
    dropExpiredTables();
    return lifecycle(product);
  }

  /**
   * Drops the tables of retired versions whose retention ({@code lifecycle.retention}) has passed,
   * and records it in their history. A failure is logged and retried at the next call.
   *
   * @return the versions whose tables were dropped
   */
  public List<ProductId> dropExpiredTables() {
    Instant now = clock.instant();
    List<ProductId> dropped = new ArrayList<>();
    for (ProductLifecycle retired : registry.lifecycle().retiredWithTables()) {
      Instant retiredAt = retired.retirement().orElseThrow().retiredAt();
      if (retiredAt.plus(settings.retention()).isAfter(now)) {
        continue;
      }
      ProductId product = retired.product();
      try {
        List<String> tables = new ArrayList<>();
        for (PortRecord port : registry.products().ports(product)) {
          tables.addAll(warehouse.drop(port.port()));
        }
        registry
            .lifecycle()
            .tablesDropped(
                product,
                now,
                "dropped "
                    + (tables.isEmpty() ? "no table" : String.join(", ", tables))
                    + " after the retention of "
                    + settings.retention());
        LOG.info("Dropped the tables of retired {}: {}", product, tables);
        dropped.add(product);
      } catch (RuntimeException e) {
        LOG.warn("Cannot drop the tables of retired {} yet: {}", product, e.getMessage());
      }
    }
    return dropped;
  }

  /**
   * Checks a spec a deploy validates against the lifecycle of what it names: its own major version
   * must not be retired, no input may read a retired version, and an input reading a deprecated
   * version warns; it is an error for a new consumer (one the deployed spec of the same version
   * does not have) when {@code lifecycle.refuse-new-consumers-of-deprecated} is on.
   */
  public void checkSpec(ProductSpec spec, List<Problem> errors, List<Problem> warnings) {
    ProductLifecycle own = lifecycle(spec.id());
    if (own.isRetired()) {
      int next =
          registry.products().versions(spec.id().product()).stream()
                  .mapToInt(version -> version.id().major())
                  .max()
                  .orElse(spec.id().major())
              + 1;
      errors.add(
          spec.locations()
              .problem(
                  "metadata.version",
                  own.retiredMessage()
                      + "; a retired major version is never deployed again: deploy a new major ("
                      + next
                      + ".0.0)"));
    }
    List<ProductInput> existing =
        specs.find(spec.id()).map(ProductSpec::productInputs).orElse(List.of());
    for (int i = 0; i < spec.inputs().size(); i++) {
      if (!(spec.inputs().get(i) instanceof ProductInput input)) {
        continue;
      }
      String path = "inputs[" + i + "].product";
      ProductLifecycle upstream = lifecycle(input.port().product());
      if (upstream.isRetired()) {
        errors.add(
            spec.locations()
                .problem(path, "reads " + input.port() + ": " + upstream.retiredMessage()));
        continue;
      }
      if (!upstream.isDeprecated()) {
        continue;
      }
      ProductLifecycle.Deprecation deprecation = upstream.deprecation().orElseThrow();
      String message =
          "reads "
              + input.port()
              + ", deprecated with sunset "
              + LocalDate.ofInstant(deprecation.sunset(), ZoneOffset.UTC)
              + deprecation
                  .successor()
                  .map(successor -> "; move to " + successor)
                  .orElse("; it has no successor");
      boolean consumesAlready =
          existing.stream().anyMatch(deployed -> deployed.port().equals(input.port()));
      if (!consumesAlready && settings.refuseNewConsumersOfDeprecated()) {
        errors.add(
            spec.locations()
                .problem(
                    path,
                    message
                        + "; this mesh refuses new consumers of deprecated versions"
                        + " (lifecycle.refuse-new-consumers-of-deprecated)"));
      } else {
        warnings.add(spec.locations().problem(path, message));
      }
    }
  }

  /** Refuses a retirement before the sunset, of a version never deprecated, or with consumers. */
  private void requireRetirable(ProductId product, ProductLifecycle current, Instant now) {
    String force = "; or retire it now with --force --reason TEXT";
    if (current.deprecation().isEmpty()) {
      throw new QuantaException(
          ErrorCode.CONFLICT,
          "Cannot retire "
              + product
              + ": it is not deprecated; deprecate it with a sunset first (quanta deprecate "
              + product
              + " --sunset DATE)"
              + force);
    }
    Instant sunset = current.deprecation().get().sunset();
    if (now.isBefore(sunset)) {
      throw new QuantaException(
          ErrorCode.CONFLICT, "Cannot retire " + product + " before its sunset " + sunset + force);
    }
    Instant since = now.minus(settings.consumerWindow());
    Consumers active = consumers.of(product, governance(), since);
    if (active.any()) {
      List<String> found = active.describe();
      throw new QuantaException(
          ErrorCode.CONFLICT,
          "Cannot retire "
              + product
              + ": "
              + found.size()
              + (found.size() == 1 ? " active consumer" : " active consumers")
              + " (deployed products reading it, readers since "
              + since
              + "): "
              + String.join("; ", found)
              + force);
    }
  }

  private void changed(List<ProductId> products) {
    for (Consumer<Collection<ProductId>> listener : listeners) {
      try {
        listener.accept(products);
      } catch (RuntimeException e) {
        LOG.warn("A listener of the lifecycle of {} failed: {}", products, e.getMessage());
      }
    }
  }

  /** Sees every reader: the retirement check looks at all consumers, whoever asks. */
  private static Principal governance() {
    return new Principal(
        LifecycleStore.PLATFORM_USER, Set.of(), Set.of(Principal.GOVERNANCE_ROLE), Map.of(), false);
  }

  private static void requireControl(
      Principal principal, ProductId product, String owner, String action) {
    requireNonNull(principal, "principal is null");
    if (!principal.controls(owner)) {
      throw new QuantaException(
          ErrorCode.FORBIDDEN,
          "Only the owner of "
              + product
              + " ("
              + owner
              + ") or the '"
              + Principal.GOVERNANCE_ROLE
              + "' role may "
              + action
              + " it; "
              + principal
              + " is neither");
    }
  }
}
