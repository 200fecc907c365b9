package io.quanta.spec;

import static java.util.Objects.requireNonNull;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The type of a column as the descriptor spells it: {@code string}, {@code boolean}, {@code
 * integer} (32 bit), {@code bigint} (64 bit), {@code double}, {@code decimal(p,s)}, {@code date} or
 * {@code timestamp} (an instant, UTC, microsecond precision).
 *
 * @param kind the type
 * @param precision decimal digits in all, for {@code decimal} only (1 to 38), else 0
 * @param scale decimal digits after the point, for {@code decimal} only, else 0
 */
public record ColumnType(Kind kind, int precision, int scale) {
  /** The kinds of column types. */
  public enum Kind {
    STRING,
    BOOLEAN,
    INTEGER,
    BIGINT,
    DOUBLE,
    DECIMAL,
    DATE,
    TIMESTAMP
  }

  public static final ColumnType STRING = new ColumnType(Kind.STRING, 0, 0);
  public static final ColumnType BOOLEAN = new ColumnType(Kind.BOOLEAN, 0, 0);
  public static final ColumnType INTEGER = new ColumnType(Kind.INTEGER, 0, 0);
  public static final ColumnType BIGINT = new ColumnType(Kind.BIGINT, 0, 0);
  public static final ColumnType DOUBLE = new ColumnType(Kind.DOUBLE, 0, 0);
  public static final ColumnType DATE = new ColumnType(Kind.DATE, 0, 0);
  public static final ColumnType TIMESTAMP = new ColumnType(Kind.TIMESTAMP, 0, 0);

  private static final Pattern DECIMAL = Pattern.compile("decimal\\((\\d+),\\s*(\\d+)\\)");

  public ColumnType {
    requireNonNull(kind, "kind is null");
    if (kind == Kind.DECIMAL) {
      if (precision < 1 || precision > 38) {
        throw new IllegalArgumentException(
            "decimal precision must be between 1 and 38, got " + precision);
      }
      if (scale < 0 || scale > precision) {
        throw new IllegalArgumentException(
            "decimal scale must be between 0 and the precision " + precision + ", got " + scale);
      }
    } else if (precision != 0 || scale != 0) {
      throw new IllegalArgumentException(kind + " takes no precision or scale");
    }
  }

  public static ColumnType decimal(int precision, int scale) {
    return new ColumnType(Kind.DECIMAL, precision, scale);
  }

  /**
   * Parses a type as the descriptor spells it.
   *
   * @throws IllegalArgumentException naming the valid types when the text is none of them
   */
  public static ColumnType parse(String text) {
    String normalized = requireNonNull(text, "text is null").trim().toLowerCase(Locale.ROOT);
    Matcher decimal = DECIMAL.matcher(normalized);
    if (decimal.matches()) {
      return decimal(Integer.parseInt(decimal.group(1)), Integer.parseInt(decimal.group(2)));
    }
    return switch (normalized) {
      case "string" -> STRING;
      case "boolean" -> BOOLEAN;
      case "integer" -> INTEGER;
      case "bigint" -> BIGINT;
      case "double" -> DOUBLE;
      case "date" -> DATE;
      case "timestamp" -> TIMESTAMP;
      default ->
          throw new IllegalArgumentException(
              "unknown type '"
                  + text
                  + "': use string, boolean, integer, bigint, double, decimal(p,s), date or"
                  + " timestamp");
    };
  }

  /** Whether values of this type are numbers. */
  public boolean isNumeric() {
    return kind == Kind.INTEGER
        || kind == Kind.BIGINT
        || kind == Kind.DOUBLE
        || kind == Kind.DECIMAL;
  }

  /** Whether values of this type say when something happened (usable as an event time). */
  public boolean isTemporal() {
    return kind == Kind.DATE || kind == Kind.TIMESTAMP;
  }

  @Override
  public String toString() {
    return kind == Kind.DECIMAL
        ? "decimal(" + precision + "," + scale + ")"
        : kind.name().toLowerCase(Locale.ROOT);
  }
}
