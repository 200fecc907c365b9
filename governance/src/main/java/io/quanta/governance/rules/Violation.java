package io.quanta.governance.rules;

import static java.util.Objects.requireNonNull;

import io.quanta.error.Problem;

/**
 * A spec that breaks a governance rule, with where in the spec.
 *
 * @param ruleId the rule broken, e.g. {@code pii-masked}
 * @param severity the rule's severity: an {@code error} refuses the deploy
 * @param message the rule's message, with what it was checked for (e.g. the column)
 * @param file the spec file
 * @param line 1-based line in the spec, 0 when unknown
 * @param column 1-based column in the spec, 0 when unknown
 * @param path the field's path in the spec, e.g. {@code outputs[0].schema[1]}
 */
public record Violation(
    String ruleId,
    RuleSeverity severity,
    String message,
    String file,
    int line,
    int column,
    String path) {
  public Violation {
    requireNonNull(ruleId, "ruleId is null");
    requireNonNull(severity, "severity is null");
    requireNonNull(message, "message is null");
    requireNonNull(file, "file is null");
    requireNonNull(path, "path is null");
  }

  /** A violation at the location of a problem, taking the problem's message. */
  public static Violation at(Problem problem, String ruleId, RuleSeverity severity) {
    return new Violation(
        ruleId,
        severity,
        problem.message(),
        problem.file(),
        problem.line(),
        problem.column(),
        problem.path());
  }

  public boolean isError() {
    return severity == RuleSeverity.ERROR;
  }

  /** The violation as a spec problem: {@code rule-id: message} at its location. */
  public Problem problem() {
    return new Problem(file, line, column, path, ruleId + ": " + message);
  }

  /**
   * {@code file:line:column: error [rule-id] message}, the format of {@code quanta policy check}.
   */
  @Override
  public String toString() {
    StringBuilder text = new StringBuilder(file);
    if (line > 0) {
      text.append(':').append(line).append(':').append(column);
    }
    return text.append(": ")
        .append(severity.specName())
        .append(" [")
        .append(ruleId)
        .append("] ")
        .append(message)
        .toString();
  }
}
