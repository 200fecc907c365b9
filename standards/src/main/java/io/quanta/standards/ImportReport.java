package io.quanta.standards;

import com.fasterxml.jackson.databind.JsonNode;
import io.quanta.error.Problem;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What an import could not carry over (warnings, each at its field in the source document) and what
 * stops the result from being a valid spec (errors).
 */
final class ImportReport {
  /** Why common fields of the standards have no place in a spec. */
  private static final Map<String, String> REASONS =
      Map.ofEntries(
          Map.entry(
              "servers", "where the data is served is decided by the mesh the spec is deployed to"),
          Map.entry(
              "roles",
              "access is decided by the product's policies (policies.access) and the mesh's"),
          Map.entry("price", "Quanta has no pricing"),
          Map.entry("support", "Quanta has no support channels; write them in metadata.docs"),
          Map.entry("managementPorts", "Quanta serves discovery, control and observability itself"),
          Map.entry("authoritativeDefinitions", "Quanta has no authoritative definitions"),
          Map.entry("tenant", "Quanta has no tenants"),
          Map.entry("productCreatedTs", "the registry records when a product is deployed"),
          Map.entry("contractCreatedTs", "the registry records when a product is deployed"),
          Map.entry("businessName", "Quanta columns have one name"),
          Map.entry("physicalName", "a port's column is named as in the port's SQL"),
          Map.entry("businessImpact", "Quanta has no field for it"),
          Map.entry("criticalDataElement", "Quanta has no field for it"),
          Map.entry("partitioned", "Quanta partitions tables itself"),
          Map.entry("partitionKeyPosition", "Quanta partitions tables itself"),
          Map.entry("encryptedName", "Quanta masks columns with policies"),
          Map.entry("transformSourceObjects", "the port's SQL says what each column comes from"),
          Map.entry("transformLogic", "the port's SQL says how each column is computed"),
          Map.entry("transformDescription", "the port's SQL says how each column is computed"),
          Map.entry("examples", "Quanta shows sample rows from the data itself"),
          Map.entry("dataGranularityDescription", "write the granularity in the description"),
          Map.entry("schedule", "each run checks every expectation"),
          Map.entry("scheduler", "each run checks every expectation"),
          Map.entry("method", "Quanta has no field for it"),
          Map.entry("tags", "Quanta has tags on the product only"),
          Map.entry("customProperties", "Quanta has no field for it"),
          Map.entry("id", "Quanta addresses everything by name"),
          Map.entry("sbom", "Quanta has no field for it"),
          Map.entry("inputContracts", "the product's inputs are its input ports"),
          Map.entry(
              "relationships",
              "a spec links one column to a column of another product's port, on the column"));

  private final List<Problem> warnings = new ArrayList<>();
  private final List<Problem> errors = new ArrayList<>();

  List<Problem> warnings() {
    return warnings;
  }

  List<Problem> errors() {
    return errors;
  }

  void warn(Problem problem) {
    warnings.add(problem);
  }

  void error(Problem problem) {
    errors.add(problem);
  }

  /** A field of the document that is not imported. */
  void notImported(SourceDocument document, String path, String why) {
    warnings.add(document.atKey(path, "not imported: " + why));
  }

  /**
   * Reports every field of the object that the import did not use, each with why when the reason is
   * known.
   */
  void rest(SourceDocument document, JsonNode object, String path, Set<String> used) {
    rest(document, object, path, used, Set.of());
  }

  /**
   * Reports every field of the object that the import did not use, and every custom property but
   * the Quanta ones understood at this place.
   */
  void rest(
      SourceDocument document,
      JsonNode object,
      String path,
      Set<String> used,
      Set<String> understood) {
    Iterator<String> names = object.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (used.contains(name)) {
        continue;
      }
      if (name.equals("customProperties")) {
        customProperties(document, object.get(name), Paths.child(path, name), understood);
        continue;
      }
      notImported(
          document,
          Paths.child(path, name),
          REASONS.getOrDefault(name, "the spec has no field for '" + name + "'"));
    }
  }

  /** Reports the custom properties that are not among the Quanta ones understood here. */
  private void customProperties(
      SourceDocument document, JsonNode properties, String path, Set<String> understood) {
    for (int i = 0; i < properties.size(); i++) {
      String property = properties.get(i).path("property").asText("");
      if (!understood.contains(property)) {
        notImported(
            document,
            Paths.element(path, i),
            Extensions.isQuanta(property)
                ? "Quanta's custom property '" + property + "' does not belong here"
                : "custom property '" + property + "' has no field in the spec");
      }
    }
  }
}
