package io.quanta.governance.rules;

import io.quanta.spec.Column;
import io.quanta.spec.Output;
import io.quanta.spec.ProductSpec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What rules may know of the rest of the mesh (the {@code mesh} variable, with the governance's
 * identifier types): the product versions and their output columns, as they will be once the specs
 * being checked are deployed.
 *
 * @param products every product version, {@code domain/name:major}
 * @param columns every output column, {@code domain/name:major/port.column}: the form of a column's
 *     {@code links}
 */
public record MeshContext(Set<String> products, Set<String> columns) {
  /** A mesh with no product. */
  public static final MeshContext EMPTY = new MeshContext(Set.of(), Set.of());

  public MeshContext {
    products = Set.copyOf(products);
    columns = Set.copyOf(columns);
  }

  /**
   * The mesh made of these specs: the deployed ones the batch does not replace, then the batch. A
   * spec of the batch replaces a deployed one of the same product version.
   */
  public static MeshContext of(Collection<ProductSpec> deployed, Collection<ProductSpec> batch) {
    Map<String, ProductSpec> byId = new LinkedHashMap<>();
    deployed.forEach(spec -> byId.put(spec.id().toString(), spec));
    batch.forEach(spec -> byId.put(spec.id().toString(), spec));
    Set<String> columns = new TreeSet<>();
    for (ProductSpec spec : byId.values()) {
      for (Output output : spec.outputs()) {
        for (Column column : output.schema()) {
          columns.add(spec.id().port(output.name()) + "." + column.name());
        }
      }
    }
    return new MeshContext(byId.keySet(), columns);
  }

  /**
   * The value of the {@code mesh} variable: {@code identifiers}, {@code products}, {@code columns}.
   */
  Map<String, Object> toCel(List<String> identifiers) {
    Map<String, Object> mesh = new LinkedHashMap<>();
    mesh.put("identifiers", new ArrayList<>(identifiers));
    mesh.put("products", new ArrayList<>(new TreeSet<>(products)));
    mesh.put("columns", new ArrayList<>(columns));
    return mesh;
  }
}
