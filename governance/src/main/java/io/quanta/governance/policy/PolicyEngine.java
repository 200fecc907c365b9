package io.quanta.governance.policy;

import io.quanta.governance.Reader;
import io.quanta.governance.cel.CelExpression;
import io.quanta.spec.Column;
import io.quanta.spec.ColumnType;
import io.quanta.spec.Output;
import io.quanta.spec.ProductSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides what a reader may read of a port, from the mesh's global policies and the product's local
 * ones. The rules compose so that a local policy can only tighten:
 *
 * <ul>
 *   <li><b>Access</b>: in each scope, any {@code deny} that holds refuses; if the scope has {@code
 *       allow} rules for the port, one of them must hold. The reader needs both scopes' consent.
 *   <li><b>Masks</b>: every mask that applies to a column and whose {@code unless} does not hold is
 *       a candidate; the column gets the strictest ({@link MaskMethod#rank}), the global one on a
 *       tie.
 *   <li><b>Row filters</b> and <b>minimum group sizes</b>: every one that applies is applied.
 * </ul>
 *
 * A condition that fails to evaluate (say, a missing attribute) takes the safe outcome: an allow
 * does not hold, a deny holds, an {@code unless} does not hold; the reasons say so.
 */
public final class PolicyEngine {
  private PolicyEngine() {}

  /** The decision for a reader of a port. */
  public static PortDecision decide(
      Reader reader, ProductSpec spec, Output output, PolicySet global, PolicySet local) {
    Map<String, Object> values = PolicyContexts.reader(reader, spec, output);
    List<String> reasons = new ArrayList<>();
    List<String> matched = new ArrayList<>();
    boolean allowed =
        allows(global.access(), output, values, reasons, matched, "global")
            & allows(local.access(), output, values, reasons, matched, "the product's");
    if (!allowed) {
      return new PortDecision(false, reasons, matched, Map.of(), List.of(), List.of());
    }

    Map<String, PortDecision.AppliedMask> masks = new LinkedHashMap<>();
    for (Column column : output.schema()) {
      PortDecision.AppliedMask chosen = null;
      for (Rules.ColumnMask rule : global.plus(local).masks()) {
        if (!appliesTo(rule, spec, output, column)) {
          continue;
        }
        if (rule.unless().isPresent()
            && holds(rule.unless().get(), values, reasons, rule.qualifiedId(), false)) {
          reasons.add(
              rule.qualifiedId()
                  + ": "
                  + column.name()
                  + " in clear (unless "
                  + rule.unless().get()
                  + ")");
          matched.add(rule.qualifiedId());
          continue;
        }
        Mask mask = fitting(rule.mask(), column.type());
        if (chosen == null || mask.method().rank() > chosen.mask().method().rank()) {
          chosen = new PortDecision.AppliedMask(column.name(), mask, rule.qualifiedId());
        }
      }
      if (chosen != null) {
        masks.put(column.name(), chosen);
        matched.add(chosen.rule());
      }
    }

    List<PortDecision.AppliedFilter> filters = new ArrayList<>();
    for (Rules.RowFilter rule : global.plus(local).rowFilters()) {
      if (!appliesTo(rule, spec, output)) {
        continue;
      }
      if (rule.unless().isPresent()
          && holds(rule.unless().get(), values, reasons, rule.qualifiedId(), false)) {
        reasons.add(rule.qualifiedId() + ": every row (unless " + rule.unless().get() + ")");
        matched.add(rule.qualifiedId());
        continue;
      }
      List<PortDecision.Parameter> parameters = new ArrayList<>();
      for (String name : rule.parameters()) {
        parameters.add(new PortDecision.Parameter(name, parameter(rule, name, values, reasons)));
      }
      filters.add(new PortDecision.AppliedFilter(rule.qualifiedId(), rule.where(), parameters));
      matched.add(rule.qualifiedId());
    }

    List<PortDecision.AppliedMinGroupSize> groups = new ArrayList<>();
    for (Rules.MinGroupSize rule : global.plus(local).minGroupSizes()) {
      if (!rule.ports().isEmpty() && !rule.ports().contains(output.name())) {
        continue;
      }
      if (output.column(rule.countColumn()).isEmpty()) {
        continue; // a global rule for ports that have the column
      }
      if (rule.unless().isPresent()
          && holds(rule.unless().get(), values, reasons, rule.qualifiedId(), false)) {
        reasons.add(
            rule.qualifiedId() + ": small groups shown (unless " + rule.unless().get() + ")");
        matched.add(rule.qualifiedId());
        continue;
      }
      groups.add(
          new PortDecision.AppliedMinGroupSize(rule.qualifiedId(), rule.countColumn(), rule.k()));
      matched.add(rule.qualifiedId());
    }
    return new PortDecision(true, reasons, matched, masks, filters, groups);
  }

  /**
   * The masks that cover a column whoever reads it, ignoring their {@code unless}: what a
   * deploy-time rule such as "every pii column has a mask" checks.
   */
  public static List<String> masksCovering(
      ProductSpec spec, Output output, Column column, PolicySet global, PolicySet local) {
    List<String> ids = new ArrayList<>();
    for (Rules.ColumnMask rule : global.plus(local).masks()) {
      if (appliesTo(rule, spec, output, column)) {
        ids.add(rule.qualifiedId());
      }
    }
    return ids;
  }

  /** Whether a mask applies to the column of the port, whoever reads it. */
  static boolean appliesTo(Rules.ColumnMask rule, ProductSpec spec, Output output, Column column) {
    if (!rule.ports().isEmpty() && !rule.ports().contains(output.name())) {
      return false;
    }
    if (rule.column().isPresent()) {
      return rule.column().get().equals(column.name());
    }
    try {
      return rule.match().orElseThrow().test(PolicyContexts.column(spec, output, column));
    } catch (CelExpression.EvaluationFailure e) {
      return true; // a mask that cannot tell applies: the safe outcome
    }
  }

  static boolean appliesTo(Rules.RowFilter rule, ProductSpec spec, Output output) {
    if (!rule.ports().isEmpty() && !rule.ports().contains(output.name())) {
      return false;
    }
    if (rule.match().isEmpty()) {
      return true;
    }
    try {
      return rule.match().get().test(PolicyContexts.port(spec, output));
    } catch (CelExpression.EvaluationFailure e) {
      return true;
    }
  }

  /**
   * The mask as it can apply to the column's type: a method that does not fit the type (say, the
   * email domain of a number) becomes {@code null}, which keeps nothing.
   */
  static Mask fitting(Mask mask, ColumnType type) {
    boolean fits =
        switch (mask.method()) {
          case TRUNCATE, EMAIL_DOMAIN -> type.kind() == ColumnType.Kind.STRING;
          case GENERALIZE ->
              mask.to().isPresent()
                  ? type.kind() == ColumnType.Kind.DATE || type.kind() == ColumnType.Kind.TIMESTAMP
                  : type.isNumeric();
          default -> true;
        };
    return fits ? mask : Mask.of(MaskMethod.NULL);
  }

  private static boolean allows(
      List<Rules.Access> rules,
      Output output,
      Map<String, Object> values,
      List<String> reasons,
      List<String> matched,
      String scope) {
    boolean anyAllowRule = false;
    boolean allowedByOne = false;
    for (Rules.Access rule : rules) {
      if (!rule.ports().isEmpty() && !rule.ports().contains(output.name())) {
        continue;
      }
      if (rule.deny().isPresent()) {
        if (holds(rule.deny().get(), values, reasons, rule.qualifiedId(), true)) {
          reasons.add("denied by " + rule.qualifiedId() + ": " + rule.deny().get());
          matched.add(rule.qualifiedId());
          return false;
        }
        continue;
      }
      anyAllowRule = true;
      if (!allowedByOne && holds(rule.allow().get(), values, reasons, rule.qualifiedId(), false)) {
        allowedByOne = true;
        reasons.add("allowed by " + rule.qualifiedId() + ": " + rule.allow().get());
        matched.add(rule.qualifiedId());
      }
    }
    if (anyAllowRule && !allowedByOne) {
      List<String> conditions = new ArrayList<>();
      for (Rules.Access rule : rules) {
        if (rule.allow().isPresent()
            && (rule.ports().isEmpty() || rule.ports().contains(output.name()))) {
          conditions.add(rule.qualifiedId() + " (" + rule.allow().get() + ")");
          matched.add(rule.qualifiedId());
        }
      }
      reasons.add(
          "denied: none of " + scope + " allow rules holds: " + String.join(", ", conditions));
      return false;
    }
    return true;
  }

  /** Evaluates a condition; a failure gives {@code onFailure} and a reason. */
  private static boolean holds(
      CelExpression condition,
      Map<String, Object> values,
      List<String> reasons,
      String rule,
      boolean onFailure) {
    try {
      return condition.test(values);
    } catch (CelExpression.EvaluationFailure e) {
      reasons.add(rule + ": could not evaluate (" + e.getMessage() + "), taken as " + onFailure);
      return onFailure;
    }
  }

  private static Object parameter(
      Rules.RowFilter rule, String name, Map<String, Object> values, List<String> reasons) {
    CelExpression expression = rule.params().get(name);
    Object value;
    if (expression == null) {
      @SuppressWarnings("unchecked")
      Map<String, Object> principal = (Map<String, Object>) values.get("principal");
      @SuppressWarnings("unchecked")
      Map<String, Object> attributes = (Map<String, Object>) principal.get("attributes");
      value = attributes.get(name);
    } else {
      try {
        value = expression.evaluate(values);
      } catch (CelExpression.EvaluationFailure e) {
        reasons.add(
            rule.qualifiedId()
                + ": :"
                + name
                + " has no value ("
                + e.getMessage()
                + "); no row matches");
        return null;
      }
    }
    return normalize(value)
        .orElseGet(
            () -> {
              if (value != null) {
                reasons.add(
                    rule.qualifiedId()
                        + ": :"
                        + name
                        + " is neither a string nor a list of strings; no row matches");
              }
              return null;
            });
  }

  private static Optional<Object> normalize(Object value) {
    if (value instanceof String || value instanceof Boolean || value instanceof Number) {
      return Optional.of(String.valueOf(value));
    }
    if (value instanceof List<?> list) {
      List<String> strings = new ArrayList<>();
      for (Object element : list) {
        if (!(element instanceof String
            || element instanceof Number
            || element instanceof Boolean)) {
          return Optional.empty();
        }
        strings.add(String.valueOf(element));
      }
      return Optional.of(List.copyOf(strings));
    }
    return Optional.empty();
  }
}
