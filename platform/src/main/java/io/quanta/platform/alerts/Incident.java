package io.quanta.platform.alerts;

import static java.util.Objects.requireNonNull;

import io.quanta.spec.ProductId;
import java.time.Instant;
import java.util.Optional;

/**
 * A period during which one check of a product (or of one of its ports) kept failing: opened by the
 * first failing outcome, resolved by the next passing one. At most one incident per product, port
 * and check is open at a time, across every process sharing the registry.
 *
 * @param id the incident's number, unique in the mesh
 * @param product the product version checked
 * @param port the output port checked; empty for a check of the whole product
 * @param check the check's name
 * @param kind what sort of check it is
 * @param severity how bad the failure is, as the opening outcome said
 * @param openedAt when the check was first seen failing
 * @param resolvedAt when it was first seen passing again; empty while the incident is open
 * @param lastMessage the message of the latest failing outcome
 * @param observed the measured value of the latest failing outcome
 * @param occurrences how many failing outcomes the incident has seen, at least 1
 * @param notifiedOpen whether every configured channel was told it opened
 * @param notifiedResolved whether every configured channel was told it was resolved
 */
public record Incident(
    long id,
    ProductId product,
    Optional<String> port,
    String check,
    CheckOutcome.Kind kind,
    CheckOutcome.Severity severity,
    Instant openedAt,
    Optional<Instant> resolvedAt,
    String lastMessage,
    String observed,
    long occurrences,
    boolean notifiedOpen,
    boolean notifiedResolved) {
  public Incident {
    requireNonNull(product, "product is null");
    requireNonNull(port, "port is null");
    requireNonNull(check, "check is null");
    requireNonNull(kind, "kind is null");
    requireNonNull(severity, "severity is null");
    requireNonNull(openedAt, "openedAt is null");
    requireNonNull(resolvedAt, "resolvedAt is null");
    requireNonNull(lastMessage, "lastMessage is null");
    requireNonNull(observed, "observed is null");
    if (occurrences < 1) {
      throw new IllegalArgumentException("occurrences must be at least 1: " + occurrences);
    }
  }

  /** Whether the check is still failing. */
  public boolean open() {
    return resolvedAt.isEmpty();
  }

  /** {@code firing} while open, then {@code resolved}: the status webhooks receive. */
  public String status() {
    return open() ? "firing" : "resolved";
  }

  /** Where the check is: {@code domain/name:major} or {@code domain/name:major/port}. */
  public String subject() {
    return product + port.map(name -> "/" + name).orElse("");
  }
}
