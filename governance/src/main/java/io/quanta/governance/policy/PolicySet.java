package io.quanta.governance.policy;

import java.util.List;

/** The read-time rules of one scope: the mesh's global ones, or one product's local ones. */
public record PolicySet(
    List<Rules.Access> access,
    List<Rules.ColumnMask> masks,
    List<Rules.RowFilter> rowFilters,
    List<Rules.MinGroupSize> minGroupSizes) {
  public static final PolicySet EMPTY = new PolicySet(List.of(), List.of(), List.of(), List.of());

  public PolicySet {
    access = List.copyOf(access);
    masks = List.copyOf(masks);
    rowFilters = List.copyOf(rowFilters);
    minGroupSizes = List.copyOf(minGroupSizes);
  }

  public boolean isEmpty() {
    return access.isEmpty() && masks.isEmpty() && rowFilters.isEmpty() && minGroupSizes.isEmpty();
  }

  /** Both sets' rules, this one's first. */
  public PolicySet plus(PolicySet other) {
    return new PolicySet(
        concat(access, other.access),
        concat(masks, other.masks),
        concat(rowFilters, other.rowFilters),
        concat(minGroupSizes, other.minGroupSizes));
  }

  private static <T> List<T> concat(List<T> a, List<T> b) {
    return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
  }
}
