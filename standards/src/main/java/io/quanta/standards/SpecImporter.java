package io.quanta.standards;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quanta.error.Problem;
import io.quanta.spec.SourceMap;
import io.quanta.spec.SpecParser;
import io.quanta.spec.SpecSource;
import io.quanta.spec.YamlTree;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Makes ODPS v1.0.0 and ODCS v3.x documents into a Quanta spec (docs/standards.md, ADR 0014): the
 * product's ODPS document (at most one) says who it is, what it reads and which contracts are its
 * output ports; each ODCS contract gives the schema, quality and objectives of its ports. Without
 * an ODPS document, every schema object of every contract is an output port.
 *
 * <p>What the documents say and a spec cannot hold is reported field by field as a warning. What a
 * spec needs and the documents do not say (an owner, each port's SQL...) is an error, and left out
 * of the written spec: an import never invents a value.
 *
 * <p>Thread safe.
 */
public final class SpecImporter {
  private static final List<String> OUTPUT_ORDER =
      List.of(
          "name", "description", "sql", "eventTime", "key", "schema", "access", "slo", "quality");

  private final SpecParser parser;

  private SpecImporter(SpecParser parser) {
    this.parser = parser;
  }

  /** An importer that checks its results with the {@code quanta/v1} parser. */
  public static SpecImporter create() {
    return new SpecImporter(SpecParser.create());
  }

  /**
   * Imports documents from YAML or JSON files (several documents in a file are separated by {@code
   * ---} lines).
   *
   * @param files the files, in the order their contracts' ports are taken when no ODPS document
   *     orders them
   * @param folder where the spec is to be saved; relative file inputs resolve against it
   */
  public SpecImport importFiles(List<Path> files, Path folder) {
    requireNonNull(files, "files is null");
    requireNonNull(folder, "folder is null");
    ImportReport report = new ImportReport();
    List<SourceDocument> products = new ArrayList<>();
    List<SourceDocument> contracts = new ArrayList<>();
    for (Path file : files) {
      DocumentReader.Result read = DocumentReader.read(file);
      read.problems().forEach(report::error);
      read.documents().forEach(document -> classify(document, products, contracts, report));
    }
    for (SourceDocument extra : products.subList(Math.min(1, products.size()), products.size())) {
      report.error(
          extra.at(
              "", "a spec describes one product; import each product's ODPS document on its own"));
    }
    if (products.isEmpty() && contracts.isEmpty()) {
      // Nothing to make a spec of: no skeleton is written.
      return new SpecImport(
          folder.resolve("imported.yaml"),
          "",
          Optional.empty(),
          report.warnings(),
          report.errors());
    }
    Optional<ProductReader.Product> product =
        products.stream().findFirst().map(document -> new ProductReader(document, report).read());
    List<ContractReader.Contract> read = new ArrayList<>();
    contracts.forEach(document -> read.add(new ContractReader(document, report).read()));
    return new Assembly(report, product, read).assemble(files, folder);
  }

  private static void classify(
      SourceDocument document,
      List<SourceDocument> products,
      List<SourceDocument> contracts,
      ImportReport report) {
    String apiVersion = document.apiVersion();
    if (apiVersion.equals("quanta/v1")) {
      report.error(document.at("apiVersion", "already a Quanta spec: validate and deploy it"));
    } else if (document.kind().equals(Standard.ODPS.kind())) {
      if (!apiVersion.equals("v1.0.0") && !apiVersion.equals("v0.9.0")) {
        report.warn(document.at("apiVersion", "read as ODPS v1.0.0"));
      }
      products.add(document);
    } else if (document.kind().equals(Standard.ODCS.kind())) {
      if (!apiVersion.startsWith("v3.")) {
        report.warn(document.at("apiVersion", "read as ODCS v3.1.0"));
      }
      contracts.add(document);
    } else {
      report.error(
          document.at(
              "kind",
              "not an ODPS document (kind: DataProduct) nor an ODCS contract (kind:"
                  + " DataContract)"));
    }
  }

  /** One import: the documents read, put together into a spec. */
  private final class Assembly {
    private final ImportReport report;
    private final Optional<ProductReader.Product> product;
    private final List<ContractReader.Contract> contracts;
    private final List<String> missingPaths = new ArrayList<>();
    private final List<String> missingMessages = new ArrayList<>();

    Assembly(
        ImportReport report,
        Optional<ProductReader.Product> product,
        List<ContractReader.Contract> contracts) {
      this.report = report;
      this.product = product;
      this.contracts = contracts;
    }

    SpecImport assemble(List<Path> files, Path folder) {
      MetadataReader.Fields metadata =
          product
              .map(ProductReader.Product::metadata)
              .or(() -> contracts.stream().findFirst().map(ContractReader.Contract::metadata))
              .orElse(
                  new MetadataReader.Fields(
                      Optional.empty(),
                      Optional.empty(),
                      Optional.empty(),
                      Optional.empty(),
                      Optional.empty(),
                      Optional.empty(),
                      List.of()));
      ObjectNode spec = Json.object();
      spec.put("apiVersion", "quanta/v1");
      spec.put("kind", "DataProduct");
      spec.set("metadata", metadata(metadata));

      ArrayNode inputs = product.map(ProductReader.Product::inputs).orElse(Json.array());
      Set<String> inputNames = new HashSet<>();
      inputs.forEach(input -> inputNames.add(input.path("name").asText()));
      if (!inputs.isEmpty()) {
        spec.set("inputs", inputs);
      }
      ArrayNode outputs = outputs(inputNames);
      if (outputs.isEmpty()) {
        missing(
            "outputs",
            "the documents describe no output port: give the product's ODCS contracts, one per"
                + " output port");
      } else {
        spec.set("outputs", outputs);
      }
      product.flatMap(ProductReader.Product::slo).ifPresent(slo -> spec.set("slo", slo));
      Optional<ObjectNode> schedule =
          product.flatMap(ProductReader.Product::schedule).or(this::scheduleFromFrequency);
      schedule.ifPresent(value -> spec.set("schedule", value));
      product
          .flatMap(ProductReader.Product::policies)
          .ifPresent(value -> spec.set("policies", value));
      if (product.isEmpty() && !outputs.isEmpty()) {
        report.warn(
            new Problem(
                contracts.get(0).document().file(),
                0,
                0,
                "",
                "contracts do not say what a product reads: import the product's ODPS document"
                    + " with them, or add the inputs its SQL reads"));
      }

      String name = metadata.name().orElseGet(() -> fallbackName(files));
      Path target = folder.resolve(name + ".yaml");
      String yaml = YamlText.write(spec);
      return result(target, folder, yaml);
    }

    private SpecImport result(Path target, Path folder, String yaml) {
      String file = target.toString();
      SourceMap written = YamlTree.read(file, yaml).locations();
      List<Problem> errors = new ArrayList<>(report.errors());
      for (int i = 0; i < missingPaths.size(); i++) {
        errors.add(written.problem(missingPaths.get(i), missingMessages.get(i)));
      }
      SpecParser.Result parsed = parser.parse(new SpecSource(file, folder, yaml));
      for (Problem problem : parsed.errors()) {
        if (!repeatsMissing(problem)) {
          errors.add(problem);
        }
      }
      List<Problem> warnings = new ArrayList<>(report.warnings());
      warnings.addAll(parsed.warnings());
      return new SpecImport(
          target, yaml, errors.isEmpty() ? parsed.spec() : Optional.empty(), warnings, errors);
    }

    /** Whether the parser's problem is a required field already reported as missing. */
    private boolean repeatsMissing(Problem problem) {
      String prefix = "missing required field '";
      if (!problem.message().startsWith(prefix)) {
        return false;
      }
      String field = problem.message().substring(prefix.length(), problem.message().length() - 1);
      return missingPaths.contains(Paths.child(problem.path(), field));
    }

    private void missing(String path, String message) {
      missingPaths.add(path);
      missingMessages.add(message);
    }

    private ObjectNode metadata(MetadataReader.Fields fields) {
      ObjectNode metadata = Json.object();
      fields
          .domain()
          .ifPresentOrElse(
              domain -> metadata.put("domain", domain),
              () -> missing("metadata.domain", "the documents give no domain (domain)"));
      fields
          .name()
          .ifPresentOrElse(
              name -> metadata.put("name", name),
              () ->
                  missing(
                      "metadata.name",
                      "the documents give no product name (ODPS name, ODCS dataProduct or"
                          + " name)"));
      fields
          .version()
          .ifPresentOrElse(
              version -> metadata.put("version", version),
              () ->
                  missing(
                      "metadata.version",
                      "the documents give no semantic version (version, e.g. 1.0.0)"));
      fields
          .owner()
          .ifPresentOrElse(
              owner -> metadata.put("owner", owner),
              () ->
                  missing(
                      "metadata.owner",
                      "the documents give no owner (a team member with the role owner, or the"
                          + " team's name)"));
      fields
          .description()
          .ifPresentOrElse(
              description -> metadata.put("description", description),
              () ->
                  missing(
                      "metadata.description",
                      "the documents give no description (description.purpose)"));
      product.flatMap(ProductReader.Product::kind).ifPresent(kind -> metadata.put("kind", kind));
      if (!fields.tags().isEmpty()) {
        metadata.set("tags", Json.strings(fields.tags()));
      }
      fields.docs().ifPresent(docs -> metadata.put("docs", docs));
      return metadata;
    }

    /** The output ports: the product's, in its order, else every contract's. */
    private ArrayNode outputs(Set<String> inputNames) {
      ArrayNode outputs = Json.array();
      if (product.isEmpty()) {
        for (ContractReader.Contract contract : contracts) {
          for (ContractReader.Port port : contract.ports()) {
            outputs.add(
                output(contract, port, port.name(), Optional.empty(), inputNames, outputs.size()));
          }
        }
        return outputs;
      }
      ProductReader.Product described = product.get();
      Set<String> referenced = new HashSet<>();
      MetadataReader names = new MetadataReader(described.document(), report);
      for (ProductReader.PortReference reference : described.outputPorts()) {
        referenced.add(reference.contractId());
        Optional<ContractReader.Contract> contract =
            contracts.stream()
                .filter(candidate -> candidate.id().equals(reference.contractId()))
                .findFirst();
        if (contract.isEmpty()) {
          report.error(
              described
                  .document()
                  .at(
                      Paths.child(reference.path(), "contractId"),
                      "the contract '"
                          + reference.contractId()
                          + "' of output port '"
                          + reference.name()
                          + "' is not among the documents: give its ODCS file too"));
          continue;
        }
        List<ContractReader.Port> ports = contract.get().ports();
        for (ContractReader.Port port : ports) {
          String name =
              ports.size() == 1
                  ? names
                      .resourceName(
                          reference.name(), Paths.child(reference.path(), "name"), "port name")
                      .orElse(port.name())
                  : port.name();
          outputs.add(
              output(
                  contract.get(), port, name, reference.description(), inputNames, outputs.size()));
        }
      }
      for (ContractReader.Contract contract : contracts) {
        if (!referenced.contains(contract.id())) {
          report.warn(
              contract
                  .document()
                  .at(
                      "id",
                      "not imported: the product's ODPS document names no output port with the"
                          + " contract '"
                          + contract.id()
                          + "'"));
        }
      }
      return outputs;
    }

    private ObjectNode output(
        ContractReader.Contract contract,
        ContractReader.Port port,
        String name,
        Optional<String> description,
        Set<String> inputNames,
        int index) {
      ObjectNode read = port.output().deepCopy();
      read.put("name", name);
      if (!read.has("description")) {
        description
            .filter(text -> !text.isBlank())
            .ifPresent(text -> read.put("description", text));
      }
      ObjectNode slo = declared(contract.slo());
      JsonNode against = slo.path("completeness").path("against");
      if (against.isTextual() && !inputNames.contains(against.asText())) {
        slo.remove("completeness");
        report.notImported(
            contract.document(),
            "slaProperties",
            "completeness counts against input '"
                + against.asText()
                + "', which the documents do not give (import the product's ODPS document too)");
      }
      if (!slo.isEmpty()) {
        read.set("slo", slo);
      }
      dropUnreadLinks(contract, port, read);
      if (!read.has("sql")) {
        missing(
            Paths.element("outputs", index) + ".sql",
            "the contract of port '"
                + name
                + "' gives no SQL (custom property "
                + Extensions.SQL
                + "): write the SELECT over the product's inputs that computes it");
      }
      if (read.path("schema").isEmpty()) {
        read.remove("schema");
        missing(
            Paths.element("outputs", index) + ".schema",
            "the contract of port '" + name + "' gives no column a spec can hold");
      }
      ObjectNode ordered = Json.object();
      for (String field : OUTPUT_ORDER) {
        if (read.has(field)) {
          ordered.set(field, read.get(field));
        }
      }
      return ordered;
    }

    /** The objectives a port states beyond the ones the product declares for all its ports. */
    private ObjectNode declared(ObjectNode effective) {
      ObjectNode productSlo = product.flatMap(ProductReader.Product::slo).orElse(Json.object());
      ObjectNode declared = Json.object();
      effective
          .fields()
          .forEachRemaining(
              objective -> {
                if (!Json.sameValue(objective.getValue(), productSlo.get(objective.getKey()))) {
                  declared.set(objective.getKey(), objective.getValue());
                }
              });
      return declared;
    }

    /**
     * A referentialIntegrity check reads the linked port as an input: without that input (an import
     * of contracts alone), the check cannot run and is left out.
     */
    private void dropUnreadLinks(
        ContractReader.Contract contract, ContractReader.Port port, ObjectNode output) {
      Set<String> readPorts = new HashSet<>();
      product.ifPresent(
          described ->
              described.inputs().forEach(input -> readPorts.add(input.path("product").asText(""))));
      for (JsonNode column : output.path("schema")) {
        JsonNode quality = column.path("quality");
        String link = column.path("links").asText("");
        String linkedPort = link.contains(".") ? link.substring(0, link.lastIndexOf('.')) : "";
        for (int i = quality.size() - 1; i >= 0; i--) {
          if (quality.get(i).path("metric").asText("").equals("referentialIntegrity")
              && !readPorts.contains(linkedPort)) {
            ((ArrayNode) quality).remove(i);
            report.notImported(
                contract.document(),
                port.path(),
                "referentialIntegrity of column '"
                    + column.path("name").asText()
                    + "' reads "
                    + (linkedPort.isEmpty() ? "a linked port" : linkedPort)
                    + ", which is not an input the documents give");
          }
        }
        if (quality.isArray() && quality.isEmpty()) {
          ((ObjectNode) column).remove("quality");
        }
      }
    }

    private Optional<ObjectNode> scheduleFromFrequency() {
      return contracts.stream()
          .map(ContractReader.Contract::frequency)
          .flatMap(Optional::stream)
          .findFirst()
          .map(
              (Duration interval) -> {
                ObjectNode schedule = Json.object();
                schedule.put("interval", Durations.iso(interval));
                return schedule;
              });
    }

    private String fallbackName(List<Path> files) {
      return files.stream()
          .findFirst()
          .map(
              file ->
                  file.getFileName()
                      .toString()
                      .replaceAll("(\\.odps|\\.odcs)?\\.(yaml|yml|json)$", ""))
          .flatMap(ImportNames::resource)
          .orElse("imported");
    }
  }
}
