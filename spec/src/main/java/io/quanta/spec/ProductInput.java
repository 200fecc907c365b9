package io.quanta.spec;

import static java.util.Objects.requireNonNull;

/**
 * An input that reads another product's output port, as of the run's start.
 *
 * @param name the table name inside the SQL
 * @param port the upstream output port, pinned to a major version
 */
public record ProductInput(String name, PortId port) implements Input {
  public ProductInput {
    requireNonNull(name, "name is null");
    requireNonNull(port, "port is null");
  }
}
