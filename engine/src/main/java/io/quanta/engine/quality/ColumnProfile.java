package io.quanta.engine.quality;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The shape of one column's values in the rows of one run, for the observability port and for drift
 * detection between runs. A plain record of text, numbers and lists: Jackson writes and reads it as
 * is. Absent measures are {@code null} (min and max of a column with no values, mean and standard
 * deviation of a column that is not numeric).
 *
 * @param column the column's name
 * @param type the column's type as the descriptor spells it, e.g. {@code decimal(10,2)}
 * @param rows the rows profiled, nulls included
 * @param nulls the rows with no value in the column
 * @param approximateDistinct the distinct values, approximated (HyperLogLog, a few percent off on
 *     large counts), nulls left out
 * @param min the smallest value as text, or {@code null} when the column has no value
 * @param max the largest value as text, or {@code null} when the column has no value
 * @param mean the mean of a numeric column's values, or {@code null}
 * @param standardDeviation the sample standard deviation of a numeric column's values, or {@code
 *     null} (not numeric, or fewer than two values)
 * @param histogram a numeric, date or timestamp column's values in equal-width buckets from min to
 *     max, in order; empty for other columns and for a column with no value
 * @param topValues a string or boolean column's most frequent values, most frequent first (ties by
 *     value); empty for other columns, for a column with no value, and for a column with too many
 *     distinct values ({@link Profiler#TOP_VALUES_DISTINCT_LIMIT})
 */
public record ColumnProfile(
    String column,
    String type,
    long rows,
    long nulls,
    long approximateDistinct,
    String min,
    String max,
    Double mean,
    Double standardDeviation,
    List<Bucket> histogram,
    List<ValueCount> topValues) {
  public ColumnProfile {
    requireNonNull(column, "column is null");
    requireNonNull(type, "type is null");
    if (rows < 0 || nulls < 0 || nulls > rows || approximateDistinct < 0) {
      throw new IllegalArgumentException(
          "column '" + column + "': rows " + rows + ", nulls " + nulls + " do not add up");
    }
    histogram = List.copyOf(histogram);
    topValues = List.copyOf(topValues);
  }

  /** The share of rows with no value, from 0 to 1; 0 when there are no rows. */
  public double nullRate() {
    return rows == 0 ? 0 : (double) nulls / rows;
  }

  /**
   * One bucket of a histogram: the values from {@code lower} (included) to {@code upper} (excluded;
   * the last bucket includes the column's max). Numeric columns' bounds are values; date and
   * timestamp columns' bounds are seconds since 1970-01-01T00:00Z.
   *
   * @param lower the bucket's lower bound
   * @param upper the bucket's upper bound
   * @param count the values in the bucket
   */
  public record Bucket(double lower, double upper, long count) {}

  /**
   * A value and how many rows hold it.
   *
   * @param value the value as text ({@code true}/{@code false} for booleans)
   * @param count the rows holding it, exact
   */
  public record ValueCount(String value, long count) {
    public ValueCount {
      requireNonNull(value, "value is null");
    }
  }
}
