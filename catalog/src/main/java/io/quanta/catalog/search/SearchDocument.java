package io.quanta.catalog.search;

import static java.util.Objects.requireNonNull;

import io.quanta.spec.Column;
import io.quanta.spec.Output;
import io.quanta.spec.ProductId;
import io.quanta.spec.ProductKind;
import io.quanta.spec.ProductSpec;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What one deployed product version publishes about itself, as search indexes it: its address,
 * metadata, output ports and their columns, and the state the platform knows it in. No data value
 * is part of it.
 *
 * @param product the product version
 * @param version the full version of the deployed spec
 * @param owner who answers for the product
 * @param description what the product holds
 * @param kind source-aligned, aggregate or consumer-aligned, when declared
 * @param tags the spec's tags
 * @param state the lifecycle state in the registry, e.g. {@code active}
 * @param sloStatus the status of the product's SLOs as the platform computes it, or {@value
 *     #UNKNOWN_SLO_STATUS}
 * @param ports the output ports, in the spec's order
 */
public record SearchDocument(
    ProductId product,
    String version,
    String owner,
    String description,
    Optional<String> kind,
    List<String> tags,
    String state,
    String sloStatus,
    List<Port> ports) {
  /** The SLO status of a product whose status is not computed. */
  public static final String UNKNOWN_SLO_STATUS = "unknown";

  public SearchDocument {
    requireNonNull(product, "product is null");
    requireNonNull(version, "version is null");
    requireNonNull(owner, "owner is null");
    requireNonNull(description, "description is null");
    requireNonNull(kind, "kind is null");
    tags = List.copyOf(tags);
    requireNonNull(state, "state is null");
    requireNonNull(sloStatus, "sloStatus is null");
    ports = List.copyOf(ports);
  }

  /**
   * An output port as search sees it.
   *
   * @param name the port's name
   * @param description what the port holds, may be empty
   * @param columns the port's columns, in order
   */
  public record Port(String name, String description, List<PortColumn> columns) {
    public Port {
      requireNonNull(name, "name is null");
      requireNonNull(description, "description is null");
      columns = List.copyOf(columns);
    }
  }

  /**
   * A column of an output port as search sees it.
   *
   * @param name the column's name
   * @param type the column's type, e.g. {@code bigint}
   * @param description what the column holds, may be empty
   * @param semantic the identifier or semantic type the column holds, when declared
   * @param classification how sensitive the column is, when declared
   * @param links the column of another product this one refers to, when declared
   */
  public record PortColumn(
      String name,
      String type,
      String description,
      Optional<String> semantic,
      Optional<String> classification,
      Optional<String> links) {
    public PortColumn {
      requireNonNull(name, "name is null");
      requireNonNull(type, "type is null");
      requireNonNull(description, "description is null");
      requireNonNull(semantic, "semantic is null");
      requireNonNull(classification, "classification is null");
      requireNonNull(links, "links is null");
    }
  }

  /**
   * What a deployed spec publishes, in the state the platform knows it.
   *
   * @param state the product version's state in the registry
   * @param sloStatus the status of its SLOs, or {@value #UNKNOWN_SLO_STATUS}
   */
  public static SearchDocument of(ProductSpec spec, String state, String sloStatus) {
    requireNonNull(spec, "spec is null");
    List<Port> ports = new ArrayList<>();
    for (Output output : spec.outputs()) {
      List<PortColumn> columns = new ArrayList<>();
      for (Column column : output.schema()) {
        columns.add(
            new PortColumn(
                column.name(),
                column.type().toString(),
                column.description(),
                column.semantic(),
                column.classification(),
                column.links().map(Object::toString)));
      }
      ports.add(new Port(output.name(), output.description(), columns));
    }
    return new SearchDocument(
        spec.id(),
        spec.metadata().version().toString(),
        spec.metadata().owner(),
        spec.metadata().description(),
        spec.metadata().kind().map(ProductKind::specName),
        spec.metadata().tags(),
        state,
        sloStatus,
        ports);
  }

  /** The distinct classifications of the product's columns, in order of appearance. */
  public Set<String> classifications() {
    Set<String> classifications = new LinkedHashSet<>();
    for (Port port : ports) {
      for (PortColumn column : port.columns()) {
        column.classification().ifPresent(classifications::add);
      }
    }
    return classifications;
  }
}
