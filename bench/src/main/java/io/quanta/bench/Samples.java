package io.quanta.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleUnaryOperator;
import java.util.stream.Collectors;

/** Repeated measurements of one quantity, summarized by their median. Not thread safe. */
public final class Samples {
  private final List<Double> values = new ArrayList<>();

  /** Adds a measurement. */
  public void add(double value) {
    if (Double.isNaN(value)) {
      throw new IllegalArgumentException("a measurement must be a number");
    }
    values.add(value);
  }

  /** The measurements in the order they were taken. */
  public List<Double> values() {
    return List.copyOf(values);
  }

  /** The median: the middle value, or the mean of the two middle values. */
  public double median() {
    if (values.isEmpty()) {
      throw new IllegalStateException("no measurements");
    }
    List<Double> sorted = values.stream().sorted().toList();
    int middle = sorted.size() / 2;
    return sorted.size() % 2 == 1
        ? sorted.get(middle)
        : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
  }

  /**
   * The nearest-rank percentile: the smallest measurement that at least {@code percent} of the
   * measurements do not exceed (with 50 measurements, p99 is the largest).
   */
  public double percentile(double percent) {
    if (values.isEmpty()) {
      throw new IllegalStateException("no measurements");
    }
    if (percent <= 0 || percent > 100) {
      throw new IllegalArgumentException("percent must be in (0, 100], got " + percent);
    }
    List<Double> sorted = values.stream().sorted().toList();
    int rank = (int) Math.ceil(percent / 100 * sorted.size());
    return sorted.get(Math.max(1, rank) - 1);
  }

  /** The measurements, converted and formatted, e.g. {@code 4.10, 4.12, 4.30}. */
  public String list(DoubleUnaryOperator unit, String format) {
    return values.stream()
        .map(value -> String.format(Locale.ROOT, format, unit.applyAsDouble(value)))
        .collect(Collectors.joining(", "));
  }

  /** Seconds from a {@link System#nanoTime()} reading to now. */
  public static double secondsSince(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }
}
