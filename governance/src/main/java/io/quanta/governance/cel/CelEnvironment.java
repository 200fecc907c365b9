package io.quanta.governance.cel;

import static java.util.Objects.requireNonNull;

import dev.cel.bundle.Cel;
import dev.cel.bundle.CelBuilder;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelValidationResult;
import dev.cel.common.types.CelType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The variables CEL expressions of one kind may use, and the type they must return. Expressions are
 * compiled (parsed and type-checked) once, when a policy or rule is loaded, and evaluated many
 * times.
 *
 * <p>Thread safe.
 */
public final class CelEnvironment {
  /** The type of a variable that is a JSON-like object: {@code principal}, {@code spec}, ... */
  public static final CelType OBJECT = MapType.create(SimpleType.STRING, SimpleType.DYN);

  private final Map<String, CelType> variables;
  private final CelType result;
  private final Cel cel;

  private CelEnvironment(Map<String, CelType> variables, CelType result) {
    this.variables = Map.copyOf(variables);
    this.result = result;
    CelBuilder builder =
        CelFactory.standardCelBuilder()
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .setResultType(result);
    variables.forEach(builder::addVar);
    this.cel = builder.build();
  }

  /**
   * An environment with these variables (in order of declaration) and result type.
   *
   * @param variables each variable's name and type, e.g. {@code principal: OBJECT}
   */
  public static CelEnvironment of(Map<String, CelType> variables, CelType result) {
    return new CelEnvironment(new LinkedHashMap<>(variables), requireNonNull(result, "result"));
  }

  /** A boolean condition over these variables. */
  public static CelEnvironment condition(Map<String, CelType> variables) {
    return of(variables, SimpleType.BOOL);
  }

  /**
   * Compiles an expression.
   *
   * @throws InvalidExpression with CEL's message (what and where in the expression), when it does
   *     not parse, names an unknown variable or function, or returns another type
   */
  public CelExpression compile(String source) {
    requireNonNull(source, "source is null");
    CelValidationResult checked = cel.compile(source);
    if (checked.hasError()) {
      throw new InvalidExpression(describe(checked.getErrorString()));
    }
    try {
      return new CelExpression(source, cel.createProgram(checked.getAst()), variables.keySet());
    } catch (dev.cel.common.CelValidationException | CelEvaluationException e) {
      throw new InvalidExpression(describe(e.getMessage()));
    }
  }

  /** The variables an expression of this environment may use. */
  public Map<String, CelType> variables() {
    return variables;
  }

  /** CEL's own message, on one line, with the variables the expression could have used. */
  private String describe(String message) {
    String oneLine = message == null ? "invalid expression" : message.strip();
    // CEL reports "ERROR: <input>:1:5: message | expr | ^"; keep its first line, which says where.
    int bar = oneLine.indexOf('\n');
    String first = bar >= 0 ? oneLine.substring(0, bar) : oneLine;
    first = first.replace("ERROR: <input>:", "at ");
    return first
        + " (variables: "
        + String.join(", ", variables.keySet())
        + "; the expression must be a "
        + (result == SimpleType.BOOL ? "bool" : result.name())
        + ")";
  }

  /** An expression CEL refused to compile. */
  public static final class InvalidExpression extends RuntimeException {
    InvalidExpression(String message) {
      super(message);
    }
  }
}
