package io.quanta.engine;

import io.quanta.spec.ColumnType;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** How the descriptor's column types map to DuckDB's, and which SQL result types fit them. */
public final class DuckTypes {
  private static final Pattern DECIMAL = Pattern.compile("DECIMAL\\((\\d+),\\s*(\\d+)\\)");

  private DuckTypes() {}

  /** The DuckDB type that stores a column of this type. Timestamps are UTC instants. */
  public static String sqlType(ColumnType type) {
    return switch (type.kind()) {
      case STRING -> "VARCHAR";
      case BOOLEAN -> "BOOLEAN";
      case INTEGER -> "INTEGER";
      case BIGINT -> "BIGINT";
      case DOUBLE -> "DOUBLE";
      case DECIMAL -> "DECIMAL(" + type.precision() + "," + type.scale() + ")";
      case DATE -> "DATE";
      case TIMESTAMP -> "TIMESTAMPTZ";
    };
  }

  /**
   * The descriptor type a DuckDB result type reads as, for suggesting a schema; empty for types the
   * descriptor has no spelling for (lists, structs, ...).
   */
  public static Optional<ColumnType> columnType(String duckType) {
    String type = duckType.toUpperCase(Locale.ROOT);
    Matcher decimal = DECIMAL.matcher(type);
    if (decimal.matches()) {
      return Optional.of(
          ColumnType.decimal(
              Integer.parseInt(decimal.group(1)), Integer.parseInt(decimal.group(2))));
    }
    return switch (type) {
      case "VARCHAR" -> Optional.of(ColumnType.STRING);
      case "BOOLEAN" -> Optional.of(ColumnType.BOOLEAN);
      case "TINYINT", "SMALLINT", "INTEGER", "UTINYINT", "USMALLINT" ->
          Optional.of(ColumnType.INTEGER);
      case "BIGINT", "UINTEGER" -> Optional.of(ColumnType.BIGINT);
      case "HUGEINT", "UBIGINT", "UHUGEINT" -> Optional.of(ColumnType.decimal(38, 0));
      case "FLOAT", "DOUBLE" -> Optional.of(ColumnType.DOUBLE);
      case "DATE" -> Optional.of(ColumnType.DATE);
      case "TIMESTAMP", "TIMESTAMP WITH TIME ZONE", "TIMESTAMP_S", "TIMESTAMP_MS", "TIMESTAMP_NS" ->
          Optional.of(ColumnType.TIMESTAMP);
      default -> Optional.empty();
    };
  }

  /**
   * Whether a SQL result of the DuckDB type can be stored in a column of the declared type without
   * losing information (the same type, or a narrower one that widens safely).
   */
  public static boolean fits(String duckType, ColumnType declared) {
    String type = duckType.toUpperCase(Locale.ROOT);
    if (type.equals("\"NULL\"") || type.equals("NULL")) {
      return true; // an untyped NULL literal fits any column
    }
    Matcher decimal = DECIMAL.matcher(type);
    return switch (declared.kind()) {
      case STRING -> type.equals("VARCHAR");
      case BOOLEAN -> type.equals("BOOLEAN");
      case INTEGER -> type.matches("TINYINT|SMALLINT|INTEGER|UTINYINT|USMALLINT");
      case BIGINT -> type.matches("TINYINT|SMALLINT|INTEGER|BIGINT|UTINYINT|USMALLINT|UINTEGER");
      case DOUBLE ->
          type.matches("FLOAT|DOUBLE|TINYINT|SMALLINT|INTEGER|UTINYINT|USMALLINT")
              // a double holds 15 significant digits exactly
              || (decimal.matches() && Integer.parseInt(decimal.group(1)) <= 15);
      case DECIMAL -> {
        if (decimal.matches()) {
          int precision = Integer.parseInt(decimal.group(1));
          int scale = Integer.parseInt(decimal.group(2));
          yield scale <= declared.scale()
              && precision - scale <= declared.precision() - declared.scale();
        }
        int integerDigits = declared.precision() - declared.scale();
        yield switch (type) {
          case "TINYINT", "UTINYINT" -> integerDigits >= 3;
          case "SMALLINT", "USMALLINT" -> integerDigits >= 5;
          case "INTEGER", "UINTEGER" -> integerDigits >= 10;
          case "BIGINT", "UBIGINT" -> integerDigits >= 20;
          default -> false;
        };
      }
      case DATE -> type.equals("DATE");
      case TIMESTAMP ->
          type.matches("TIMESTAMP|TIMESTAMP WITH TIME ZONE|TIMESTAMP_S|TIMESTAMP_MS|DATE");
    };
  }
}
