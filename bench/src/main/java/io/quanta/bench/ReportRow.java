package io.quanta.bench;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * One line of the report: a measure of Quanta, the same measure of the baseline, how they compare,
 * and whether that meets the target.
 *
 * @param measure what is measured, with its unit, e.g. {@code materialize play-events (rows/s)}
 * @param quanta Quanta's value, formatted
 * @param baseline the baseline's value, formatted; {@code -} when there is none
 * @param comparison the ratio or difference, e.g. {@code 0.62x} or {@code +8.1 ms}
 * @param target the target, e.g. {@code >= 0.5x}
 * @param met whether the target is met; empty when the row has no target
 */
public record ReportRow(
    String measure,
    String quanta,
    String baseline,
    String comparison,
    String target,
    Optional<Boolean> met) {
  /** Checks the values. */
  public ReportRow {
    requireNonNull(measure, "measure is null");
    requireNonNull(quanta, "quanta is null");
    requireNonNull(baseline, "baseline is null");
    requireNonNull(comparison, "comparison is null");
    requireNonNull(target, "target is null");
    requireNonNull(met, "met is null");
  }

  /** {@code yes}, {@code NO} or {@code -}, for the report's last column. */
  public String verdict() {
    return met.map(value -> value ? "yes" : "NO").orElse("-");
  }
}
