package io.quanta.platform.lineage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The official OpenLineage schemas (copies in src/test/resources/openlineage/, see its README),
 * with their $ids mapped to the local files so that nothing is fetched.
 */
final class OpenLineageSchemas {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> FACETS =
      List.of(
          "ColumnLineageDatasetFacet",
          "DataQualityAssertionsDatasetFacet",
          "DataQualityMetricsDatasetFacet",
          "DatasetTypeDatasetFacet",
          "DatasetVersionDatasetFacet",
          "DocumentationDatasetFacet",
          "ErrorMessageRunFacet",
          "JobTypeJobFacet",
          "LifecycleStateChangeDatasetFacet",
          "OwnershipDatasetFacet",
          "SQLJobFacet",
          "SchemaDatasetFacet");

  private final Schema event;

  /** The schema of each facet by the key it has in a facets object ("schema", "ownership"...). */
  private final Map<String, Schema> facets = new HashMap<>();

  OpenLineageSchemas() {
    Map<String, String> documents = new HashMap<>();
    String core = read("OpenLineage.json");
    documents.put(id(core), core);
    Map<String, String> facetIds = new HashMap<>();
    for (String name : FACETS) {
      String document = read("facets/" + name + ".json");
      documents.put(id(document), document);
      tree(document)
          .path("properties")
          .fieldNames()
          .forEachRemaining(key -> facetIds.put(key, id(document)));
    }
    SchemaRegistry registry =
        SchemaRegistry.withDefaultDialect(
            SpecificationVersion.DRAFT_2020_12, builder -> builder.schemas(documents));
    event = registry.getSchema(SchemaLocation.of(id(core)));
    facetIds.forEach((key, id) -> facets.put(key, registry.getSchema(SchemaLocation.of(id))));
  }

  /**
   * The problems of an event: against the core schema, then each facet it has an official schema
   * for against that schema; empty when it is valid.
   */
  List<String> problems(JsonNode runEvent) {
    List<String> problems = new ArrayList<>();
    event.validate(runEvent).stream().map(Error::toString).forEach(problems::add);
    checkFacets(runEvent.path("run").path("facets"), "run", problems);
    checkFacets(runEvent.path("job").path("facets"), "job", problems);
    for (String side : List.of("inputs", "outputs")) {
      int index = 0;
      for (JsonNode dataset : runEvent.path(side)) {
        String where = side + "[" + index++ + "]";
        checkFacets(dataset.path("facets"), where, problems);
        checkFacets(dataset.path("inputFacets"), where, problems);
        checkFacets(dataset.path("outputFacets"), where, problems);
      }
    }
    return problems;
  }

  /** The facet keys of an event that an official facet schema covers, checked. */
  boolean covers(String facetKey) {
    return facets.containsKey(facetKey);
  }

  private void checkFacets(JsonNode facetsNode, String where, List<String> problems) {
    Iterator<Map.Entry<String, JsonNode>> fields = facetsNode.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> facet = fields.next();
      Schema schema = facets.get(facet.getKey());
      if (schema == null) {
        continue;
      }
      ObjectNode wrapped = JSON.createObjectNode();
      wrapped.set(facet.getKey(), facet.getValue());
      schema.validate(wrapped).stream()
          .map(error -> where + " " + facet.getKey() + ": " + error)
          .forEach(problems::add);
    }
  }

  private static String id(String document) {
    return tree(document).path("$id").asText();
  }

  private static JsonNode tree(String document) {
    try {
      return JSON.readTree(document);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String read(String name) {
    try (InputStream in = OpenLineageSchemas.class.getResourceAsStream("/openlineage/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource openlineage/" + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
