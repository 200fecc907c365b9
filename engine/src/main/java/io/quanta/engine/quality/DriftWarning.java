package io.quanta.engine.quality;

import static java.util.Objects.requireNonNull;

/**
 * A measure of a port's rows that moved more than usual between two runs' profiles ({@link Drift}).
 * A warning, not a failure: data may change for good reasons.
 *
 * @param column the column, or {@link #ALL_COLUMNS} for the row count
 * @param measure what moved
 * @param previous the measure in the earlier profile
 * @param current the measure in the later profile
 * @param message what moved and by how much, for people
 */
public record DriftWarning(
    String column, Measure measure, double previous, double current, String message) {
  /** The column of a warning about the rows as a whole. */
  public static final String ALL_COLUMNS = "*";

  public DriftWarning {
    requireNonNull(column, "column is null");
    requireNonNull(measure, "measure is null");
    requireNonNull(message, "message is null");
  }

  /** What a drift warning is about. */
  public enum Measure {
    /** The percentage (0 to 100) of rows with no value in the column. */
    NULL_RATE,
    /** The mean of a numeric column. */
    MEAN,
    /** The approximate number of distinct values of the column. */
    APPROXIMATE_DISTINCT,
    /** The number of rows. */
    ROW_COUNT
  }
}
