package io.quanta.spec;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A quality expectation on an output port, in ODCS v3 vocabulary ({@code metric}, {@code
 * mustBe...}, {@code severity}): every run counts the rows that break it and compares that count
 * with the threshold (docs/trust.md).
 *
 * @param name unique in the port; derived from the metric and column when the spec gives none
 * @param metric what is counted
 * @param column the column checked ({@code nullValues}, {@code invalidValues}, {@code
 *     referentialIntegrity})
 * @param columns the columns that must be unique together ({@code duplicateValues}); the port's key
 *     when the spec names none
 * @param validValues {@code invalidValues}: the accepted values (as text)
 * @param pattern {@code invalidValues}: a regular expression every value must match entirely
 * @param minimum {@code invalidValues}: the smallest valid value
 * @param maximum {@code invalidValues}: the largest valid value
 * @param query {@code sql}: a SELECT over the port's rows (table {@code port}) returning the rows
 *     that fail
 * @param threshold what the count (or share, for {@link Unit#PERCENT}) must be
 * @param unit whether the threshold counts rows or a percentage of the rows
 * @param severity what a failure does to the run
 * @param description why the expectation exists
 * @param dimension the ODCS quality dimension (completeness, conformity, uniqueness...)
 */
public record Expectation(
    String name,
    Metric metric,
    Optional<String> column,
    List<String> columns,
    List<String> validValues,
    Optional<String> pattern,
    Optional<Double> minimum,
    Optional<Double> maximum,
    Optional<String> query,
    Threshold threshold,
    Unit unit,
    Severity severity,
    String description,
    Optional<String> dimension) {
  public Expectation {
    requireNonNull(name, "name is null");
    requireNonNull(metric, "metric is null");
    requireNonNull(column, "column is null");
    columns = List.copyOf(columns);
    validValues = List.copyOf(validValues);
    requireNonNull(pattern, "pattern is null");
    requireNonNull(minimum, "minimum is null");
    requireNonNull(maximum, "maximum is null");
    requireNonNull(query, "query is null");
    requireNonNull(threshold, "threshold is null");
    requireNonNull(unit, "unit is null");
    requireNonNull(severity, "severity is null");
    requireNonNull(description, "description is null");
    requireNonNull(dimension, "dimension is null");
  }

  /** What an expectation counts. The spec names are ODCS's where ODCS has one. */
  public enum Metric {
    /** Rows with no value in the column. */
    NULL_VALUES("nullValues"),
    /** Rows whose columns' values another row shares. */
    DUPLICATE_VALUES("duplicateValues"),
    /** Rows whose value is not accepted, does not match the pattern, or is out of range. */
    INVALID_VALUES("invalidValues"),
    /** The rows of the port (the threshold applies to the count itself). */
    ROW_COUNT("rowCount"),
    /** Rows whose value has no match in the linked column of an input (the column's links). */
    REFERENTIAL_INTEGRITY("referentialIntegrity"),
    /** Rows a custom SELECT returns. */
    SQL("sql");

    private final String specName;

    Metric(String specName) {
      this.specName = specName;
    }

    public String specName() {
      return specName;
    }

    public static Optional<Metric> fromSpecName(String name) {
      for (Metric metric : values()) {
        if (metric.specName.equals(name)) {
          return Optional.of(metric);
        }
      }
      return Optional.empty();
    }
  }

  /** Whether a threshold counts rows or a percentage of the port's rows. */
  public enum Unit {
    ROWS,
    PERCENT;

    public String specName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** What a failed expectation does. */
  public enum Severity {
    /** The run fails, nothing is committed, the failing rows are quarantined. */
    ERROR,
    /** The run commits; the result is flagged and alerted. */
    WARN;

    public String specName() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** {@code error}, {@code warn} or ODCS's {@code warning}. */
    public static Optional<Severity> fromSpecName(String name) {
      return switch (name) {
        case "error" -> Optional.of(ERROR);
        case "warn", "warning" -> Optional.of(WARN);
        default -> Optional.empty();
      };
    }
  }
}
