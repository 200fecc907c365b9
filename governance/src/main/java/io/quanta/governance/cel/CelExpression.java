package io.quanta.governance.cel;

import static java.util.Objects.requireNonNull;

import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import java.util.Map;
import java.util.Set;

/** A compiled CEL expression, evaluated against the variables of its environment. Thread safe. */
public final class CelExpression {
  private final String source;
  private final CelRuntime.Program program;
  private final Set<String> variables;

  CelExpression(String source, CelRuntime.Program program, Set<String> variables) {
    this.source = requireNonNull(source, "source is null");
    this.program = requireNonNull(program, "program is null");
    this.variables = Set.copyOf(variables);
  }

  /** The expression as written. */
  public String source() {
    return source;
  }

  /**
   * Evaluates the expression.
   *
   * @param values a value for every variable of the environment: strings, booleans, longs, doubles,
   *     lists and maps of those
   * @throws EvaluationFailure when evaluation fails, e.g. a missing map key or a type error
   */
  public Object evaluate(Map<String, ?> values) {
    for (String variable : variables) {
      if (!values.containsKey(variable)) {
        throw new IllegalArgumentException("no value for the variable " + variable);
      }
    }
    try {
      return program.eval(values);
    } catch (CelEvaluationException e) {
      throw new EvaluationFailure(source + ": " + oneLine(e.getMessage()));
    }
  }

  /** Evaluates a condition: its boolean result. */
  public boolean test(Map<String, ?> values) {
    Object result = evaluate(values);
    if (result instanceof Boolean value) {
      return value;
    }
    throw new EvaluationFailure(source + ": returned " + result + ", not a bool");
  }

  private static String oneLine(String message) {
    return message == null ? "failed" : message.replace('\n', ' ').strip();
  }

  @Override
  public String toString() {
    return source;
  }

  /** An evaluation that failed: policies treat it as the safe outcome, and say so. */
  public static final class EvaluationFailure extends RuntimeException {
    EvaluationFailure(String message) {
      super(message);
    }
  }
}
