package io.quanta.flight;

import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * How the server's result types differ from DuckDB's Arrow export: instants ({@code TIMESTAMP WITH
 * TIME ZONE}, Arrow timestamps with a zone) go out as UTC timestamps without a zone, the same
 * 64-bit values under a plain timestamp type.
 *
 * <p>Why: the official JDBC driver (18.3.0, the newest release) maps a zoned timestamp to {@code
 * TIMESTAMP_WITH_TIMEZONE} and then fails in {@code ResultSet.getObject(int)} with "not
 * implemented" (apache/arrow-java#839, fixed upstream after that release). Generic tools read every
 * value with {@code getObject}, and every port has two instant columns ({@code _event_time}, {@code
 * _processed_at}), so no BI tool could show a port. A plain timestamp reads everywhere, and the
 * driver reads it as UTC, so {@code getTimestamp(i).toInstant()} is the exact instant. Every Quanta
 * instant is UTC, so nothing is lost but the type's name. Only top-level columns are changed; a
 * zoned timestamp inside a list or struct stays as DuckDB sends it.
 */
final class WireTypes {
  /** DuckDB's name of an instant's type. */
  static final String ZONED = "TIMESTAMP WITH TIME ZONE";

  /** The type name the server reports for a column sent as {@link #wireSchema}. */
  static final String PLAIN = "TIMESTAMP";

  private WireTypes() {}

  /** The schema with every top-level zoned timestamp made plain. */
  static Schema wireSchema(Schema schema) {
    List<Field> fields = new ArrayList<>(schema.getFields().size());
    boolean changed = false;
    for (Field field : schema.getFields()) {
      if (field.getType() instanceof ArrowType.Timestamp timestamp
          && timestamp.getTimezone() != null) {
        FieldType type =
            new FieldType(
                field.isNullable(),
                new ArrowType.Timestamp(timestamp.getUnit(), null),
                field.getDictionary(),
                field.getMetadata());
        fields.add(new Field(field.getName(), type, field.getChildren()));
        changed = true;
      } else {
        fields.add(field);
      }
    }
    return changed ? new Schema(fields, schema.getCustomMetadata()) : schema;
  }

  /** DuckDB's type name of a column as the server sends it. */
  static String typeName(String duckDbTypeName) {
    return ZONED.equalsIgnoreCase(duckDbTypeName) ? PLAIN : duckDbTypeName;
  }
}
