package io.quanta.engine.quality;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Compares two profiles of a port's rows (usually the previous run's and this run's) and warns
 * about measures that moved more than the thresholds below. Columns are matched by name; a column
 * in only one of the profiles is not compared.
 *
 * <p>Thread safe (no state).
 */
public final class Drift {
  /** A column's null rate moving by more than this many percentage points is drift. */
  public static final double NULL_RATE_POINTS = 10;

  /**
   * A numeric column's mean moving by more than this many of the previous profile's standard
   * deviations is drift (when that standard deviation is above zero).
   */
  public static final double MEAN_STANDARD_DEVIATIONS = 3;

  /**
   * The approximate distinct count growing or shrinking by more than this factor is drift, when
   * both counts are above {@link #DISTINCT_MINIMUM}: small counts move a lot for little reason.
   */
  public static final double DISTINCT_FACTOR = 2;

  /** Distinct counts at or below this are not compared. */
  public static final long DISTINCT_MINIMUM = 10;

  /**
   * The row count growing or shrinking by more than this factor is drift; so is going from no rows
   * to some, or from some to none.
   */
  public static final double ROW_COUNT_FACTOR = 3;

  private Drift() {}

  /**
   * The warnings from one profile to the next: the row count first, then each column in the order
   * of the current profile, with its null rate, mean and distinct count in that order.
   */
  public static List<DriftWarning> compare(
      List<ColumnProfile> previous, List<ColumnProfile> current) {
    List<DriftWarning> warnings = new ArrayList<>();
    if (!previous.isEmpty() && !current.isEmpty()) {
      long before = previous.get(0).rows();
      long after = current.get(0).rows();
      if (before != after
          && (before == 0 || after == 0 || factor(before, after) > ROW_COUNT_FACTOR)) {
        warnings.add(
            new DriftWarning(
                DriftWarning.ALL_COLUMNS,
                DriftWarning.Measure.ROW_COUNT,
                before,
                after,
                "row count went from "
                    + Counts.number(before)
                    + " to "
                    + Counts.number(after)
                    + " (more than a factor "
                    + Counts.decimal(ROW_COUNT_FACTOR)
                    + ")"));
      }
    }
    Map<String, ColumnProfile> earlier =
        previous.stream()
            .collect(Collectors.toMap(ColumnProfile::column, Function.identity(), (a, b) -> a));
    for (ColumnProfile now : current) {
      ColumnProfile then = earlier.get(now.column());
      if (then != null) {
        compareColumn(then, now, warnings);
      }
    }
    return warnings;
  }

  private static void compareColumn(
      ColumnProfile then, ColumnProfile now, List<DriftWarning> warnings) {
    String column = now.column();
    if (then.rows() > 0 && now.rows() > 0) {
      double before = 100 * then.nullRate();
      double after = 100 * now.nullRate();
      if (Math.abs(after - before) > NULL_RATE_POINTS) {
        warnings.add(
            new DriftWarning(
                column,
                DriftWarning.Measure.NULL_RATE,
                before,
                after,
                column
                    + ": null rate went from "
                    + Counts.decimal(before)
                    + "% to "
                    + Counts.decimal(after)
                    + "% (more than "
                    + Counts.decimal(NULL_RATE_POINTS)
                    + " points)"));
      }
    }
    if (then.mean() != null
        && now.mean() != null
        && then.standardDeviation() != null
        && then.standardDeviation() > 0) {
      double shift = Math.abs(now.mean() - then.mean()) / then.standardDeviation();
      if (shift > MEAN_STANDARD_DEVIATIONS) {
        warnings.add(
            new DriftWarning(
                column,
                DriftWarning.Measure.MEAN,
                then.mean(),
                now.mean(),
                column
                    + ": mean went from "
                    + Counts.decimal(then.mean())
                    + " to "
                    + Counts.decimal(now.mean())
                    + ", "
                    + Counts.decimal(shift)
                    + " standard deviations (more than "
                    + Counts.decimal(MEAN_STANDARD_DEVIATIONS)
                    + ")"));
      }
    }
    long before = then.approximateDistinct();
    long after = now.approximateDistinct();
    if (before > DISTINCT_MINIMUM
        && after > DISTINCT_MINIMUM
        && factor(before, after) > DISTINCT_FACTOR) {
      warnings.add(
          new DriftWarning(
              column,
              DriftWarning.Measure.APPROXIMATE_DISTINCT,
              before,
              after,
              column
                  + ": distinct values went from about "
                  + Counts.number(before)
                  + " to about "
                  + Counts.number(after)
                  + " (more than a factor "
                  + Counts.decimal(DISTINCT_FACTOR)
                  + ")"));
    }
  }

  /** How many times larger the larger of two positive counts is. */
  private static double factor(long a, long b) {
    return (double) Math.max(a, b) / Math.min(a, b);
  }
}
