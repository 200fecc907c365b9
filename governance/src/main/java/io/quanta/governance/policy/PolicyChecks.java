package io.quanta.governance.policy;

import io.quanta.error.Problem;
import io.quanta.spec.Column;
import io.quanta.spec.Output;
import io.quanta.spec.ProductSpec;
import io.quanta.spec.SourceMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Deploy-time checks of a product's local policies against its spec and the mesh's global policies:
 * every port and column they name exists, each mask fits its column's type, and no local mask is
 * weaker than a global one on the same column (local policies tighten, never loosen). Row filter
 * SQL is checked by the platform, which can bind it.
 */
public final class PolicyChecks {
  private PolicyChecks() {}

  /**
   * The problems of the local policies, located with the map of the document they were read from
   * (the spec, or the body of a control-port request).
   */
  public static List<Problem> check(
      ProductSpec spec, PolicySet local, PolicySet global, SourceMap locations) {
    List<Problem> problems = new ArrayList<>();
    Set<String> portNames = new TreeSet<>();
    spec.outputs().forEach(output -> portNames.add(output.name()));

    for (Rules.Access rule : local.access()) {
      ports(rule.ports(), rule.origin(), portNames, locations, problems);
    }
    for (Rules.ColumnMask rule : local.masks()) {
      ports(rule.ports(), rule.origin(), portNames, locations, problems);
      List<Output> outputs = applicable(spec, rule.ports());
      if (rule.column().isPresent()) {
        String name = rule.column().get();
        boolean found = false;
        for (Output output : outputs) {
          Column column = output.column(name).orElse(null);
          if (column == null) {
            continue;
          }
          found = true;
          if (PolicyEngine.fitting(rule.mask(), column.type()).method() != rule.mask().method()) {
            problems.add(
                locations.problem(
                    rule.origin() + ".method",
                    "the "
                        + rule.mask().method().specName()
                        + " mask does not fit column '"
                        + name
                        + "' of port '"
                        + output.name()
                        + "' ("
                        + column.type()
                        + "): truncate and email-domain take strings, generalize with 'to'"
                        + " dates and timestamps, generalize with 'step' numbers"));
          }
        }
        if (!found) {
          problems.add(
              locations.problem(
                  rule.origin() + ".column",
                  "no port "
                      + (rule.ports().isEmpty() ? "" : "of " + rule.ports() + " ")
                      + "has a column '"
                      + name
                      + "'"));
        }
      }
      for (Output output : outputs) {
        for (Column column : output.schema()) {
          if (!PolicyEngine.appliesTo(rule, spec, output, column)) {
            continue;
          }
          for (Rules.ColumnMask globalRule : global.masks()) {
            if (PolicyEngine.appliesTo(globalRule, spec, output, column)
                && rule.mask().method().rank() < globalRule.mask().method().rank()) {
              problems.add(
                  locations.problem(
                      rule.origin() + ".method",
                      "the "
                          + rule.mask().method().specName()
                          + " mask of '"
                          + column.name()
                          + "' in port '"
                          + output.name()
                          + "' is weaker than "
                          + globalRule.qualifiedId()
                          + " ("
                          + globalRule.mask().method().specName()
                          + "): a product's policies may tighten the mesh's, never loosen them;"
                          + " use "
                          + stricter(globalRule.mask().method())));
            }
          }
        }
      }
    }
    for (Rules.RowFilter rule : local.rowFilters()) {
      ports(rule.ports(), rule.origin(), portNames, locations, problems);
    }
    for (Rules.MinGroupSize rule : local.minGroupSizes()) {
      ports(rule.ports(), rule.origin(), portNames, locations, problems);
      for (Output output : applicable(spec, rule.ports())) {
        Column column = output.column(rule.countColumn()).orElse(null);
        if (column == null) {
          problems.add(
              locations.problem(
                  rule.origin() + ".countColumn",
                  "port '" + output.name() + "' has no column '" + rule.countColumn() + "'"));
        } else if (!column.type().isNumeric()) {
          problems.add(
              locations.problem(
                  rule.origin() + ".countColumn",
                  "'"
                      + rule.countColumn()
                      + "' of port '"
                      + output.name()
                      + "' is "
                      + column.type()
                      + "; the count of individuals is a number"));
        }
      }
    }
    return problems;
  }

  private static List<Output> applicable(ProductSpec spec, Set<String> ports) {
    return spec.outputs().stream()
        .filter(output -> ports.isEmpty() || ports.contains(output.name()))
        .toList();
  }

  private static void ports(
      Set<String> ports,
      String origin,
      Set<String> portNames,
      SourceMap locations,
      List<Problem> problems) {
    for (String port : ports) {
      if (!portNames.contains(port)) {
        problems.add(
            locations.problem(
                origin + ".ports",
                "the product has no output port '"
                    + port
                    + "'; it has "
                    + String.join(", ", portNames)));
      }
    }
  }

  private static String stricter(MaskMethod method) {
    List<String> names = new ArrayList<>();
    for (MaskMethod candidate : MaskMethod.values()) {
      if (candidate.rank() >= method.rank()) {
        names.add(candidate.specName());
      }
    }
    return String.join(", ", names);
  }
}
