package io.quanta.platform.lineage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quanta.platform.registry.TrustStore;
import java.util.Optional;

/**
 * A port's profile as OpenLineage's {@code DataQualityMetricsDatasetFacet}: the rows profiled and,
 * per column, nulls, approximate distinct values and values. Never a column's min or max: an
 * OpenLineage backend is outside every read policy, and a mask may cover any column.
 */
final class ProfileFacet {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ProfileFacet() {}

  /**
   * @param output the port
   */
  static Optional<ObjectNode> of(TrustStore.ProfileRecord profile, io.quanta.spec.Output output) {
    JsonNode columns;
    try {
      columns = JSON.readTree(profile.columns());
    } catch (JsonProcessingException e) {
      return Optional.empty();
    }
    ObjectNode facet =
        RunLineage.facet(
            "1-0-0/DataQualityMetricsDatasetFacet.json#/$defs/DataQualityMetricsDatasetFacet");
    facet.put("rowCount", profile.rows());
    ObjectNode metrics = facet.putObject("columnMetrics");
    for (JsonNode column : columns) {
      ObjectNode metric = metrics.putObject(column.path("column").asText());
      metric.put("nullCount", column.path("nulls").asLong());
      metric.put("distinctCount", column.path("approximateDistinct").asLong());
      metric.put("count", column.path("rows").asLong() - column.path("nulls").asLong());
    }
    return Optional.of(facet);
  }
}
