package io.quanta.platform.alerts;

import static java.util.Objects.requireNonNull;

import io.quanta.spec.ProductId;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * The result of one evaluation of a check (an SLO, a quality expectation, a drift check) of a
 * product or of one of its output ports, as the code that evaluated it reports it to {@link
 * AlertService#observe}.
 *
 * @param product the product version checked
 * @param port the output port checked; empty for a check of the whole product
 * @param check the check's name, stable across evaluations: {@code freshness}, {@code
 *     nullValues(user_id)}; one incident at a time is open per product, port and check
 * @param kind what sort of check it is
 * @param severity how bad a failure is
 * @param failing whether the check failed
 * @param message what was found, for people: {@code "last successful run 26 h ago, more than
 *     PT24H"}
 * @param observed the measured value, as text: {@code PT26H}, {@code 0.97}, {@code 12 rows}
 * @param at when the check was evaluated
 * @param runId the run whose result was checked, when the check ran after a run
 */
public record CheckOutcome(
    ProductId product,
    Optional<String> port,
    String check,
    Kind kind,
    Severity severity,
    boolean failing,
    String message,
    String observed,
    Instant at,
    Optional<String> runId) {
  public CheckOutcome {
    requireNonNull(product, "product is null");
    requireNonNull(port, "port is null");
    if (port.isPresent() && port.get().isBlank()) {
      throw new IllegalArgumentException("port is blank; leave it empty for a product check");
    }
    requireNonNull(check, "check is null");
    if (check.isBlank()) {
      throw new IllegalArgumentException("check is blank");
    }
    requireNonNull(kind, "kind is null");
    requireNonNull(severity, "severity is null");
    requireNonNull(message, "message is null");
    requireNonNull(observed, "observed is null");
    requireNonNull(at, "at is null");
    requireNonNull(runId, "runId is null");
  }

  /** What sort of check an outcome is of. */
  public enum Kind {
    /** A service level objective: freshness, timeliness, completeness, volume, availability. */
    SLO,
    /** A quality expectation on a port's rows. */
    EXPECTATION,
    /** A change of a port's data profile or schema against what it used to be. */
    DRIFT;

    /** The name in alerts and in the registry: {@code slo}, {@code expectation}, {@code drift}. */
    public String text() {
      return name().toLowerCase(Locale.ROOT);
    }

    static Kind fromText(String text) {
      return valueOf(text.toUpperCase(Locale.ROOT));
    }
  }

  /** How bad a failure is. */
  public enum Severity {
    ERROR,
    WARN;

    /** The name in alerts and in the registry: {@code error} or {@code warn}. */
    public String text() {
      return name().toLowerCase(Locale.ROOT);
    }

    static Severity fromText(String text) {
      return valueOf(text.toUpperCase(Locale.ROOT));
    }
  }
}
