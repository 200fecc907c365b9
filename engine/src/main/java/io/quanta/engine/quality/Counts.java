package io.quanta.engine.quality;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;

/** Numbers as messages to people write them: {@code 1,000 rows}, {@code 0.25%}. */
final class Counts {
  private Counts() {}

  /** A count with thousands separators. */
  static String number(long count) {
    return String.format(Locale.ROOT, "%,d", count);
  }

  /** A count followed by "row" or "rows". */
  static String rows(long count) {
    return number(count) + (count == 1 ? " row" : " rows");
  }

  /** "has" for one, "have" for any other count. */
  static String has(long count) {
    return count == 1 ? "has" : "have";
  }

  /** A number with at most two decimals, trailing zeros dropped. */
  static String decimal(double value) {
    if (!Double.isFinite(value)) {
      return Double.toString(value);
    }
    return BigDecimal.valueOf(value)
        .setScale(2, RoundingMode.HALF_UP)
        .stripTrailingZeros()
        .toPlainString();
  }
}
