package io.quanta.platform.graph;

import io.quanta.catalog.graph.BrokenLink;
import io.quanta.catalog.graph.ColumnId;
import io.quanta.catalog.graph.KnowledgeGraph;
import io.quanta.error.Problem;
import io.quanta.spec.Column;
import io.quanta.spec.Output;
import io.quanta.spec.ProductId;
import io.quanta.spec.ProductSpec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Deploy-time warnings for links whose target is there but holds something else: another type, or
 * not the identifier type the linking column declares. (A target that is missing altogether is the
 * governance rule {@code links-exist}'s to report.) A warning, not an error: the linked product's
 * owner and the linking product's owner may need a while to agree.
 *
 * <p>Both sides are checked: a spec of the batch whose link no longer holds, and a spec of the
 * batch that changes a column deployed products link to (a breaking change, refused within a major
 * version; the warning still says which links it would break).
 */
public final class LinkWarnings {
  private LinkWarnings() {}

  /**
   * The warnings of deploying the batch over the deployed specs, each at its place in a spec of the
   * batch.
   */
  public static List<Problem> check(
      Collection<ProductSpec> deployed, Collection<ProductSpec> batch) {
    if (batch.isEmpty()) {
      return List.of();
    }
    Map<ProductId, ProductSpec> after = new LinkedHashMap<>();
    deployed.forEach(spec -> after.put(spec.id(), spec));
    Map<ProductId, ProductSpec> changed = new LinkedHashMap<>();
    batch.forEach(spec -> changed.put(spec.id(), spec));
    after.putAll(changed);
    Set<String> brokenBefore = new HashSet<>();
    for (BrokenLink link : new KnowledgeGraph(deployed, List.of()).brokenLinks()) {
      brokenBefore.add(link.column() + " " + link.reason());
    }
    List<Problem> warnings = new ArrayList<>();
    for (BrokenLink link : new KnowledgeGraph(after.values(), List.of()).brokenLinks()) {
      if (!link.reason().isChange()) {
        continue;
      }
      ProductSpec linking = changed.get(link.column().product());
      if (linking != null) {
        place(linking, link.column())
            .ifPresent(
                path ->
                    warnings.add(
                        linking
                            .locations()
                            .problem(
                                path + ".links",
                                "the link no longer holds: this column " + link.message())));
        continue;
      }
      ProductSpec target = changed.get(link.link().port().product());
      if (target == null || brokenBefore.contains(link.column() + " " + link.reason())) {
        continue;
      }
      ColumnId targetColumn = ColumnId.of(link.link());
      Optional<String> path = place(target, targetColumn);
      Optional<Column> linkingColumn = column(after.get(link.column().product()), link.column());
      Optional<Column> changedColumn = column(target, targetColumn);
      if (path.isEmpty() || linkingColumn.isEmpty() || changedColumn.isEmpty()) {
        continue;
      }
      String what =
          link.reason() == BrokenLink.Reason.TYPE_DIFFERS
              ? "it is "
                  + linkingColumn.get().type()
                  + " and this column would be "
                  + changedColumn.get().type()
              : "it holds "
                  + linkingColumn.get().semantic().orElse("no identifier type")
                  + " and this column would hold "
                  + changedColumn.get().semantic().orElse("no identifier type");
      String field = link.reason() == BrokenLink.Reason.TYPE_DIFFERS ? ".type" : "";
      warnings.add(
          target
              .locations()
              .problem(
                  path.get() + field,
                  "deployed column "
                      + link.column()
                      + " links to this column: deploying this breaks the link, "
                      + what));
    }
    return warnings;
  }

  /** The field path of a column in its spec, e.g. {@code outputs[0].schema[2]}. */
  private static Optional<String> place(ProductSpec spec, ColumnId column) {
    for (int i = 0; i < spec.outputs().size(); i++) {
      Output output = spec.outputs().get(i);
      if (!output.name().equals(column.port().port())) {
        continue;
      }
      for (int j = 0; j < output.schema().size(); j++) {
        if (output.schema().get(j).name().equals(column.column())) {
          return Optional.of("outputs[" + i + "].schema[" + j + "]");
        }
      }
    }
    return Optional.empty();
  }

  private static Optional<Column> column(ProductSpec spec, ColumnId column) {
    return spec == null
        ? Optional.empty()
        : spec.output(column.port().port()).flatMap(output -> output.column(column.column()));
  }
}
