package io.quanta.flight;

import static java.util.Objects.requireNonNull;

import io.quanta.governance.Reader;
import io.quanta.platform.Mesh;
import io.quanta.platform.discovery.ProductSummary;
import io.quanta.platform.read.MeshPortResolver;
import io.quanta.ports.sql.ReadOptions;
import io.quanta.spec.AccessMode;
import io.quanta.spec.Output;
import io.quanta.spec.ProductId;
import io.quanta.spec.ProductSpec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.apache.arrow.flight.sql.FlightSqlColumnMetadata;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The mesh as a SQL catalog, named as queries name ports: a catalog per domain, a schema per
 * product (its newest major as {@code <product>} and every major pinned as {@code
 * <product>_v<major>}, '-' written as '_'), and a table per output port.
 */
final class MeshCatalog {
  /** The only table type: every port is a table. */
  static final String TABLE_TYPE = "TABLE";

  private final Mesh mesh;
  private final ArrowQueries queries;

  MeshCatalog(Mesh mesh, ArrowQueries queries) {
    this.mesh = requireNonNull(mesh, "mesh is null");
    this.queries = requireNonNull(queries, "queries is null");
  }

  /**
   * An output port as a table.
   *
   * @param catalog the domain
   * @param schema the product, pinned to a major or not
   * @param table the port
   */
  record PortTable(String catalog, String schema, String table) {
    /** The name queries read it by. */
    String sqlName() {
      return catalog + "." + schema + "." + table;
    }
  }

  /**
   * A schema of a catalog.
   *
   * @param catalog the domain
   * @param schema the product, pinned to a major or not
   */
  record ProductSchema(String catalog, String schema) {}

  /**
   * Every port table of the deployed products the reader may read, ordered by catalog, schema and
   * table: the ports served through SQL (every port unless its spec's {@code access} leaves SQL
   * out) that the reader's access rules allow.
   */
  List<PortTable> tables(Reader reader) {
    List<ProductSummary> products = mesh.discovery().list();
    Map<String, Integer> newestMajor = new HashMap<>();
    for (ProductSummary product : products) {
      newestMajor.merge(product.product(), product.major(), Math::max);
    }
    List<PortTable> tables = new ArrayList<>();
    for (ProductSummary product : products) {
      boolean newest = newestMajor.get(product.product()) == product.major();
      String[] name = product.product().split("/");
      ProductSpec spec = mesh.specs().get(ProductId.of(name[0], name[1], product.major()));
      for (Output output : spec.outputs()) {
        if (!output.serves(AccessMode.SQL)
            || !mesh.policies().decide(spec.id().port(output.name()), reader).allowed()) {
          continue;
        }
        String port = MeshPortResolver.sqlName(spec.id(), output.name(), false);
        // A port's SQL name is domain.product.port, every part without '.'.
        String[] parts = port.split("\\.");
        tables.add(new PortTable(parts[0], parts[1] + "_v" + product.major(), parts[2]));
        if (newest) {
          tables.add(new PortTable(parts[0], parts[1], parts[2]));
        }
      }
    }
    tables.sort(
        Comparator.comparing(PortTable::catalog)
            .thenComparing(PortTable::schema)
            .thenComparing(PortTable::table));
    return tables;
  }

  /** The domains that have deployed products, in order. */
  List<String> catalogs(Reader reader) {
    TreeSet<String> catalogs = new TreeSet<>();
    tables(reader).forEach(table -> catalogs.add(table.catalog()));
    return List.copyOf(catalogs);
  }

  /** The product schemas, in order, of one catalog (or all) whose name matches the pattern. */
  List<ProductSchema> schemas(
      Reader reader, Optional<String> catalog, Optional<String> schemaPattern) {
    Predicate<String> schemaMatches = like(schemaPattern);
    TreeSet<ProductSchema> schemas =
        new TreeSet<>(
            Comparator.comparing(ProductSchema::catalog).thenComparing(ProductSchema::schema));
    for (PortTable table : tables(reader)) {
      if (catalog.map(table.catalog()::equals).orElse(true) && schemaMatches.test(table.schema())) {
        schemas.add(new ProductSchema(table.catalog(), table.schema()));
      }
    }
    return List.copyOf(schemas);
  }

  /** The port tables that match the filters, in order. */
  List<PortTable> tables(
      Reader reader,
      Optional<String> catalog,
      Optional<String> schemaPattern,
      Optional<String> tablePattern,
      List<String> tableTypes) {
    if (!tableTypes.isEmpty() && tableTypes.stream().noneMatch(TABLE_TYPE::equalsIgnoreCase)) {
      return List.of();
    }
    Predicate<String> schemaMatches = like(schemaPattern);
    Predicate<String> tableMatches = like(tablePattern);
    List<PortTable> matching = new ArrayList<>();
    for (PortTable table : tables(reader)) {
      if (catalog.map(table.catalog()::equals).orElse(true)
          && schemaMatches.test(table.schema())
          && tableMatches.test(table.table())) {
        matching.add(table);
      }
    }
    return matching;
  }

  /**
   * The table's columns, as a query of it returns them (the port's columns, then {@code
   * _event_time}, {@code _processed_at} and {@code _run_id}), each with the Flight SQL column
   * metadata tools show: where it comes from and DuckDB's name of its type.
   */
  Schema schema(Reader reader, PortTable table) {
    ArrowQueries.Description description =
        queries.describe(reader, "SELECT * FROM " + table.sqlName(), ReadOptions.LATEST);
    List<Field> fields = new ArrayList<>();
    List<Field> columns = description.schema().getFields();
    for (int i = 0; i < columns.size(); i++) {
      Field column = columns.get(i);
      FlightSqlColumnMetadata.Builder metadata =
          new FlightSqlColumnMetadata.Builder()
              .catalogName(table.catalog())
              .schemaName(table.schema())
              .tableName(table.table())
              .typeName(description.typeNames().get(i))
              .isReadOnly(true)
              .isAutoIncrement(false)
              .isSearchable(true);
      if (column.getType() instanceof ArrowType.Decimal) {
        ArrowType.Decimal decimal = (ArrowType.Decimal) column.getType();
        metadata.precision(decimal.getPrecision()).scale(decimal.getScale());
      }
      FieldType type =
          new FieldType(
              column.isNullable(),
              column.getType(),
              column.getDictionary(),
              metadata.build().getMetadataMap());
      fields.add(new Field(column.getName(), type, column.getChildren()));
    }
    return new Schema(fields);
  }

  /**
   * A JDBC search pattern as a test of names: {@code %} any characters, {@code _} one character,
   * {@code \\} escapes the next one; no pattern matches every name. Names are matched ignoring
   * case, as SQL identifiers are.
   */
  static Predicate<String> like(Optional<String> pattern) {
    if (pattern.isEmpty()) {
      return name -> true;
    }
    StringBuilder regex = new StringBuilder();
    String text = pattern.get();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\\' && i + 1 < text.length()) {
        regex.append(Pattern.quote(String.valueOf(text.charAt(++i))));
      } else if (c == '%') {
        regex.append(".*");
      } else if (c == '_') {
        regex.append('.');
      } else {
        regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    Pattern compiled = Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    return name -> compiled.matcher(name).matches();
  }
}
