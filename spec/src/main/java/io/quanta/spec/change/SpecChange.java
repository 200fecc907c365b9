package io.quanta.spec.change;

import static java.util.Objects.requireNonNull;

import java.util.Locale;
import java.util.Optional;

/**
 * One difference between a deployed spec and the spec that would replace it, classified.
 *
 * @param level what the change asks of consumers
 * @param area what part of the product changed
 * @param port the output port it concerns, empty for a change to the whole product
 * @param path the field path in the new spec where the change shows (for something removed, the
 *     nearest field that is still there), for {@code file:line:column}
 * @param description what changed, e.g. {@code column 'country' removed}
 */
public record SpecChange(
    ChangeLevel level, Area area, Optional<String> port, String path, String description) {
  /** The parts of a product a change may touch, in the order plans list them. */
  public enum Area {
    /** Output ports added or removed, and their descriptions. */
    PORTS,
    /** Columns, their types, semantics and links. */
    SCHEMA,
    /** The key and the event time. */
    KEY,
    /** The modes a port is served in. */
    ACCESS,
    /** The SQL computing a port. */
    SQL,
    /** Service level objectives. */
    SLO,
    /** Quality expectations. */
    QUALITY,
    /** Input ports. */
    INPUTS,
    /** Local policies. */
    POLICIES,
    /** When the product runs by itself. */
    SCHEDULE,
    /** Owner, description, documentation, tags, kind. */
    METADATA;

    public String specName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public SpecChange {
    requireNonNull(level, "level is null");
    requireNonNull(area, "area is null");
    requireNonNull(port, "port is null");
    requireNonNull(path, "path is null");
    requireNonNull(description, "description is null");
    if (level == ChangeLevel.NONE) {
      throw new IllegalArgumentException("a change has a level above none");
    }
  }

  /** {@code port 'demographics': column 'country' removed}, or the description alone. */
  public String subject() {
    return port.map(name -> "port '" + name + "': " + description).orElse(description);
  }

  @Override
  public String toString() {
    return level.specName() + " " + area.specName() + " " + subject();
  }
}
