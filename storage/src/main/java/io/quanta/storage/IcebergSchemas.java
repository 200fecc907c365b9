package io.quanta.storage;

import io.quanta.error.ErrorCode;
import io.quanta.error.QuantaException;
import io.quanta.spec.Column;
import io.quanta.spec.ColumnType;
import io.quanta.spec.PortId;
import io.quanta.spec.SystemColumns;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.UpdateSchema;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.TypeUtil;
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

  /**
   * Evolves a port's table to the declared columns in one schema commit (nothing when it has them
   * already): adds the new ones as optional columns, widens types, follows the descriptions and the
   * declared order, keeps every field id.
   *
   * @throws QuantaException with {@code CONFLICT}, changing nothing, if a column is dropped or its
   *     type changed in a way Iceberg cannot promote
   */
  static void evolve(PortId port, Table table, List<Column> columns) {
    Schema current = table.schema();
    Set<String> declared = new HashSet<>();
    columns.forEach(column -> declared.add(column.name()));
    List<String> problems = new ArrayList<>();
    for (Types.NestedField field : current.columns()) {
      if (!SystemColumns.ALL.contains(field.name()) && !declared.contains(field.name())) {
        problems.add("column '" + field.name() + "' is dropped");
      }
    }
    UpdateSchema update = table.updateSchema();
    for (Column column : columns) {
      Type type = type(column.type());
      String doc = column.description().isEmpty() ? null : column.description();
      Types.NestedField field = current.findField(column.name());
      if (field == null) {
        update.addColumn(column.name(), type, doc);
        continue;
      }
      if (!field.type().equals(type)) {
        if (field.type().isPrimitiveType()
            && TypeUtil.isPromotionAllowed(field.type(), type.asPrimitiveType())) {
          update.updateColumn(column.name(), type.asPrimitiveType());
        } else {
          problems.add(
              "column '" + column.name() + "' is " + field.type() + ", the spec declares " + type);
        }
      }
      if (!Objects.equals(field.doc(), doc)) {
        update.updateColumnDoc(column.name(), doc);
      }
    }
    if (!problems.isEmpty()) {
      throw new QuantaException(
          ErrorCode.CONFLICT,
          "Port "
              + port
              + " cannot evolve in place: "
              + String.join("; ", problems)
              + ". Removing a column or changing its type other than widening it needs a new major"
              + " version.");
    }
    for (int i = 0; i < columns.size(); i++) {
      if (i == 0) {
        update.moveFirst(columns.get(0).name());
      } else {
        update.moveAfter(columns.get(i).name(), columns.get(i - 1).name());
      }
    }
    if (!update.apply().sameSchema(current)) {
      update.commit();
    }
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
