package io.quanta.platform.api;

import static java.util.Objects.requireNonNull;

import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import io.quanta.error.QuantaException;
import io.quanta.governance.Principal;
import io.quanta.platform.Mesh;
import io.quanta.platform.governance.PolicyService;
import io.quanta.spec.ProductId;
import io.quanta.spec.ProductRef;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A product's control port: {@code GET/PUT
 * /api/v1/products/{domain}/{name}/{major}/control/policies} shows and replaces its local policies,
 * for its owner and the governance role only. A change is checked as a deploy checks a spec's
 * policies, versioned, audited, and in force from the next read.
 */
final class ControlRoutes {
  static final String PATH = "/api/v1/products/{domain}/{name}/{major}/control/policies";

  private final Mesh mesh;

  ControlRoutes(Mesh mesh) {
    this.mesh = requireNonNull(mesh, "mesh is null");
  }

  void register(JavalinDefaultRoutingApi routes) {
    routes.get(PATH, this::show);
    routes.put(PATH, this::change);
  }

  private void show(Context context) {
    ProductId product = product(context);
    mesh.policies().requireControl(product, ApiPrincipal.of(context));
    Map<String, Object> body = view(mesh.policies().current(product));
    body.put(
        "history", mesh.policies().history(product).stream().map(ControlRoutes::view).toList());
    context.json(body);
  }

  private void change(Context context) {
    ProductId product = product(context);
    Principal principal = ApiPrincipal.of(context);
    String document = context.body();
    if (document.isBlank()) {
      throw QuantaException.invalidRequest(
          "The body is empty: send the policies section (access, masks, rowFilters, minGroupSize)"
              + " as YAML or JSON");
    }
    PolicyService.LocalPolicies changed =
        mesh.policies().change(product, principal, "request", document);
    context.json(view(changed));
  }

  private static Map<String, Object> view(PolicyService.LocalPolicies policies) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("product", policies.product().toString());
    view.put("version", policies.version());
    view.put("source", policies.version() == 0 ? "spec" : "control-port");
    view.put("policies", policies.policies());
    view.put("changedAt", policies.changedAt().orElse(null));
    view.put("changedBy", policies.changedBy().orElse(null));
    return view;
  }

  private ProductId product(Context context) {
    String major = context.pathParam("major");
    if (!major.matches("[0-9]{1,9}")) {
      throw QuantaException.invalidRequest(
          "The major version must be a number, got '" + major + "'");
    }
    return mesh.specs()
        .resolve(
            ProductRef.parse(
                context.pathParam("domain") + "/" + context.pathParam("name") + ":" + major))
        .id();
  }
}
