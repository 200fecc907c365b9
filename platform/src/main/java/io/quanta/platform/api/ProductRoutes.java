package io.quanta.platform.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import io.quanta.error.ErrorCode;
import io.quanta.error.QuantaException;
import io.quanta.governance.Principal;
import io.quanta.platform.Mesh;
import io.quanta.platform.lifecycle.Deployment;
import io.quanta.platform.lifecycle.Plan;
import io.quanta.platform.lifecycle.Validation;
import io.quanta.platform.registry.RunRecord;
import io.quanta.spec.ProductId;
import io.quanta.spec.ProductRef;
import io.quanta.spec.ProductSpec;
import io.quanta.spec.SpecSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Products: deploy (or validate) specs, list, describe, observe (SLOs, checks, profiles), trigger
 * and list runs.
 */
final class ProductRoutes {
  private final Mesh mesh;
  private final ObjectMapper mapper;

  ProductRoutes(Mesh mesh, ObjectMapper mapper) {
    this.mesh = mesh;
    this.mapper = mapper;
  }

  void register(JavalinDefaultRoutingApi routes) {
    routes.get(
        "/api/v1/products",
        context ->
            context.json(
                mesh.discovery()
                    .list(
                        io.quanta.platform.registry.LifecycleState.filter(
                            "state", context.queryParam("state")))));
    routes.post("/api/v1/products", this::deploy);
    routes.get(
        "/api/v1/products/{domain}/{name}",
        context ->
            context.json(
                mesh.discovery().describe(ref(context, false), ApiPrincipal.reader(context))));
    routes.get(
        "/api/v1/products/{domain}/{name}/{major}",
        context ->
            context.json(
                mesh.discovery().describe(ref(context, true), ApiPrincipal.reader(context))));
    routes.get(
        "/api/v1/products/{domain}/{name}/{major}/observability",
        context ->
            context.json(mesh.trust().observe(ref(context, true), ApiPrincipal.reader(context))));
    routes.get(
        "/api/v1/products/{domain}/{name}/{major}/ports/{port}/quarantine",
        context -> {
          io.quanta.spec.ProductId product = mesh.specs().resolve(ref(context, true)).id();
          String limitText =
              java.util.Objects.requireNonNullElse(context.queryParam("limit"), "100");
          if (!limitText.matches("[0-9]{1,6}")) {
            throw QuantaException.invalidRequest(
                "limit must be a number of rows, got '" + limitText + "'");
          }
          int limit = Integer.parseInt(limitText);
          context.json(
              mesh.quarantine()
                  .read(
                      product.port(context.pathParam("port")),
                      ApiPrincipal.reader(context),
                      java.util.Optional.ofNullable(context.queryParam("run")),
                      Math.min(limit, 10_000)));
        });
    routes.post("/api/v1/products/{domain}/{name}/{major}/runs", this::run);
    routes.get("/api/v1/products/{domain}/{name}/{major}/runs", this::runs);
    routes.get("/api/v1/runs/{id}", this::runById);
  }

  /**
   * Deploys specs, or only plans them with {@code ?dryRun=true}. The body is one spec as YAML, or
   * JSON {@code {"specs": [{"file": "a.yaml", "content": "...", "baseDir": "/abs"}]}}. Relative
   * file inputs resolve against {@code baseDir}, by default the server's working folder. Both
   * answers carry the plan ({@code quanta plan}'s); a refused one is a problem response with the
   * plan as its {@code plan} member.
   */
  private void deploy(Context context) {
    List<SpecSource> sources = sources(context);
    boolean dryRun = Boolean.parseBoolean(context.queryParam("dryRun"));
    Plan plan = mesh.lifecycle().planSources(sources);
    Validation validation = plan.validation();
    try {
      validation.orThrow();
    } catch (QuantaException refused) {
      Problems.write(context, refused, Map.of("plan", PlanJson.of(plan)));
      return;
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("warnings", validation.warnings().stream().map(Object::toString).toList());
    if (dryRun) {
      body.put("valid", true);
      body.put("products", validation.specs().stream().map(spec -> spec.id().toString()).toList());
      body.put("plan", PlanJson.of(plan));
      context.json(body);
      return;
    }
    Principal principal = ApiPrincipal.of(context);
    for (ProductSpec spec : validation.specs()) {
      // Deploying takes over the product: only its owner (as deployed, and as the new spec says)
      // or the governance role may.
      requireOwner(principal, spec.id(), spec.metadata().owner());
      mesh.specs()
          .find(spec.id())
          .ifPresent(deployed -> requireOwner(principal, spec.id(), deployed.metadata().owner()));
    }
    List<Deployment> deployments = mesh.lifecycle().deploy(validation);
    List<Map<String, Object>> deployed = new ArrayList<>();
    boolean created = false;
    for (Deployment deployment : deployments) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("product", deployment.product().toString());
      entry.put("version", deployment.version().toString());
      entry.put("change", deployment.change().name().toLowerCase(java.util.Locale.ROOT));
      entry.put(
          "href",
          "/api/v1/products/"
              + deployment.product().domain()
              + "/"
              + deployment.product().name()
              + "/"
              + deployment.product().major());
      deployed.add(entry);
      created |= deployment.change() == Deployment.Change.CREATED;
    }
    body.put("deployments", deployed);
    body.put("plan", PlanJson.of(plan));
    context.status(created ? 201 : 200).json(body);
  }

