package io.quanta.spec;

import static java.util.Objects.requireNonNull;

/**
 * An input that reads another product's output port, as of the run's start.
 *
 * @param name the table name inside the SQL
 * @param port the upstream output port, pinned to a major version
 * @param mode the latest state, or only what the port appended since the previous run
 */
public record ProductInput(String name, PortId port, Mode mode) implements Input {
  /** How much of the upstream port a run reads. */
  public enum Mode {
    /** The port's latest state, one row per key. */
    FULL,
    /**
     * The rows the port appended (new and corrected facts) since the snapshot the previous
     * committed run consumed; everything on the first run.
     */
    INCREMENTAL
  }

  public ProductInput {
    requireNonNull(name, "name is null");
    requireNonNull(port, "port is null");
    requireNonNull(mode, "mode is null");
  }

  /** A full input. */
  public ProductInput(String name, PortId port) {
    this(name, port, Mode.FULL);
  }
}
