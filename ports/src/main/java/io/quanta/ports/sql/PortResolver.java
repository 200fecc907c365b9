package io.quanta.ports.sql;

import io.quanta.governance.Reader;
import io.quanta.governance.policy.PortDecision;
import io.quanta.spec.AccessMode;
import io.quanta.spec.Output;
import io.quanta.spec.PortId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the SQL port needs from the platform: which port a SQL table name means, and what a port
 * held as of a time. The platform implements it over its registry and warehouse; tests may fake it.
 */
public interface PortResolver {
  /**
   * The port a table name refers to: {@code domain.product.port} (the newest deployed major
   * version) or {@code domain.product_v<major>.port}, with '-' written as '_'.
   *
   * @param parts the name's three parts as written in the query
   * @return the port, or empty when no deployed product has it
   */
  Optional<PortId> resolve(List<String> parts);

  /** The port's declaration: its columns, types, event-time column. */
  Output output(PortId port);

  /** What the reader may read of the port: access, masks, row filters, minimum group sizes. */
  PortDecision decide(PortId port, Reader reader);

  /** The modes the port is served in to consumers (its spec's {@code access}). */
  Set<AccessMode> access(PortId port);

  /** SQL table names of deployed ports close to the given one, for "did you mean" messages. */
  List<String> similarNames(List<String> parts);

  /**
   * The latest processing time at most {@code requested} at which reading the ports cannot change
   * later: before the processing time of any run of theirs still committing.
   */
  Instant stableAsOf(Set<PortId> ports, Instant requested);

  /** The port's data as of a processing time, filtered by the read options' windows. */
  PortSnapshot snapshot(PortId port, Instant asOf, ReadOptions options);
}
