package io.quanta.governance.policy;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a reader may read of a port, and how: the access decision and the obligations every port
 * applies identically (masks, row filters, minimum group sizes).
 *
 * @param allowed whether the reader may read the port at all
 * @param reasons why, in words, one line per rule that decided (for explain and for a refusal)
 * @param rulesMatched the qualified ids of every rule that took part (access, masks, filters)
 * @param masks the mask of each masked column, by column name
 * @param filters the row filters to apply, with their parameters' values
 * @param minGroupSizes the minimum group sizes to apply
 */
public record PortDecision(
    boolean allowed,
    List<String> reasons,
    List<String> rulesMatched,
    Map<String, AppliedMask> masks,
    List<AppliedFilter> filters,
    List<AppliedMinGroupSize> minGroupSizes) {
  /** Every row and column in clear: what the platform's own reads see. */
  public static final PortDecision UNRESTRICTED =
      new PortDecision(true, List.of(), List.of(), Map.of(), List.of(), List.of());

  public PortDecision {
    reasons = List.copyOf(reasons);
    rulesMatched = List.copyOf(rulesMatched);
    masks = Collections.unmodifiableMap(new LinkedHashMap<>(masks));
    filters = List.copyOf(filters);
    minGroupSizes = List.copyOf(minGroupSizes);
  }

  /** Whether the port's rows reach the reader changed: masked, filtered or suppressed. */
  public boolean hasObligations() {
    return !masks.isEmpty() || !filters.isEmpty() || !minGroupSizes.isEmpty();
  }

  /** One line per obligation, e.g. {@code email: hash (global:pii-hashed)}. */
  public List<String> obligations() {
    List<String> lines = new ArrayList<>();
    masks
        .values()
        .forEach(
            mask ->
                lines.add(
                    "mask "
                        + mask.column()
                        + ": "
                        + mask.mask().describe()
                        + " ("
                        + mask.rule()
                        + ")"));
    filters.forEach(
        filter -> lines.add("rows where " + filter.where() + " (" + filter.rule() + ")"));
    minGroupSizes.forEach(
        group ->
            lines.add(
                "rows with "
                    + group.countColumn()
                    + " < "
                    + group.k()
                    + " suppressed ("
                    + group.rule()
                    + ")"));
    return lines;
  }

  /** A column's mask and the rule it comes from. */
  public record AppliedMask(String column, Mask mask, String rule) {
    public AppliedMask {
      requireNonNull(column, "column");
      requireNonNull(mask, "mask");
      requireNonNull(rule, "rule");
    }
  }

  /**
   * A row filter to apply.
   *
   * @param where the SQL condition with its {@code :name} parameters
   * @param parameters each parameter's value: a string, a list of strings, or null when the reader
   *     has none (the condition is then unknown and hides every row)
   */
  public record AppliedFilter(String rule, String where, List<Parameter> parameters) {
    public AppliedFilter {
      requireNonNull(rule, "rule");
      requireNonNull(where, "where");
      parameters = List.copyOf(parameters);
    }
  }

  /** A bound parameter of a row filter; {@code value} is a String, a List of String, or null. */
  public record Parameter(String name, Object value) {
    public Parameter {
      requireNonNull(name, "name");
    }
  }

  /** A minimum group size to apply. */
  public record AppliedMinGroupSize(String rule, String countColumn, int k) {}
}
