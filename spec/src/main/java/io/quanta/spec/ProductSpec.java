package io.quanta.spec;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;

/**
 * A parsed, schema-valid data product descriptor ({@code apiVersion: quanta/v1}).
 *
 * <p>Checks that need the rest of the mesh (input references resolve, the SQL compiles and returns
 * the declared schema) are not part of parsing; a {@code ProductSpec} may still fail them.
 *
 * @param metadata identity, version, owner
 * @param inputs the input ports
 * @param outputs the output ports
 * @param slo the declared service level objectives (each port may override them)
 * @param schedule when {@code quanta up} runs the product by itself
 * @param policies the product's local policies as written (an empty object when none), read by the
 *     governance module with {@code locations}; a copy, not to be changed
 * @param source where the spec came from
 * @param locations where each field is in the source, for messages
 */
public record ProductSpec(
    Metadata metadata,
    List<Input> inputs,
    List<Output> outputs,
    Slo slo,
    Schedule schedule,
    ObjectNode policies,
    SpecSource source,
    SourceMap locations) {
  public ProductSpec {
    requireNonNull(metadata, "metadata is null");
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
    requireNonNull(slo, "slo is null");
    requireNonNull(schedule, "schedule is null");
    requireNonNull(policies, "policies is null");
    requireNonNull(source, "source is null");
    requireNonNull(locations, "locations is null");
  }

  /** The deployable unit this spec describes: the product at its major version. */
  public ProductId id() {
    return metadata.id();
  }

  /** The output port of that name, if there is one. */
  public Optional<Output> output(String name) {
    return outputs.stream().filter(output -> output.name().equals(name)).findFirst();
  }

  /**
   * The objectives that apply to the output port: the product's, overridden by the port's (without
   * timeliness for a port that has no event time).
   */
  public Slo slo(Output output) {
    Slo merged = slo.overriddenBy(output.slo());
    if (output.eventTime().isEmpty() && merged.timeliness().isPresent()) {
      // Timeliness compares event time with processing time: not for a port without event time.
      return new Slo(
          merged.freshness(),
          java.util.Optional.empty(),
          merged.completeness(),
          merged.volume(),
          merged.availability());
    }
    return merged;
  }

  /** The inputs that read other products' output ports. */
  public List<ProductInput> productInputs() {
    return inputs.stream()
        .filter(ProductInput.class::isInstance)
        .map(ProductInput.class::cast)
        .toList();
  }
}
