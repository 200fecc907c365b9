package io.quanta.engine.quality;

import static java.util.Objects.requireNonNull;

import io.quanta.spec.Expectation;

/**
 * What one run found for one quality expectation.
 *
 * @param expectation the expectation checked
 * @param rows the rows of the port the run computed
 * @param failingRows the rows that break the expectation; for {@code rowCount}, the row count
 *     itself
 * @param observed the number compared with the threshold: the failing rows ({@link
 *     Expectation.Unit#ROWS}), their percentage of the port's rows from 0 to 100 ({@link
 *     Expectation.Unit#PERCENT}, 0 when the port has no rows), or the row count ({@code rowCount})
 * @param passed whether the observed number satisfies the threshold
 * @param message what was found, for people, e.g. {@code nullValues(user_id): 3 of 1,000 rows have
 *     no value (mustBe 0)}
 */
public record ExpectationResult(
    Expectation expectation,
    long rows,
    long failingRows,
    double observed,
    boolean passed,
    String message) {
  public ExpectationResult {
    requireNonNull(expectation, "expectation is null");
    if (rows < 0 || failingRows < 0) {
      throw new IllegalArgumentException("rows and failingRows cannot be negative");
    }
    requireNonNull(message, "message is null");
  }

  /** Whether this result fails the run: the expectation failed and its severity is error. */
  public boolean failsRun() {
    return !passed && expectation.severity() == Expectation.Severity.ERROR;
  }
}
