package io.quanta.governance.rules;

import static java.util.Objects.requireNonNull;

import io.quanta.error.Problem;
import io.quanta.governance.cel.CelExpression;
import io.quanta.governance.policy.PolicyEngine;
import io.quanta.governance.policy.PolicySet;
import io.quanta.spec.Column;
import io.quanta.spec.Output;
import io.quanta.spec.ProductSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks a product spec against the deploy-time rules of the mesh's governance. Each rule is
 * evaluated once per subject (the product, each output, each column, each link); a check that does
 * not hold is a violation located at the subject in the spec. A check that fails to evaluate (a
 * type error, a missing field) is a violation too, with the evaluation error: rules fail closed.
 *
 * <p>Stateless and thread safe.
 */
public final class RuleEngine {
  /**
   * The id of the built-in check that a product's own policies only tighten the global ones,
   * reserved: no governance rule may take it.
   */
  public static final String LOCAL_POLICIES_RULE = "local-policies";

  private RuleEngine() {}

  /**
   * The violations of a spec, in rule order, then in spec order.
   *
   * @param spec the spec checked
   * @param local the spec's own runtime policies, which decide with the global ones whether a
   *     column is {@code masked}
   * @param governance the rules, identifier types and global runtime policies
   * @param mesh the rest of the mesh, as it will be after the deploy
   */
  public static List<Violation> check(
      ProductSpec spec, PolicySet local, Governance governance, MeshContext mesh) {
    requireNonNull(spec, "spec is null");
    requireNonNull(local, "local is null");
    requireNonNull(governance, "governance is null");
    requireNonNull(mesh, "mesh is null");
    Map<String, Object> base = new LinkedHashMap<>();
    base.put("product", RuleContexts.product(spec));
    base.put("mesh", mesh.toCel(governance.identifierNames()));

    List<Subject> subjects = new ArrayList<>();
    subjects.add(new Subject(RuleSubject.PRODUCT, "", "metadata", "", base));
    for (int i = 0; i < spec.outputs().size(); i++) {
      Output output = spec.outputs().get(i);
      String outputPath = "outputs[" + i + "]";
      Map<String, Object> outputValues = new LinkedHashMap<>(base);
      outputValues.put("output", RuleContexts.output(output));
      subjects.add(
          new Subject(
              RuleSubject.OUTPUT,
              outputPath,
              outputPath,
              "port '" + output.name() + "'",
              outputValues));
      for (int j = 0; j < output.schema().size(); j++) {
        Column column = output.schema().get(j);
        String columnPath = outputPath + ".schema[" + j + "]";
        String columnName = "column '" + column.name() + "' of port '" + output.name() + "'";
        List<String> masks =
            PolicyEngine.masksCovering(spec, output, column, governance.policies(), local);
        Map<String, Object> columnValues = new LinkedHashMap<>(outputValues);
        columnValues.put("column", RuleContexts.column(column, masks));
        subjects.add(
            new Subject(RuleSubject.COLUMN, columnPath, columnPath, columnName, columnValues));
        if (column.links().isPresent()) {
          String link = column.links().get().toString();
          Map<String, Object> linkValues = new LinkedHashMap<>(columnValues);
          linkValues.put("link", link);
          subjects.add(
              new Subject(
                  RuleSubject.LINK,
                  columnPath,
                  columnPath + ".links",
                  "link " + link + " of " + columnName,
                  linkValues));
        }
      }
    }

    List<Violation> violations = new ArrayList<>();
    for (Rule rule : governance.rules()) {
      for (Subject subject : subjects) {
        if (subject.kind() != rule.subject()) {
          continue;
        }
        String message;
        try {
          if (rule.check().test(subject.values())) {
            continue;
          }
          message = rule.message();
        } catch (CelExpression.EvaluationFailure e) {
          message =
              rule.message()
                  + " (the check could not be evaluated, which counts as broken: "
                  + e.getMessage()
                  + ")";
        }
        if (!subject.description().isEmpty()) {
          message = message + " (" + subject.description() + ")";
        }
        String path = location(rule, subject);
        Problem at = spec.locations().problem(path, message);
        violations.add(Violation.at(at, rule.id(), rule.severity()));
      }
    }
    return violations;
  }

  /**
   * Where a violation points: the rule's {@code field}, relative to the subject's node (the
   * document for a product, the column for a link), else the subject.
   */
  private static String location(Rule rule, Subject subject) {
    if (rule.field().isEmpty()) {
      return subject.path();
    }
    String field = rule.field().get();
    if (subject.base().isEmpty() || field.startsWith("[")) {
      return subject.base() + field;
    }
    return subject.base() + "." + field;
  }

  /**
   * One thing a rule is checked for: the spec node that a rule's {@code field} is relative to,
   * where a violation points by default, what to call it, and the values of its variables.
   */
  private record Subject(
      RuleSubject kind, String base, String path, String description, Map<String, Object> values) {}
}
