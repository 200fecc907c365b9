package io.quanta.storage;

import io.quanta.spec.Column;
import io.quanta.spec.ColumnType;
import io.quanta.spec.SystemColumns;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/** Maps a port's declared columns, plus the system columns, to an Iceberg schema. */
final class IcebergSchemas {
  private IcebergSchemas() {}

  static Schema forPort(List<Column> columns) {
    List<Types.NestedField> fields = new ArrayList<>();
    int id = 1;
    for (Column column : columns) {
      fields.add(
          Types.NestedField.optional(
              id++,
              column.name(),
              type(column.type()),
              column.description().isEmpty() ? null : column.description()));
    }
    fields.add(
        Types.NestedField.optional(
            id++,
            SystemColumns.EVENT_TIME,
            Types.TimestampType.withZone(),
            "When the fact happened (UTC)"));
    fields.add(
        Types.NestedField.optional(
            id++,
            SystemColumns.PROCESSED_AT,
            Types.TimestampType.withZone(),
            "When the mesh learned the fact: the commit time of the run that wrote the row"));
    fields.add(
        Types.NestedField.optional(
            id, SystemColumns.RUN_ID, Types.StringType.get(), "The run that wrote the row"));
    return new Schema(fields);
  }

  /** A port's columns, then the check and the reason a quarantined row broke. */
  static Schema forQuarantine(List<Column> columns) {
    List<Types.NestedField> fields = new ArrayList<>(forPort(columns).columns());
    int id = fields.size() + 1;
    fields.add(
        Types.NestedField.optional(
            id++, QuarantineTable.CHECK_COLUMN, Types.StringType.get(), "The expectation broken"));
    fields.add(
        Types.NestedField.optional(
            id, QuarantineTable.REASON_COLUMN, Types.StringType.get(), "Why the row broke it"));
    return new Schema(fields);
  }

  static Type type(ColumnType type) {
    return switch (type.kind()) {
      case STRING -> Types.StringType.get();
      case BOOLEAN -> Types.BooleanType.get();
      case INTEGER -> Types.IntegerType.get();
      case BIGINT -> Types.LongType.get();
      case DOUBLE -> Types.DoubleType.get();
      case DECIMAL -> Types.DecimalType.of(type.precision(), type.scale());
      case DATE -> Types.DateType.get();
      case TIMESTAMP -> Types.TimestampType.withZone();
    };
  }
}
