package io.quanta.standards;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quanta.spec.PortId;
import io.quanta.spec.ProductKind;
import io.quanta.spec.SemVer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads an ODPS document into the parts of a spec it holds (the mapping of ADR 0014). */
final class ProductReader {
  private static final Set<String> TOP_LEVEL =
      Set.of(
          "apiVersion",
          "kind",
          "id",
          "name",
          "version",
          "status",
          "domain",
          "description",
          "tags",
          "inputPorts",
          "outputPorts",
          "team");

  private static final Set<String> PRODUCT_EXTENSIONS =
      Set.of(
          Extensions.KIND,
          Extensions.SLO,
          Extensions.SCHEDULE,
          Extensions.POLICIES,
          Extensions.SOURCES);

  /**
   * An output port of the product, whose schema and SQL its contract holds.
   *
   * @param name the port's name as the product document gives it
   * @param description what the port holds, when given
   * @param contractId the id of the port's ODCS contract
   * @param path where the port is in the document
   */
  record PortReference(String name, Optional<String> description, String contractId, String path) {
    PortReference {
      requireNonNull(name, "name is null");
      requireNonNull(description, "description is null");
      requireNonNull(contractId, "contractId is null");
      requireNonNull(path, "path is null");
    }
  }

  /**
   * What an ODPS document gives a spec.
   *
   * @param document the document
   * @param metadata the product's identity, owner and text
   * @param kind the product's kind
   * @param inputs the spec's inputs: the input ports reading Quanta products, then the sources
   * @param slo the objectives the product declares for all its ports
   * @param schedule when the product runs by itself
   * @param policies the product's local policies
   * @param outputPorts the output ports, each naming its contract
   */
  record Product(
      SourceDocument document,
      MetadataReader.Fields metadata,
      Optional<String> kind,
      ArrayNode inputs,
      Optional<ObjectNode> slo,
      Optional<ObjectNode> schedule,
      Optional<ObjectNode> policies,
      List<PortReference> outputPorts) {
    Product {
      requireNonNull(document, "document is null");
      requireNonNull(metadata, "metadata is null");
      requireNonNull(kind, "kind is null");
      inputs = inputs.deepCopy();
      requireNonNull(slo, "slo is null");
      requireNonNull(schedule, "schedule is null");
      requireNonNull(policies, "policies is null");
      outputPorts = List.copyOf(outputPorts);
    }
  }

  private final SourceDocument document;
  private final ImportReport report;
  private final MetadataReader metadata;

  ProductReader(SourceDocument document, ImportReport report) {
    this.document = document;
    this.report = report;
    this.metadata = new MetadataReader(document, report);
  }

  Product read() {
    JsonNode root = document.tree();
    JsonNode extensions = root.path("customProperties");
    Optional<String> domain = metadata.resourceName("domain", "domain name");
    Optional<String> name = metadata.resourceName("name", "product name");
    Optional<String> version = metadata.version(root, "version");
    checkId(root, domain, name, version);
    metadata.status(root);
    MetadataReader.Fields fields =
        new MetadataReader.Fields(
            domain,
            name,
            version,
            metadata.owner(root.get("team"), "team"),
            metadata.description(root.get("description")),
            metadata.docs(root.get("description")),
            metadata.tags(root.get("tags")));

    ArrayNode inputs = inputs(root.path("inputPorts"));
    Extensions.find(extensions, Extensions.SOURCES).ifPresent(sources -> sources(sources, inputs));
    report.rest(document, root, "", TOP_LEVEL, PRODUCT_EXTENSIONS);
    return new Product(
        document,
        fields,
        kind(extensions),
        inputs,
        object(extensions, Extensions.SLO),
        object(extensions, Extensions.SCHEDULE),
        object(extensions, Extensions.POLICIES),
        outputPorts(root.path("outputPorts")));
  }

  /** An id that is not the product's Quanta address has no place in a spec. */
  private void checkId(
      JsonNode root, Optional<String> domain, Optional<String> name, Optional<String> version) {
    Optional<String> id = Json.text(root, "id");
    if (id.isEmpty()) {
      return;
    }
    Optional<String> address =
        domain.flatMap(
            d -> name.flatMap(n -> version.map(v -> d + "/" + n + ":" + SemVer.parse(v).major())));
    if (!address.equals(id)) {
      report.notImported(
          document,
          "id",
          "a product is addressed by domain/name:major"
              + address.map(value -> " (" + value + ")").orElse(""));
    }
  }

  private Optional<String> kind(JsonNode extensions) {
    Optional<JsonNode> kind = Extensions.find(extensions, Extensions.KIND);
    if (kind.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(ProductKind.fromSpecName(kind.get().asText()).specName());
    } catch (IllegalArgumentException e) {
      report.warn(
          document.at(
              "customProperties",
              "not imported: "
                  + Extensions.KIND
                  + " '"
                  + kind.get().asText()
                  + "' is none of"
                  + " source-aligned, aggregate, consumer-aligned"));
      return Optional.empty();
    }
  }

