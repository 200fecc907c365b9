package io.quanta.platform.lifecycle;

import io.quanta.error.Problem;
import io.quanta.spec.ProductSpec;
import io.quanta.spec.SpecParser;
import java.util.List;

/**
 * The outcome of validating a batch of specs.
 *
 * @param specs the specs that parsed, upstream products before the products reading them
 * @param errors every problem found, each with its location; a deploy refuses the whole batch when
 *     there is any
 * @param warnings problems that do not stop a deploy
 */
public record Validation(List<ProductSpec> specs, List<Problem> errors, List<Problem> warnings) {
  public Validation {
    specs = List.copyOf(specs);
    errors = List.copyOf(errors);
    warnings = List.copyOf(warnings);
  }

  public boolean isValid() {
    return errors.isEmpty();
  }

  /** Throws {@code INVALID_SPEC} with every error when there is any. */
  public void orThrow() {
    if (!errors.isEmpty()) {
      throw SpecParser.invalid(errors);
    }
  }
}
