package io.quanta.governance.policy;

import dev.cel.common.types.SimpleType;
import io.quanta.governance.Reader;
import io.quanta.governance.cel.CelEnvironment;
import io.quanta.spec.AccessMode;
import io.quanta.spec.Column;
import io.quanta.spec.Output;
import io.quanta.spec.ProductSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The CEL environments of read-time policies and the values of their variables:
 *
 * <ul>
 *   <li>{@code principal}: {@code user}, {@code groups}, {@code roles}, {@code attributes}, {@code
 *       anonymous};
 *   <li>{@code purpose}: the purpose the reader declared, {@code ""} when none;
 *   <li>{@code product}: {@code domain}, {@code name}, {@code major}, {@code version}, {@code
 *       owner}, {@code description}, {@code kind}, {@code tags};
 *   <li>{@code port}: {@code name}, {@code columns} (names), {@code key}, {@code eventTime}, {@code
 *       access};
 *   <li>{@code column} (mask matches only): {@code name}, {@code type}, {@code classification},
 *       {@code semantic}, {@code links}, {@code required}, {@code description}.
 * </ul>
 *
 * Absent strings are {@code ""}, so that {@code column.classification == 'pii'} needs no presence
 * test.
 */
public final class PolicyContexts {
  /** Conditions about a reader: access rules and {@code unless}. */
  public static final CelEnvironment READER =
      CelEnvironment.condition(
          ordered(
              "principal", CelEnvironment.OBJECT,
              "purpose", SimpleType.STRING,
              "product", CelEnvironment.OBJECT,
              "port", CelEnvironment.OBJECT));

  /** Row filter parameters: any value, from the same variables. */
  public static final CelEnvironment PARAMETER =
      CelEnvironment.of(
          ordered(
              "principal", CelEnvironment.OBJECT,
              "purpose", SimpleType.STRING,
              "product", CelEnvironment.OBJECT,
              "port", CelEnvironment.OBJECT),
          SimpleType.DYN);

  /** Which columns a global mask applies to. */
  public static final CelEnvironment COLUMN =
      CelEnvironment.condition(
          ordered(
              "column", CelEnvironment.OBJECT,
              "port", CelEnvironment.OBJECT,
              "product", CelEnvironment.OBJECT));

  /** Which ports a global row filter applies to. */
  public static final CelEnvironment PORT =
      CelEnvironment.condition(
          ordered("port", CelEnvironment.OBJECT, "product", CelEnvironment.OBJECT));

  private PolicyContexts() {}

  private static <V> Map<String, V> ordered(String k1, V v1, String k2, V v2) {
    Map<String, V> map = new LinkedHashMap<>();
    map.put(k1, v1);
    map.put(k2, v2);
    return map;
  }

  private static <V> Map<String, V> ordered(String k1, V v1, String k2, V v2, String k3, V v3) {
    Map<String, V> map = ordered(k1, v1, k2, v2);
    map.put(k3, v3);
    return map;
  }

  private static <V> Map<String, V> ordered(
      String k1, V v1, String k2, V v2, String k3, V v3, String k4, V v4) {
    Map<String, V> map = ordered(k1, v1, k2, v2, k3, v3);
    map.put(k4, v4);
    return map;
  }

  /** The values of {@link #READER} and {@link #PARAMETER}. */
  public static Map<String, Object> reader(Reader reader, ProductSpec spec, Output output) {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("principal", reader.principal().toCel());
    values.put("purpose", reader.purpose().orElse(""));
    values.put("product", product(spec));
    values.put("port", port(output));
    return values;
  }

  /** The values of {@link #COLUMN}. */
  public static Map<String, Object> column(ProductSpec spec, Output output, Column column) {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("column", column(column));
    values.put("port", port(output));
    values.put("product", product(spec));
    return values;
  }

  /** The values of {@link #PORT}. */
  public static Map<String, Object> port(ProductSpec spec, Output output) {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("port", port(output));
    values.put("product", product(spec));
    return values;
  }

  public static Map<String, Object> product(ProductSpec spec) {
    Map<String, Object> product = new LinkedHashMap<>();
    product.put("domain", spec.id().domain());
    product.put("name", spec.id().name());
    product.put("major", (long) spec.id().major());
    product.put("version", spec.metadata().version().toString());
    product.put("owner", spec.metadata().owner());
    product.put("description", spec.metadata().description());
    product.put("kind", spec.metadata().kind().map(kind -> kind.specName()).orElse(""));
    product.put("tags", new ArrayList<>(spec.metadata().tags()));
    return product;
  }

  public static Map<String, Object> port(Output output) {
    Map<String, Object> port = new LinkedHashMap<>();
    port.put("name", output.name());
    List<String> columns = new ArrayList<>();
    output.schema().forEach(column -> columns.add(column.name()));
    port.put("columns", columns);
    port.put("key", new ArrayList<>(output.key()));
    port.put("eventTime", output.eventTime().orElse(""));
    port.put("access", output.access().stream().sorted().map(AccessMode::specName).toList());
    return port;
  }

  public static Map<String, Object> column(Column column) {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("name", column.name());
    values.put("type", column.type().toString());
    values.put("classification", column.classification().orElse(""));
    values.put("semantic", column.semantic().orElse(""));
    values.put("links", column.links().map(Object::toString).orElse(""));
    values.put("required", column.required());
    values.put("description", column.description());
    return values;
  }
}
