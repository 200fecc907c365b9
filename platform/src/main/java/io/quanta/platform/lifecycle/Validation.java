package io.quanta.platform.lifecycle;

import io.quanta.error.ErrorCode;
import io.quanta.error.Problem;
import io.quanta.error.QuantaException;
import io.quanta.governance.rules.Violation;
import io.quanta.spec.ProductSpec;
import io.quanta.spec.SpecParser;
import java.util.List;

/**
 * The outcome of validating a batch of specs.
 *
 * @param specs the specs that parsed, upstream products before the products reading them
 * @param errors every problem found, each with its location, governance violations of {@code error}
 *     rules included; a deploy refuses the whole batch when there is any
 * @param warnings problems that do not stop a deploy, violations of {@code warn} rules included
 * @param violations what the mesh's governance found, of both severities: the rules each spec
 *     breaks, and local policies that would loosen the global ones (rule {@code local-policies})
 * @param refusals the errors that are changes a deployed major version may not take (see {@link
 *     ProductPlan#refusals()}), also among {@code errors}
 */
public record Validation(
    List<ProductSpec> specs,
    List<Problem> errors,
    List<Problem> warnings,
    List<Violation> violations,
    List<Problem> refusals) {
  public Validation {
    specs = List.copyOf(specs);
    errors = List.copyOf(errors);
    warnings = List.copyOf(warnings);
    violations = List.copyOf(violations);
    refusals = List.copyOf(refusals);
  }

  /** A validation with no refused change. */
  public Validation(
      List<ProductSpec> specs,
      List<Problem> errors,
      List<Problem> warnings,
      List<Violation> violations) {
    this(specs, errors, warnings, violations, List.of());
  }

  /** A validation governance had nothing to say about. */
  public Validation(List<ProductSpec> specs, List<Problem> errors, List<Problem> warnings) {
    this(specs, errors, warnings, List.of());
  }

  public boolean isValid() {
    return errors.isEmpty();
  }

  /**
   * Throws when there is any error: {@code INVALID_SPEC} with every error when a spec itself is
   * wrong, else {@code CHANGE_REFUSED} with every error when a spec changes a deployed major
   * version in a way its version does not allow, else {@code GOVERNANCE_VIOLATION} with the broken
   * rules, each as {@code rule-id: message} at its location in the spec.
   */
  public void orThrow() {
    if (errors.isEmpty()) {
      return;
    }
    List<Problem> ruleRefusals =
        violations.stream().filter(Violation::isError).map(Violation::problem).toList();
    if (ruleRefusals.size() + refusals.size() < errors.size()) {
      throw SpecParser.invalid(errors);
    }
    if (!refusals.isEmpty()) {
      String files = String.join(", ", refusals.stream().map(Problem::file).distinct().toList());
      StringBuilder message =
          new StringBuilder("Refused: ")
              .append(refusals.size())
              .append(refusals.size() == 1 ? " change" : " changes")
              .append(" the deployed versions do not allow, in ")
              .append(files);
      errors.forEach(problem -> message.append("\n  ").append(problem));
      throw new QuantaException(ErrorCode.CHANGE_REFUSED, message.toString(), errors);
    }
    long rules =
        violations.stream().filter(Violation::isError).map(Violation::ruleId).distinct().count();
    String files = String.join(", ", ruleRefusals.stream().map(Problem::file).distinct().toList());
    StringBuilder message =
        new StringBuilder("Refused by governance: ")
            .append(rules)
            .append(rules == 1 ? " rule" : " rules")
            .append(" broken in ")
            .append(files);
    ruleRefusals.forEach(problem -> message.append("\n  ").append(problem));
    throw new QuantaException(ErrorCode.GOVERNANCE_VIOLATION, message.toString(), ruleRefusals);
  }
}
