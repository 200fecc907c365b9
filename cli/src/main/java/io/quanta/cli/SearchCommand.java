package io.quanta.cli;

import io.quanta.catalog.search.FacetCount;
import io.quanta.catalog.search.SearchQuery;
import io.quanta.error.QuantaException;
import io.quanta.platform.Mesh;
import io.quanta.platform.api.ApiServer;
import io.quanta.platform.discovery.SearchResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "search",
    description = {
      "Search the deployed products: names, ports, columns, descriptions, tags, owners, domains.",
      "Names rank above ports, ports above columns, columns above descriptions; typos are"
          + " tolerated and the last word also matches as a prefix. Without QUERY, lists every"
          + " product by name. Facets count the matches by domain, kind, tag, owner,"
          + " classification, slo and state."
    })
final class SearchCommand extends MeshCommand implements Callable<Integer> {
  @Parameters(
      arity = "0..*",
      paramLabel = "QUERY",
      description = "Words to look for, e.g. podcast listeners (none: browse every product).")
  List<String> words = new ArrayList<>();

  @Option(
      names = "--facet",
      paramLabel = "FACET:VALUE",
      description =
          "Only products with that value, e.g. domain:podcasts or tag:marketing; repeat it (values"
              + " of one facet are alternatives, different facets must all hold).")
  List<String> facets = new ArrayList<>();

  @Option(
      names = "--limit",
      defaultValue = "20",
      paramLabel = "N",
      description = "How many products, 1 to 100 (default: ${DEFAULT-VALUE}).")
  int limit;

  @Option(
      names = "--format",
      defaultValue = "table",
      paramLabel = "FORMAT",
      description = "table or json (default: ${DEFAULT-VALUE}).")
  String format;

  @Option(
      names = "--rebuild",
      description = "Rebuild the search index from the registry's deployed products first.")
  boolean rebuild;

  @Override
  public Integer call() throws Exception {
    Console console = console();
    if (!format.equals("table") && !format.equals("json")) {
      throw QuantaException.invalidRequest("--format must be table or json, got '" + format + "'");
    }
    SearchQuery query = SearchQuery.of(String.join(" ", words), facets, limit);
    try (Mesh mesh = openMesh()) {
      if (rebuild) {
        mesh.search().rebuild();
        console.note("rebuilt the search index from the registry");
      }
      SearchResponse response = SearchResponse.of(query, mesh.search().search(query));
      if (format.equals("json")) {
        console.println(
            ApiServer.objectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(response));
        return 0;
      }
      print(console, response);
      return 0;
    }
  }

  private static void print(Console console, SearchResponse response) {
    if (response.hits().isEmpty()) {
      console.note(
          response.query().isBlank() && response.filters().isEmpty()
              ? "no product is deployed yet (quanta deploy FILE..., or quanta demo)"
              : "no product matches");
      return;
    }
    List<List<String>> rows = new ArrayList<>();
    for (SearchResponse.Hit hit : response.hits()) {
      rows.add(
          List.of(
              hit.product() + ":" + hit.major(), hit.version(), matched(hit), hit.description()));
    }
    console.table(List.of("PRODUCT", "VERSION", "MATCHED", "DESCRIPTION"), rows);
    console.println("");
    List<List<String>> facetRows = new ArrayList<>();
    for (Map.Entry<String, List<FacetCount>> facet : response.facets().entrySet()) {
      if (!facet.getValue().isEmpty()) {
        facetRows.add(
            List.of(
                facet.getKey(),
                facet.getValue().stream()
                    .map(count -> count.value() + " (" + count.count() + ")")
                    .collect(Collectors.joining(", "))));
      }
    }
    console.table(List.of("FACET", "VALUES (PRODUCTS)"), facetRows);
    console.note(
        "("
            + response.hits().size()
            + " of "
            + response.total()
            + (response.total() == 1 ? " product" : " products")
            + (response.filters().isEmpty() ? "" : " with " + String.join(", ", response.filters()))
            + ")");
  }

  /** Where a hit matched, e.g. {@code column podcasts.podcast_id}. */
  private static String matched(SearchResponse.Hit hit) {
    if (hit.matched() == null) {
      return "";
    }
    if (hit.column() != null) {
      return hit.matched() + " " + hit.port() + "." + hit.column();
    }
    if (hit.port() != null) {
      return hit.matched() + " " + hit.port();
    }
    return hit.matched();
  }
}