  private Optional<ObjectNode> object(JsonNode extensions, String property) {
    Optional<JsonNode> value = Extensions.find(extensions, property);
    if (value.isPresent() && !value.get().isObject()) {
      report.warn(
          document.at("customProperties", "not imported: " + property + " is not an object"));
      return Optional.empty();
    }
    return value.map(node -> (ObjectNode) node.deepCopy());
  }

  /**
   * The input ports that read Quanta products (contract id {@code domain/name:major/port}); of
   * several versions of one port, the newest.
   */
  private ArrayNode inputs(JsonNode ports) {
    ArrayNode inputs = Json.array();
    Map<String, Integer> newest = newestByName(ports, "inputPorts", "input");
    for (int i : newest.values()) {
      JsonNode port = ports.get(i);
      String path = Paths.element("inputPorts", i);
      String contractId = port.path("contractId").asText("");
      report.rest(
          document, port, path, Set.of("name", "version", "contractId"), Set.of(Extensions.MODE));
      if (!PortId.isValid(contractId)) {
        report.notImported(
            document,
            path,
            "contract '"
                + contractId
                + "' is not the output port of a Quanta product (domain/name:major/port); add"
                + " the input by hand");
        continue;
      }
      String given = port.path("name").asText("");
      Optional<String> name = ImportNames.identifier(given);
      if (name.isEmpty()) {
        report.warn(
            document.at(
                Paths.child(path, "name"),
                "'"
                    + given
                    + "' cannot be made an"
                    + " input name (lowercase letters, digits and '_', starting with a letter)"));
        continue;
      }
      if (!name.get().equals(given)) {
        report.warn(
            document.at(Paths.child(path, "name"), "imported as input '" + name.get() + "'"));
      }
      ObjectNode input = inputs.addObject();
      input.put("name", name.get());
      input.put("product", contractId);
      Extensions.find(port.path("customProperties"), Extensions.MODE)
          .filter(mode -> mode.asText().equals("incremental"))
          .ifPresent(mode -> input.put("mode", "incremental"));
    }
    return inputs;
  }

  /** The inputs reading files, databases and topics, in the spec's own form. */
  private void sources(JsonNode sources, ArrayNode inputs) {
    if (!sources.isArray()) {
      report.warn(
          document.at(
              "customProperties", "not imported: " + Extensions.SOURCES + " is not a list"));
      return;
    }
    sources.forEach(source -> inputs.add(source.deepCopy()));
  }

  private List<PortReference> outputPorts(JsonNode ports) {
    List<PortReference> references = new ArrayList<>();
    Map<String, Integer> newest = newestByName(ports, "outputPorts", "output port");
    for (int i : newest.values()) {
      JsonNode port = ports.get(i);
      String path = Paths.element("outputPorts", i);
      report.rest(document, port, path, Set.of("name", "description", "version", "contractId"));
      Optional<String> contractId = Json.text(port, "contractId");
      if (contractId.isEmpty()) {
        report.notImported(
            document,
            path,
            "the port names no contract (contractId); its schema and SQL come from its ODCS"
                + " contract");
        continue;
      }
      references.add(
          new PortReference(
              port.path("name").asText(""),
              Json.text(port, "description"),
              contractId.get(),
              path));
    }
    return references;
  }

  /**
   * The index of each port name's newest version, in the order of first appearance; the other
   * versions are reported (a spec describes one version of a product).
   */
  private Map<String, Integer> newestByName(JsonNode ports, String field, String what) {
    Map<String, Integer> newest = new LinkedHashMap<>();
    for (int i = 0; i < ports.size(); i++) {
      String name = ports.get(i).path("name").asText("");
      Integer previous = newest.get(name);
      if (previous == null) {
        newest.put(name, i);
        continue;
      }
      boolean newer =
          compareVersions(
                  ports.get(i).path("version").asText(""),
                  ports.get(previous).path("version").asText(""))
              > 0;
      int dropped = newer ? previous : i;
      if (newer) {
        newest.put(name, i);
      }
      report.notImported(
          document,
          Paths.element(field, dropped),
          "another version of "
              + what
              + " '"
              + name
              + "' is imported; a spec describes one version of a product");
    }
    return newest;
  }

  private static int compareVersions(String left, String right) {
    Optional<SemVer> a = semver(left);
    Optional<SemVer> b = semver(right);
    if (a.isPresent() && b.isPresent()) {
      return a.get().compareTo(b.get());
    }
    return 0;
  }

  private static Optional<SemVer> semver(String text) {
    String version = text.startsWith("v") ? text.substring(1) : text;
    try {
      return Optional.of(SemVer.parse(version));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