  private List<SpecSource> sources(Context context) {
    Path workingFolder = Path.of("").toAbsolutePath();
    String contentType = String.valueOf(context.contentType());
    if (contentType.contains("json")) {
      JsonNode body = ApiServer.jsonBody(context, mapper);
      JsonNode specs = body.path("specs");
      if (!specs.isArray() || specs.isEmpty()) {
        throw QuantaException.invalidRequest(
            "Expected {\"specs\": [{\"file\": \"name.yaml\", \"content\": \"<yaml>\"}]}");
      }
      List<SpecSource> sources = new ArrayList<>();
      for (int i = 0; i < specs.size(); i++) {
        JsonNode spec = specs.get(i);
        if (!spec.path("content").isTextual()) {
          throw QuantaException.invalidRequest(
              "specs[" + i + "].content must be the spec's YAML text");
        }
        String file = spec.path("file").asText("spec-" + (i + 1) + ".yaml");
        Path baseDir =
            spec.hasNonNull("baseDir") ? Path.of(spec.get("baseDir").asText()) : workingFolder;
        if (!baseDir.isAbsolute()) {
          throw QuantaException.invalidRequest("specs[" + i + "].baseDir must be an absolute path");
        }
        sources.add(new SpecSource(file, baseDir, spec.get("content").asText()));
      }
      return sources;
    }
    String text = context.body();
    if (text.isBlank()) {
      throw QuantaException.invalidRequest(
          "The body is empty: send a spec as YAML, or JSON {\"specs\": [...]}");
    }
    return List.of(new SpecSource("request.yaml", workingFolder, text));
  }

  private void run(Context context) {
    ProductId id = mesh.specs().resolve(ref(context, true)).id();
    requireOwner(ApiPrincipal.of(context), id, mesh.specs().get(id).metadata().owner());
    RunRecord run = mesh.runs().run(id, "api");
    context.status(201).json(runView(run, mesh));
  }

  private void runs(Context context) {
    ProductId id = mesh.specs().resolve(ref(context, true)).id();
    int limit = intParam(context, "limit", 20, 1, 1000);
    context.json(
        mesh.registry().runs().list(id, limit).stream().map(run -> runView(run, mesh)).toList());
  }

  private void runById(Context context) {
    String id = context.pathParam("id");
    RunRecord run =
        mesh.registry()
            .runs()
            .find(id)
            .orElseThrow(() -> QuantaException.notFound("Run does not exist: " + id));
    context.json(runView(run, mesh));
  }

  /** Refuses a principal who neither owns the product nor has the governance role. */
  private static void requireOwner(Principal principal, ProductId product, String owner) {
    if (!principal.controls(owner)) {
      throw new QuantaException(
          ErrorCode.FORBIDDEN,
          "Only the owner of "
              + product
              + " ("
              + owner
              + ") or the '"
              + Principal.GOVERNANCE_ROLE
              + "' role may deploy or run it; "
              + principal
              + " is neither");
    }
  }

  static Map<String, Object> runView(RunRecord run, Mesh mesh) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("id", run.id());
    view.put("product", run.product().toString());
    view.put("version", run.version());
    view.put("trigger", run.trigger());
    view.put("state", run.state().text());
    view.put("startedAt", run.startedAt());
    view.put("inputsAsOf", run.inputsAsOf());
    view.put("processedAt", run.processedAt().orElse(null));
    view.put("finishedAt", run.finishedAt().orElse(null));
    view.put("rowsWritten", run.rowsWritten());
    view.put("error", run.error().orElse(null));
    List<Map<String, Object>> ports = new ArrayList<>();
    for (RunRecord.RunPortResult port : run.ports()) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("port", port.port());
      entry.put("rowsComputed", port.rowsComputed());
      entry.put("rowsAdded", port.rowsAdded());
      entry.put("rowsCorrected", port.rowsCorrected());
      entry.put("snapshotId", port.snapshotId().orElse(null));
      ports.add(entry);
    }
    view.put("ports", ports);
    List<Map<String, Object>> inputs = new ArrayList<>();
    for (RunRecord.RunInputRecord input : run.inputs()) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("input", input.input());
      entry.put("source", input.source());
      entry.put("snapshotId", input.snapshotId().orElse(null));
      inputs.add(entry);
    }
    view.put("inputs", inputs);
    List<Map<String, Object>> warnings = new ArrayList<>();
    for (io.quanta.platform.registry.RunWarning warning :
        mesh.registry().lifecycle().runWarnings(run.id())) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("kind", warning.kind());
      entry.put("input", warning.input().orElse(null));
      entry.put("message", warning.message());
      warnings.add(entry);
    }
    view.put("warnings", warnings);
    return view;
  }

  private static ProductRef ref(Context context, boolean withMajor) {
    String text = context.pathParam("domain") + "/" + context.pathParam("name");
    if (withMajor) {
      String major = context.pathParam("major");
      if (!major.matches("[0-9]{1,9}")) {
        throw QuantaException.invalidRequest(
            "The major version must be a number, got '" + major + "'");
      }
      text += ":" + major;
    }
    return ProductRef.parse(text);
  }

  static int intParam(Context context, String name, int fallback, int min, int max) {
    String value = context.queryParam(name);
    if (value == null) {
      return fallback;
    }
    try {
      int parsed = Integer.parseInt(value);
      if (parsed < min || parsed > max) {
        throw QuantaException.invalidRequest(
            name + " must be between " + min + " and " + max + ", got " + parsed);
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw QuantaException.invalidRequest(name + " must be a number, got '" + value + "'");
    }
  }
}
