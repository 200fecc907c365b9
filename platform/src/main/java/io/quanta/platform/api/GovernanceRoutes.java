package io.quanta.platform.api;

import static java.util.Objects.requireNonNull;

import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import io.quanta.governance.cel.CelExpression;
import io.quanta.governance.policy.PolicySet;
import io.quanta.governance.policy.Rules;
import io.quanta.governance.rules.Governance;
import io.quanta.governance.rules.GovernanceSource;
import io.quanta.governance.rules.IdentifierType;
import io.quanta.governance.rules.Rule;
import io.quanta.platform.Mesh;
import io.quanta.platform.governance.GovernanceVersion;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code GET /api/v1/governance}: the governance in force, read-only, as {@code quanta governance
 * show} prints it: its version, identifier types, deploy-time rules and global policies. Every
 * authenticated principal may read it: product developers need the rules their specs must meet,
 * consumers the policies their reads obey. It holds no data and no secret (the mask key is not part
 * of it). Applying a version stays with {@code quanta governance apply}.
 */
final class GovernanceRoutes {
  private final Mesh mesh;

  GovernanceRoutes(Mesh mesh) {
    this.mesh = requireNonNull(mesh, "mesh is null");
  }

  void register(JavalinDefaultRoutingApi routes) {
    routes.get("/api/v1/governance", this::show);
  }

  private void show(Context context) {
    GovernanceVersion version = mesh.governance().current();
    Governance governance = version.governance();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("version", version.number());
    body.put("shippedDefault", version.isShippedDefault());
    body.put("appliedAt", version.appliedAt().map(Object::toString).orElse(null));
    body.put("appliedBy", version.appliedBy().orElse(null));
    body.put("digest", version.digest());
    body.put("files", version.files().stream().map(GovernanceSource::file).toList());
    body.put("identifiers", governance.identifiers().stream().map(GovernanceRoutes::view).toList());
    body.put("rules", governance.rules().stream().map(GovernanceRoutes::view).toList());
    body.put("policies", view(governance.policies()));
    context.json(body);
  }

  private static Map<String, Object> view(IdentifierType type) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("name", type.name());
    view.put("description", type.description());
    return view;
  }

  private static Map<String, Object> view(Rule rule) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("id", rule.id());
    view.put("severity", rule.severity().specName());
    view.put("for", rule.subject().specName());
    view.put("check", rule.check().source().strip());
    view.put("message", rule.message());
    view.put("field", rule.field().orElse(null));
    view.put("origin", rule.origin());
    return view;
  }

  private static Map<String, Object> view(PolicySet policies) {
    List<Map<String, Object>> access = new ArrayList<>();
    for (Rules.Access rule : policies.access()) {
      Map<String, Object> view = head(rule.qualifiedId(), rule.ports());
      view.put("allow", source(rule.allow()));
      view.put("deny", source(rule.deny()));
      access.add(view);
    }
    List<Map<String, Object>> masks = new ArrayList<>();
    for (Rules.ColumnMask rule : policies.masks()) {
      Map<String, Object> view = head(rule.qualifiedId(), rule.ports());
      view.put("method", rule.mask().describe());
      view.put("column", rule.column().orElse(null));
      view.put("match", source(rule.match()));
      view.put("unless", source(rule.unless()));
      masks.add(view);
    }
    List<Map<String, Object>> rowFilters = new ArrayList<>();
    for (Rules.RowFilter rule : policies.rowFilters()) {
      Map<String, Object> view = head(rule.qualifiedId(), rule.ports());
      view.put("where", rule.where());
      view.put("match", source(rule.match()));
      view.put("unless", source(rule.unless()));
      rowFilters.add(view);
    }
    List<Map<String, Object>> minGroupSizes = new ArrayList<>();
    for (Rules.MinGroupSize rule : policies.minGroupSizes()) {
      Map<String, Object> view = head(rule.qualifiedId(), rule.ports());
      view.put("k", rule.k());
      view.put("countColumn", rule.countColumn());
      view.put("unless", source(rule.unless()));
      minGroupSizes.add(view);
    }
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("access", access);
    view.put("masks", masks);
    view.put("rowFilters", rowFilters);
    view.put("minGroupSizes", minGroupSizes);
    return view;
  }

  private static Map<String, Object> head(String id, Set<String> ports) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("id", id);
    view.put("ports", ports.stream().sorted().toList());
    return view;
  }

  private static String source(Optional<CelExpression> expression) {
    return expression.map(CelExpression::source).orElse(null);
  }
}
