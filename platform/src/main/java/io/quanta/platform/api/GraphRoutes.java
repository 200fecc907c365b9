package io.quanta.platform.api;

import static java.util.Objects.requireNonNull;

import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import io.quanta.catalog.graph.Direction;
import io.quanta.catalog.graph.IdentifierUsage;
import io.quanta.catalog.graph.JoinPath;
import io.quanta.catalog.graph.KnowledgeGraph;
import io.quanta.error.QuantaException;
import io.quanta.platform.Mesh;
import io.quanta.platform.graph.GraphJson;
import io.quanta.spec.ProductId;
import io.quanta.spec.ProductRef;
import java.util.List;
import java.util.OptionalInt;

/**
 * The mesh's graphs, metadata only (no product's data): lineage around a product, the identifier
 * types and the columns holding them, join paths between two products, broken links. Every answer
 * has {@code nodes} and {@code edges} a user interface can draw (see docs/graphs.md).
 */
final class GraphRoutes {
  private final Mesh mesh;

  GraphRoutes(Mesh mesh) {
    this.mesh = requireNonNull(mesh, "mesh is null");
  }

  void register(JavalinDefaultRoutingApi routes) {
    routes.get("/api/v1/lineage/{domain}/{name}", context -> lineage(context, false));
    routes.get("/api/v1/lineage/{domain}/{name}/{major}", context -> lineage(context, true));
    routes.get("/api/v1/graph/identifiers", this::identifiers);
    routes.get("/api/v1/graph/identifiers/{type}", this::identifier);
    routes.get("/api/v1/graph/paths", this::paths);
    routes.get("/api/v1/graph/broken-links", this::brokenLinks);
  }

  /** {@code ?direction=upstream|downstream|both&depth=N&columns=true}; both ways by default. */
  private void lineage(Context context, boolean withMajor) {
    String text = context.pathParam("domain") + "/" + context.pathParam("name");
    if (withMajor) {
      String major = context.pathParam("major");
      if (!major.matches("[0-9]{1,9}")) {
        throw QuantaException.invalidRequest(
            "The major version must be a number, got '" + major + "'");
      }
      text += ":" + major;
    }
    String direction = context.queryParam("direction");
    OptionalInt depth =
        context.queryParam("depth") == null
            ? OptionalInt.empty()
            : OptionalInt.of(ProductRoutes.intParam(context, "depth", 0, 0, 1_000));
    String columns = context.queryParam("columns");
    if (columns != null && !columns.equals("true") && !columns.equals("false")) {
      throw QuantaException.invalidRequest("columns must be true or false, got '" + columns + "'");
    }
    context.json(
        GraphJson.lineage(
            mesh.graph()
                .lineage(
                    ProductRef.parse(text),
                    direction == null ? Direction.BOTH : Direction.parse(direction),
                    depth,
                    "true".equals(columns))));
  }

  private void identifiers(Context context) {
    KnowledgeGraph knowledge = mesh.graph().knowledge();
    context.json(GraphJson.identifiers(knowledge, knowledge.identifiers()));
  }

  private void identifier(Context context) {
    KnowledgeGraph knowledge = mesh.graph().knowledge();
    IdentifierUsage usage = knowledge.identifier(context.pathParam("type"));
    context.json(GraphJson.identifier(knowledge, usage));
  }

  /** {@code ?from=domain/name[:major]&to=domain/name[:major]}. */
  private void paths(Context context) {
    ProductId from = product(context, "from");
    ProductId to = product(context, "to");
    KnowledgeGraph knowledge = mesh.graph().knowledge();
    List<JoinPath> paths = knowledge.paths(from, to);
    context.json(GraphJson.paths(knowledge, from, to, paths));
  }

  private void brokenLinks(Context context) {
    KnowledgeGraph knowledge = mesh.graph().knowledge();
    context.json(
        GraphJson.brokenLinks(knowledge, knowledge.brokenLinks(), knowledge.unregistered()));
  }

  private ProductId product(Context context, String parameter) {
    String value = context.queryParam(parameter);
    if (value == null || value.isBlank()) {
      throw QuantaException.invalidRequest(
          "Give the query parameter " + parameter + "=domain/name or domain/name:major");
    }
    return mesh.specs().resolve(ProductRef.parse(value)).id();
  }
}
