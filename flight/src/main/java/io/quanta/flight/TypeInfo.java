package io.quanta.flight;

import java.nio.charset.StandardCharsets;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.arrow.flight.FlightProducer.ServerStreamListener;
import org.apache.arrow.flight.sql.FlightSqlProducer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;

/**
 * The SQL types of port columns (GetXdbcTypeInfo, JDBC's {@code getTypeInfo}): those a data
 * product's schema declares, as DuckDB names them, plus {@code TIMESTAMP} for query results.
 */
final class TypeInfo {
  private static final int NULLABLE = 1;
  private static final int SEARCHABLE = 3;

  /**
   * One type.
   *
   * @param name DuckDB's name of the type
   * @param dataType its {@link java.sql.Types} code
   * @param columnSize its precision, null when it has none
   * @param literalPrefix what starts a literal of it, null when nothing
   * @param createParams the parameters of its declaration
   * @param caseSensitive whether its values compare case-sensitively
   * @param maximumScale the largest scale, null for types without one
   * @param radix the radix of its precision, null for non-numeric types
   */
  private record XdbcType(
      String name,
      int dataType,
      Integer columnSize,
      String literalPrefix,
      List<String> createParams,
      boolean caseSensitive,
      Integer maximumScale,
      Integer radix) {}

  private static final List<XdbcType> TYPES =
      List.of(
          new XdbcType(
              "DECIMAL", Types.DECIMAL, 38, null, List.of("precision", "scale"), false, 38, 10),
          new XdbcType("INTEGER", Types.INTEGER, 10, null, List.of(), false, null, 10),
          new XdbcType("BIGINT", Types.BIGINT, 19, null, List.of(), false, null, 10),
          new XdbcType("DOUBLE", Types.DOUBLE, 15, null, List.of(), false, null, 10),
          new XdbcType("VARCHAR", Types.VARCHAR, null, "'", List.of(), true, null, null),
          new XdbcType("BOOLEAN", Types.BOOLEAN, 1, null, List.of(), false, null, null),
          new XdbcType("DATE", Types.DATE, 10, "DATE '", List.of(), false, null, null),
          new XdbcType(
              "TIMESTAMP", Types.TIMESTAMP, 26, "TIMESTAMP '", List.of(), false, null, null),
          new XdbcType(
              "TIMESTAMP WITH TIME ZONE",
              Types.TIMESTAMP_WITH_TIMEZONE,
              32,
              "TIMESTAMPTZ '",
              List.of(),
              false,
              null,
              null));

  private TypeInfo() {}

  /** Sends the types, or the one with the JDBC type code, ordered by type code. */
  static void send(
      Optional<Integer> dataType, ServerStreamListener listener, BufferAllocator allocator) {
    List<XdbcType> types = new ArrayList<>();
    for (XdbcType type : TYPES) {
      if (dataType.map(code -> code == type.dataType()).orElse(true)) {
        types.add(type);
      }
    }
    types.sort(java.util.Comparator.comparingInt(XdbcType::dataType));
    try (VectorSchemaRoot root =
        VectorSchemaRoot.create(FlightSqlProducer.Schemas.GET_TYPE_INFO_SCHEMA, allocator)) {
      root.allocateNew();
      ListVector createParams = (ListVector) root.getVector("create_params");
      VarCharVector createParam = (VarCharVector) createParams.getDataVector();
      int params = 0;
      for (int row = 0; row < types.size(); row++) {
        XdbcType type = types.get(row);
        text(root, "type_name", row, type.name());
        integer(root, "data_type", row, type.dataType());
        integer(root, "column_size", row, type.columnSize());
        text(root, "literal_prefix", row, type.literalPrefix());
        text(root, "literal_suffix", row, type.literalPrefix() == null ? null : "'");
        if (type.createParams().isEmpty()) {
          createParams.setNull(row);
        } else {
          int start = createParams.startNewValue(row);
          for (int i = 0; i < type.createParams().size(); i++) {
            createParam.setSafe(
                start + i, type.createParams().get(i).getBytes(StandardCharsets.UTF_8));
          }
          params = start + type.createParams().size();
          createParams.endValue(row, type.createParams().size());
        }
        integer(root, "nullable", row, NULLABLE);
        bit(root, "case_sensitive", row, type.caseSensitive());
        integer(root, "searchable", row, SEARCHABLE);
        bit(root, "unsigned_attribute", row, type.radix() == null ? null : false);
        bit(root, "fixed_prec_scale", row, false);
        bit(root, "auto_increment", row, type.radix() == null ? null : false);
        text(root, "local_type_name", row, type.name());
        integer(root, "minimum_scale", row, type.maximumScale() == null ? null : 0);
        integer(root, "maximum_scale", row, type.maximumScale());
        integer(root, "sql_data_type", row, type.dataType());
        integer(root, "datetime_subcode", row, null);
        integer(root, "num_prec_radix", row, type.radix());
        integer(root, "interval_precision", row, null);
      }
      createParam.setValueCount(params);
      root.setRowCount(types.size());
      listener.start(root);
      listener.putNext();
      listener.completed();
    }
  }

  private static void text(VectorSchemaRoot root, String column, int row, String value) {
    VarCharVector vector = (VarCharVector) root.getVector(column);
    if (value == null) {
      vector.setNull(row);
    } else {
      vector.setSafe(row, value.getBytes(StandardCharsets.UTF_8));
    }
  }

  private static void integer(VectorSchemaRoot root, String column, int row, Integer value) {
    IntVector vector = (IntVector) root.getVector(column);
    if (value == null) {
      vector.setNull(row);
    } else {
      vector.setSafe(row, value);
    }
  }

  private static void bit(VectorSchemaRoot root, String column, int row, Boolean value) {
    BitVector vector = (BitVector) root.getVector(column);
    if (value == null) {
      vector.setNull(row);
    } else {
      vector.setSafe(row, value ? 1 : 0);
    }
  }
}
