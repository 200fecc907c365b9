package io.quanta.platform.lifecycle;

import static java.util.Objects.requireNonNull;

import io.quanta.error.QuantaException;
import io.quanta.governance.Principal;
import io.quanta.platform.registry.PortReads;
import io.quanta.platform.registry.ProductVersion;
import io.quanta.platform.registry.Registry;
import io.quanta.ports.sql.ReadOptions;
import io.quanta.spec.Output;
import io.quanta.spec.ProductId;
import io.quanta.spec.ProductInput;
import io.quanta.spec.ProductSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Who depends on a product version: the deployed products whose inputs read its ports, and the
 * readers of its ports in the access audit. Who the readers are is shown to the product's owner and
 * the governance role only; anyone may see which products read it, as the discovery port's
 * downstream list already says.
 *
 * <p>Not consumers: reads by the product's own team (its owner user, or members of its owner group)
 * and by the governance role, which look after the product; policy changes; refused reads; and
 * runs' input reads (the products are listed as such, with their runs' reads).
 *
 * <p>Thread safe.
 */
public final class ConsumerService {
  private final Registry registry;
  private final DeployedSpecs specs;
  private final Clock clock;

  public ConsumerService(Registry registry, DeployedSpecs specs, Clock clock) {
    this.registry = requireNonNull(registry, "registry is null");
    this.specs = requireNonNull(specs, "specs is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  /**
   * The consumers of a product version's ports, with the reads since {@code since}.
   *
   * @param viewer who asks: readers are listed when it owns the product or has the governance role
   * @throws QuantaException {@code NOT_FOUND} for a product version that was never deployed
   */
  public Consumers of(ProductId product, Principal viewer, Instant since) {
    requireNonNull(viewer, "viewer is null");
    requireNonNull(since, "since is null");
    ProductVersion version =
        registry
            .products()
            .find(product)
            .orElseThrow(() -> QuantaException.notFound("Data product does not exist: " + product));
    ProductSpec spec = specs.spec(version);
    String owner = spec.metadata().owner();
    boolean readersShown = viewer.controls(owner);

    List<String> ports = new ArrayList<>();
    spec.outputs().forEach(output -> ports.add(product.port(output.name()).toString()));
    List<PortReads> reads = registry.audit().reads(ports, since);

    Map<String, List<Consumers.ProductConsumer>> products = new LinkedHashMap<>();
    for (ProductSpec consumer : specs.all()) {
      for (ProductInput input : consumer.productInputs()) {
        if (!input.port().product().equals(product)) {
          continue;
        }
        String port = input.port().toString();
        String purpose = "input of " + consumer.id();
        long count = 0;
        Optional<Instant> last = Optional.empty();
        for (PortReads read : reads) {
          if (read.port().equals(port)
              && read.mode().equals("input")
              && read.purpose().equals(Optional.of(purpose))) {
            count += read.reads();
            last = latest(last, read.lastReadAt());
          }
        }
        products
            .computeIfAbsent(input.port().port(), unused -> new ArrayList<>())
            .add(
                new Consumers.ProductConsumer(
                    consumer.id(),
                    input.name(),
                    consumer.metadata().owner(),
                    registry.lifecycle().of(consumer.id()).state().text(),
                    count,
                    last));
      }
    }

    List<Consumers.PortConsumers> result = new ArrayList<>();
    for (Output output : spec.outputs()) {
      String port = product.port(output.name()).toString();
      List<Consumers.PortReader> readers = readersShown ? readers(port, owner, reads) : List.of();
      result.add(
          new Consumers.PortConsumers(
              output.name(), products.getOrDefault(output.name(), List.of()), readers));
    }
    return new Consumers(
        product, registry.lifecycle().of(product).state().text(), since, readersShown, result);
  }

  /**
   * Where a window of reads starts: a duration back from now ({@code P30D}, {@code PT12H}) or a
   * time ({@code 2026-11-01}, {@code 2026-11-01T10:00:00Z}).
   *
   * @param name the option's name, for the message
   * @throws QuantaException {@code INVALID_REQUEST} for anything else, or a time in the future
   */
  public Instant since(String name, String text) {
    Instant now = clock.instant();
    String value = text == null ? "" : text.strip().toUpperCase(Locale.ROOT);
    Instant since;
    if (value.startsWith("P")) {
      try {
        since = now.minus(Duration.parse(value));
      } catch (DateTimeParseException notADuration) {
        try {
          since = now.atZone(ZoneOffset.UTC).minus(Period.parse(value)).toInstant();
        } catch (DateTimeParseException e) {
          throw QuantaException.invalidRequest(
              name
                  + " '"
                  + text
                  + "' is not a duration: use ISO-8601 such as P30D (30 days back) or PT12H, or a"
                  + " time such as 2026-11-01");
        }
      }
    } else {
      since = ReadOptions.parseTime(name, text);
    }
    if (since.isAfter(now)) {
      throw QuantaException.invalidRequest(
          name + " '" + text + "' is in the future; reads are counted from a time in the past");
    }
    return since;
  }

  /** The readers of one port, each summed over its modes and purposes, newest read first. */
  private static List<Consumers.PortReader> readers(
      String port, String owner, List<PortReads> reads) {
    Map<String, List<PortReads>> byReader = new LinkedHashMap<>();
    for (PortReads read : reads) {
      if (!read.port().equals(port) || read.mode().equals("input")) {
        continue;
      }
      Principal principal =
          new Principal(read.user(), read.groups(), read.roles(), Map.of(), read.anonymous());
      if (principal.controls(owner)) {
        continue; // the product's own team and governance look after it; they do not consume it
      }
      byReader.computeIfAbsent(read.user(), unused -> new ArrayList<>()).add(read);
    }
    List<Consumers.PortReader> readers = new ArrayList<>();
    byReader.forEach(
        (user, rows) -> {
          TreeSet<String> modes = new TreeSet<>();
          TreeSet<String> purposes = new TreeSet<>();
          long count = 0;
          Instant last = Instant.MIN;
          for (PortReads row : rows) {
            modes.add(row.mode());
            row.purpose().ifPresent(purposes::add);
            count += row.reads();
            last = row.lastReadAt().isAfter(last) ? row.lastReadAt() : last;
          }
          readers.add(
              new Consumers.PortReader(
                  user, List.copyOf(modes), List.copyOf(purposes), count, last));
        });
    readers.sort(
        Comparator.comparing(Consumers.PortReader::lastReadAt)
            .reversed()
            .thenComparing(Consumers.PortReader::reader));
    return readers;
  }

  private static Optional<Instant> latest(Optional<Instant> current, Instant candidate) {
    return current.isPresent() && current.get().isAfter(candidate)
        ? current
        : Optional.of(candidate);
  }
}
