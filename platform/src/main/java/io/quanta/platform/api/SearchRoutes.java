package io.quanta.platform.api;

import static java.util.Objects.requireNonNull;

import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import io.quanta.catalog.search.SearchQuery;
import io.quanta.error.QuantaException;
import io.quanta.platform.Mesh;
import io.quanta.platform.discovery.SearchResponse;
import java.util.List;

/**
 * Search and browse: {@code GET /api/v1/search?q=TEXT&facet=FACET:VALUE...&limit=N}. It shows what
 * products publish about themselves (names, descriptions, ports, columns, tags, owners), never
 * data, to any authenticated principal. Without {@code q} it browses every product by name.
 */
final class SearchRoutes {
  private final Mesh mesh;

  SearchRoutes(Mesh mesh) {
    this.mesh = requireNonNull(mesh, "mesh is null");
  }

  void register(JavalinDefaultRoutingApi routes) {
    routes.get("/api/v1/search", this::search);
  }

  private void search(Context context) {
    String text = context.queryParam("q");
    List<String> facets = context.queryParams("facet");
    SearchQuery query =
        SearchQuery.of(text == null ? "" : text, facets, limit(context.queryParam("limit")));
    context.json(SearchResponse.of(query, mesh.search().search(query)));
  }

  private static int limit(String value) {
    if (value == null || value.isBlank()) {
      return SearchQuery.DEFAULT_LIMIT;
    }
    try {
      return Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      throw QuantaException.invalidRequest("limit must be a number, got '" + value + "'");
    }
  }
}
