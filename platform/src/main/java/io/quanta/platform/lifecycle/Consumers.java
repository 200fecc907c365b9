package io.quanta.platform.lifecycle;

import static java.util.Objects.requireNonNull;

import io.quanta.spec.ProductId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Who depends on a product version's ports: the deployed products whose inputs read them, and the
 * readers the access audit saw reading them since a time. Serialized as the API's JSON.
 *
 * @param product the product version
 * @param state its lifecycle state: {@code active}, {@code deprecated} or {@code retired}
 * @param since the start of the window reads were counted over
 * @param readersShown whether the caller may see who the readers are: the product's owner and the
 *     governance role may; for anyone else {@link PortConsumers#readers} is empty
 * @param ports every output port with its consumers, in the spec's order
 */
public record Consumers(
    ProductId product,
    String state,
    Instant since,
    boolean readersShown,
    List<PortConsumers> ports) {
  public Consumers {
    requireNonNull(product, "product is null");
    requireNonNull(state, "state is null");
    requireNonNull(since, "since is null");
    ports = List.copyOf(ports);
  }

  /**
   * One port's consumers.
   *
   * @param port the port's name
   * @param products the deployed products (not retired) with an input reading it
   * @param readers who read it in the window, besides products and the product's own team and the
   *     governance role; newest read first
   */
  public record PortConsumers(
      String port, List<ProductConsumer> products, List<PortReader> readers) {
    public PortConsumers {
      requireNonNull(port, "port is null");
      products = List.copyOf(products);
      readers = List.copyOf(readers);
    }
  }

  /**
   * A deployed product reading the port through an input.
   *
   * @param product the consuming product version
   * @param input the name of its input reading the port
   * @param owner who answers for it
   * @param state its lifecycle state
   * @param reads its runs' reads of the port in the window, from the access audit
   * @param lastReadAt its latest run's read of the port in the window, when there was one
   */
  public record ProductConsumer(
      ProductId product,
      String input,
      String owner,
      String state,
      long reads,
      Optional<Instant> lastReadAt) {
    public ProductConsumer {
      requireNonNull(product, "product is null");
      requireNonNull(input, "input is null");
      requireNonNull(owner, "owner is null");
      requireNonNull(state, "state is null");
      requireNonNull(lastReadAt, "lastReadAt is null");
    }
  }

  /**
   * A principal that read the port in the window.
   *
   * @param reader the principal's user ({@code anonymous} without credentials)
   * @param modes how it read: {@code sql}, {@code files}, {@code rest}, {@code events}
   * @param purposes the purposes it declared
   * @param reads how many reads
   * @param lastReadAt its latest read
   */
  public record PortReader(
      String reader, List<String> modes, List<String> purposes, long reads, Instant lastReadAt) {
    public PortReader {
      requireNonNull(reader, "reader is null");
      modes = List.copyOf(modes);
      purposes = List.copyOf(purposes);
      requireNonNull(lastReadAt, "lastReadAt is null");
    }
  }

  /** Whether any product reads a port, or any reader read one in the window. */
  public boolean any() {
    return ports.stream().anyMatch(port -> !port.products().isEmpty() || !port.readers().isEmpty());
  }

  /**
   * Every consumer in words, one per element: {@code events: product podcasts/top-podcasts:1 (input
   * plays)}, {@code events: reader ann (12 reads, last 2026-11-20T10:00:00Z)}.
   */
  public List<String> describe() {
    List<String> lines = new ArrayList<>();
    for (PortConsumers port : ports) {
      for (ProductConsumer product : port.products()) {
        lines.add(
            port.port() + ": product " + product.product() + " (input " + product.input() + ")");
      }
      for (PortReader reader : port.readers()) {
        lines.add(
            port.port()
                + ": reader "
                + reader.reader()
                + " ("
                + reader.reads()
                + (reader.reads() == 1 ? " read" : " reads")
                + ", last "
                + reader.lastReadAt()
                + ")");
      }
    }
    return lines;
  }
}
