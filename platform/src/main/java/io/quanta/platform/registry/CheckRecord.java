package io.quanta.platform.registry;

import static java.util.Objects.requireNonNull;

import io.quanta.spec.ProductId;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The outcome of one check of a product (docs/trust.md): a quality expectation or a run-measured
 * objective of a run, a drift warning, or a later evaluation of freshness or availability.
 *
 * @param id the registry's id, 0 before it is stored
 * @param product the product version checked
 * @param port the output port, empty for a product-wide check
 * @param runId the run that measured it, empty for evaluations between runs
 * @param kind what was checked
 * @param name the check's name: the expectation's, or the objective's ({@code freshness}...)
 * @param severity {@code error} or {@code warn}
 * @param passed whether it held
 * @param observed the measured value, as text
 * @param threshold what it had to be, as text
 * @param failingRows rows that broke an expectation
 * @param totalRows rows checked
 * @param message a sentence saying what was found
 * @param checkedAt when
 */
public record CheckRecord(
    long id,
    ProductId product,
    Optional<String> port,
    Optional<String> runId,
    Kind kind,
    String name,
    String severity,
    boolean passed,
    Optional<String> observed,
    Optional<String> threshold,
    OptionalLong failingRows,
    OptionalLong totalRows,
    String message,
    Instant checkedAt) {
  public CheckRecord {
    requireNonNull(product, "product is null");
    requireNonNull(port, "port is null");
    requireNonNull(runId, "runId is null");
    requireNonNull(kind, "kind is null");
    requireNonNull(name, "name is null");
    requireNonNull(severity, "severity is null");
    requireNonNull(observed, "observed is null");
    requireNonNull(threshold, "threshold is null");
    requireNonNull(failingRows, "failingRows is null");
    requireNonNull(totalRows, "totalRows is null");
    requireNonNull(message, "message is null");
    requireNonNull(checkedAt, "checkedAt is null");
  }

  /** What a check is about. */
  public enum Kind {
    EXPECTATION,
    SLO,
    DRIFT;

    public String dbName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** The same check, stored under an id. */
  CheckRecord withId(long newId) {
    return new CheckRecord(
        newId,
        product,
        port,
        runId,
        kind,
        name,
        severity,
        passed,
        observed,
        threshold,
        failingRows,
        totalRows,
        message,
        checkedAt);
  }
}
