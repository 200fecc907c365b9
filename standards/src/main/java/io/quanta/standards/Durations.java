package io.quanta.standards;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;

/**
 * Durations as Quanta writes them (ISO 8601) and as ODCS SLA properties carry them (a number and a
 * unit: {@code d}, {@code h}, {@code min}, {@code s}, {@code ms}).
 */
final class Durations {
  private static final long DAY = 86_400;
  private static final long HOUR = 3_600;
  private static final long MINUTE = 60;

  private Durations() {}

  /** A number with its unit. */
  record Amount(BigDecimal value, String unit) {}

  /** The ISO 8601 form a spec accepts: whole days as {@code P1D}, anything else as {@code PT..}. */
  static String iso(Duration duration) {
    if (!duration.isZero() && duration.getNano() == 0 && duration.getSeconds() % DAY == 0) {
      return "P" + duration.getSeconds() / DAY + "D";
    }
    return duration.toString();
  }

  /** The duration in the largest unit that holds it whole. */
  static Amount amount(Duration duration) {
    long seconds = duration.getSeconds();
    if (duration.getNano() == 0 && seconds != 0) {
      if (seconds % DAY == 0) {
        return new Amount(BigDecimal.valueOf(seconds / DAY), "d");
      }
      if (seconds % HOUR == 0) {
        return new Amount(BigDecimal.valueOf(seconds / HOUR), "h");
      }
      if (seconds % MINUTE == 0) {
        return new Amount(BigDecimal.valueOf(seconds / MINUTE), "min");
      }
      return new Amount(BigDecimal.valueOf(seconds), "s");
    }
    return new Amount(BigDecimal.valueOf(duration.toNanos()).movePointLeft(6), "ms");
  }

  /**
   * The duration a number and a unit mean; a unit-less text may be an ISO 8601 duration.
   *
   * @return empty when the unit is not one of time or the value is not a positive amount
   */
  static Optional<Duration> parse(Optional<BigDecimal> value, Optional<String> unit) {
    if (value.isEmpty()) {
      return Optional.empty();
    }
    if (value.get().signum() <= 0) {
      return Optional.empty();
    }
    Optional<BigDecimal> secondsPerUnit = unit.flatMap(Durations::secondsPer);
    if (secondsPerUnit.isEmpty()) {
      return Optional.empty();
    }
    BigDecimal nanos =
        value.get().multiply(secondsPerUnit.get()).movePointRight(9).setScale(0, RoundingMode.DOWN);
    return Optional.of(Duration.ofNanos(nanos.longValueExact()));
  }

  /** An ISO 8601 duration, when the text is one. */
  static Optional<Duration> parseIso(String text) {
    try {
      return Optional.of(Duration.parse(text.trim()));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static Optional<BigDecimal> secondsPer(String unit) {
    return switch (unit.trim().toLowerCase(Locale.ROOT)) {
      case "ms", "millisecond", "milliseconds" -> Optional.of(new BigDecimal("0.001"));
      case "s", "sec", "secs", "second", "seconds" -> Optional.of(BigDecimal.ONE);
      case "m", "min", "mins", "minute", "minutes" -> Optional.of(BigDecimal.valueOf(MINUTE));
      case "h", "hr", "hrs", "hour", "hours" -> Optional.of(BigDecimal.valueOf(HOUR));
      case "d", "day", "days" -> Optional.of(BigDecimal.valueOf(DAY));
      case "w", "wk", "week", "weeks" -> Optional.of(BigDecimal.valueOf(7 * DAY));
      default -> Optional.empty();
    };
  }
}
