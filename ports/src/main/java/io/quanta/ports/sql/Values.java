package io.quanta.ports.sql;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Array;
import java.sql.SQLException;
import java.sql.Struct;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Turns JDBC values from DuckDB into plain Java values every surface can print: strings, booleans,
 * numbers, ISO-8601 text for dates and times, lists and maps.
 */
public final class Values {
  private Values() {}

  public static Object normalize(Object value) throws SQLException {
    if (value == null
        || value instanceof String
        || value instanceof Boolean
        || value instanceof Integer
        || value instanceof Long
        || value instanceof Short
        || value instanceof Byte
        || value instanceof Double
        || value instanceof Float
        || value instanceof BigDecimal
        || value instanceof BigInteger) {
      return value;
    }
    if (value instanceof OffsetDateTime time) {
      return time.withOffsetSameInstant(ZoneOffset.UTC).toInstant().toString();
    }
    if (value instanceof Timestamp timestamp) {
      return timestamp.toLocalDateTime().toString();
    }
    if (value instanceof LocalDateTime
        || value instanceof LocalDate
        || value instanceof LocalTime) {
      return value.toString();
    }
    if (value instanceof java.sql.Date date) {
      return date.toLocalDate().toString();
    }
    if (value instanceof UUID uuid) {
      return uuid.toString();
    }
    if (value instanceof byte[] bytes) {
      return Base64.getEncoder().encodeToString(bytes);
    }
    if (value instanceof java.sql.Blob blob) {
      return Base64.getEncoder().encodeToString(blob.getBytes(1, (int) blob.length()));
    }
    if (value instanceof Array array) {
      Object[] elements = (Object[]) array.getArray();
      List<Object> list = new ArrayList<>(elements.length);
      for (Object element : elements) {
        list.add(normalize(element));
      }
      return list;
    }
    if (value instanceof Struct struct) {
      Map<String, Object> map = new LinkedHashMap<>();
      if (struct instanceof org.duckdb.DuckDBStruct duckStruct) {
        for (Map.Entry<String, Object> entry : duckStruct.getMap().entrySet()) {
          map.put(entry.getKey(), normalize(entry.getValue()));
        }
        return map;
      }
      Object[] attributes = struct.getAttributes();
      for (int i = 0; i < attributes.length; i++) {
        map.put(String.valueOf(i + 1), normalize(attributes[i]));
      }
      return map;
    }
    if (value instanceof Map<?, ?> source) {
      Map<String, Object> map = new LinkedHashMap<>();
      for (Map.Entry<?, ?> entry : source.entrySet()) {
        map.put(String.valueOf(entry.getKey()), normalize(entry.getValue()));
      }
      return map;
    }
    return value.toString();
  }
}
