package io.quanta.governance.policy;

import static java.util.Objects.requireNonNull;

import io.quanta.governance.cel.CelExpression;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The kinds of read-time rules a policy set holds. */
public final class Rules {
  private Rules() {}

  /**
   * Who may read. Each rule has an {@code allow} or a {@code deny} condition over {@code
   * principal}, {@code purpose}, {@code product} and {@code port}.
   *
   * @param ports the ports it applies to; empty for every port
   * @param origin where it is written: its path in its document, e.g. {@code policies.access[0]}
   */
  public record Access(
      String id,
      PolicyScope scope,
      Optional<CelExpression> allow,
      Optional<CelExpression> deny,
      Set<String> ports,
      String origin) {
    public Access {
      requireNonNull(id, "id");
      requireNonNull(scope, "scope");
      ports = Set.copyOf(ports);
      if (allow.isPresent() == deny.isPresent()) {
        throw new IllegalArgumentException("an access rule has exactly one of allow and deny");
      }
    }

    public String qualifiedId() {
      return scope.qualify(id);
    }
  }

  /**
   * A column mask. Local masks name their column; global ones usually match columns by a condition
   * over {@code column}, {@code port} and {@code product} (e.g. {@code column.classification ==
   * 'pii'}).
   *
   * @param unless a condition over the principal under which the mask does not apply
   */
  public record ColumnMask(
      String id,
      PolicyScope scope,
      Optional<String> column,
      Optional<CelExpression> match,
      Set<String> ports,
      Mask mask,
      Optional<CelExpression> unless,
      String origin) {
    public ColumnMask {
      requireNonNull(id, "id");
      requireNonNull(scope, "scope");
      ports = Set.copyOf(ports);
      requireNonNull(mask, "mask");
      if (column.isPresent() == match.isPresent()) {
        throw new IllegalArgumentException("a mask has exactly one of column and match");
      }
    }

    public String qualifiedId() {
      return scope.qualify(id);
    }
  }

  /**
   * A row filter: a SQL predicate over the port's columns. {@code :name} in it is a parameter,
   * bound from {@code params} (CEL over the principal) or, by default, from the principal's
   * attribute of that name; values are bound, never written into the SQL.
   *
   * @param match for global filters: a condition over {@code port} and {@code product} saying which
   *     ports it applies to; empty for a local filter
   */
  public record RowFilter(
      String id,
      PolicyScope scope,
      Set<String> ports,
      Optional<CelExpression> match,
      String where,
      List<String> parameters,
      Map<String, CelExpression> params,
      Optional<CelExpression> unless,
      String origin) {
    public RowFilter {
      requireNonNull(id, "id");
      requireNonNull(scope, "scope");
      ports = Set.copyOf(ports);
      requireNonNull(where, "where");
      parameters = List.copyOf(parameters);
      params = Map.copyOf(params);
    }

    public String qualifiedId() {
      return scope.qualify(id);
    }
  }

  /**
   * A minimum group size: rows of an aggregate port whose {@code countColumn} (the number of
   * individuals the row aggregates) is below {@code k} are suppressed.
   */
  public record MinGroupSize(
      String id,
      PolicyScope scope,
      Set<String> ports,
      int k,
      String countColumn,
      Optional<CelExpression> unless,
      String origin) {
    public MinGroupSize {
      requireNonNull(id, "id");
      requireNonNull(scope, "scope");
      ports = Set.copyOf(ports);
      requireNonNull(countColumn, "countColumn");
      if (k < 2) {
        throw new IllegalArgumentException("a minimum group size is at least 2");
      }
    }

    public String qualifiedId() {
      return scope.qualify(id);
    }
  }
}
