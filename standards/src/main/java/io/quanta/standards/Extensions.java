package io.quanta.standards;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * The custom properties through which ODPS and ODCS documents carry what Quanta models and the
 * standards have no field for (docs/standards.md). Each name starts with {@code quanta}; the value
 * is written in the spec's own form.
 */
final class Extensions {
  /** ODPS product: the product's kind (source-aligned, aggregate, consumer-aligned). */
  static final String KIND = "quantaKind";

  /** ODPS product: the objectives the product declares for all its ports (the spec's slo). */
  static final String SLO = "quantaSlo";

  /** ODPS product: when the product runs by itself (the spec's schedule). */
  static final String SCHEDULE = "quantaSchedule";

  /** ODPS product: the product's local policies as written. */
  static final String POLICIES = "quantaPolicies";

  /** ODPS product: the inputs that read files, databases or topics, which have no contract. */
  static final String SOURCES = "quantaSources";

  /** ODPS input port: {@code incremental} when the product reads only what the port appended. */
  static final String MODE = "quantaMode";

  /** ODCS contract: the SELECT that computes the port's rows. */
  static final String SQL = "quantaSql";

  /** ODCS contract: the column saying when each fact happened. */
  static final String EVENT_TIME = "quantaEventTime";

  /** ODCS contract: the modes the port is served in, when not every mode. */
  static final String ACCESS = "quantaAccess";

  /** ODCS contract: what the completeness objective counts against (input, queries). */
  static final String COMPLETENESS = "quantaCompleteness";

  /** ODCS property: the global identifier or semantic type the column holds. */
  static final String SEMANTIC = "quantaSemantic";

  /** ODCS quality: the engine of {@code type: custom} checks only Quanta runs. */
  static final String ENGINE = "quanta";

  private Extensions() {}

  /** Appends {@code {property, value}} to the custom properties list. */
  static void add(ArrayNode customProperties, String property, JsonNode value) {
    ObjectNode entry = customProperties.addObject();
    entry.put("property", property);
    entry.set("value", value);
  }

  /** Appends a text property. */
  static void add(ArrayNode customProperties, String property, String value) {
    add(customProperties, property, Json.NODES.textNode(value));
  }

  /** The value of a custom property of the list, if it has one of that name. */
  static Optional<JsonNode> find(JsonNode customProperties, String property) {
    if (customProperties == null || !customProperties.isArray()) {
      return Optional.empty();
    }
    for (JsonNode entry : customProperties) {
      if (property.equals(entry.path("property").asText(null)) && entry.has("value")) {
        return Optional.of(entry.get("value"));
      }
    }
    return Optional.empty();
  }

  /** Whether the name is one of Quanta's extension properties. */
  static boolean isQuanta(String property) {
    return property != null && property.startsWith("quanta");
  }
}
