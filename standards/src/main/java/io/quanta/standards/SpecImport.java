package io.quanta.standards;

import static java.util.Objects.requireNonNull;

import io.quanta.error.Problem;
import io.quanta.spec.ProductSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * ODPS and ODCS documents made into a Quanta spec.
 *
 * @param file where the spec is meant to be saved: {@code <product name>.yaml} in the chosen folder
 * @param yaml the spec as {@code quanta/v1} YAML, with every field the documents map to; without
 *     the required fields they do not give (never a placeholder); empty when no ODPS or ODCS
 *     document could be read
 * @param spec the spec, parsed, when it is valid
 * @param warnings each field of the documents that was not imported and why, where it is
 * @param errors what keeps the spec from being valid: required fields the documents do not give,
 *     documents that cannot be read, and the parser's problems
 */
public record SpecImport(
    Path file,
    String yaml,
    Optional<ProductSpec> spec,
    List<Problem> warnings,
    List<Problem> errors) {
  public SpecImport {
    requireNonNull(file, "file is null");
    requireNonNull(yaml, "yaml is null");
    requireNonNull(spec, "spec is null");
    warnings = List.copyOf(warnings);
    errors = List.copyOf(errors);
  }

  /** Whether the spec is valid: it parses and nothing it needs is missing. */
  public boolean isValid() {
    return spec.isPresent() && errors.isEmpty();
  }
}
