package io.quanta.standards;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quanta.error.Problem;
import io.quanta.spec.Expectation;
import io.quanta.spec.ProductSpec;
import io.quanta.spec.SpecParser;
import io.quanta.spec.SpecSource;
import io.quanta.spec.YamlTree;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** ODPS and ODCS documents made into specs (docs/standards.md). */
class SpecImportTest {
  @TempDir Path temp;
  private final SpecImporter importer = SpecImporter.create();

  private static Path official(String name) throws URISyntaxException {
    return Path.of(SpecImportTest.class.getResource("/standards/" + name).toURI());
  }

  private static List<String> paths(List<Problem> problems) {
    return problems.stream().map(Problem::path).toList();
  }

  @Test
  void theFullOdcsExampleGivesEverythingButTheSqlAndSaysWhatItLeftOut() throws Exception {
    SpecImport imported =
        importer.importFiles(List.of(official("odcs/full-example.odcs.yaml")), temp);

    assertThat(imported.file()).isEqualTo(temp.resolve("my-quantum.yaml"));
    assertThat(imported.spec()).isEmpty();
    assertThat(imported.errors())
        .extracting(Problem::path, Problem::message)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "outputs[0].sql",
                "the contract of port 'tbl' gives no SQL (custom property quantaSql): write the"
                    + " SELECT over the product's inputs that computes it"),
            org.assertj.core.groups.Tuple.tuple(
                "outputs[1].sql",
                "the contract of port 'receivers' gives no SQL (custom property quantaSql): write"
                    + " the SELECT over the product's inputs that computes it"));
    assertThat(imported.errors())
        .allSatisfy(error -> assertThat(error.file()).isEqualTo(imported.file().toString()));
    assertThat(paths(imported.warnings()))
        .contains(
            "id",
            "dataProduct",
            "servers",
            "roles",
            "price",
            "support",
            "tenant",
            "contractCreatedTs",
            "team.members[0]",
            "customProperties[0]",
            "schema[0].relationships",
            "schema[0].properties[0].transformLogic",
            "schema[0].properties[0].physicalName",
            "schema[0].properties[1].physicalType",
            "schema[0].properties[1].relationships[0]",
            "schema[0].properties[2].quality[0].businessImpact",
            "schema[0].quality[0].method",
            "slaProperties[1]",
            "slaProperties[4]");
    Problem retention =
        imported.warnings().stream()
            .filter(warning -> warning.path().equals("slaProperties[4]"))
            .findFirst()
            .orElseThrow();
    assertThat(retention.toString())
        .endsWith(
            "full-example.odcs.yaml:280:5: slaProperties[4]: not imported: SLA property"
                + " 'retention' has no Quanta objective (latency, timeliness, completeness, volume,"
                + " availability, frequency)");

    // With the SQL the documents could not give, the written spec is a valid one.
    ProductSpec spec = withSql(imported, "SELECT 1 AS x");
    assertThat(spec.id().toString()).isEqualTo("seller/my-quantum:1");
    assertThat(spec.metadata().version().toString()).isEqualTo("1.1.0");
    assertThat(spec.metadata().owner()).isEqualTo("daustin");
    assertThat(spec.metadata().description()).isEqualTo("Views built on top of the seller tables.");
    assertThat(spec.metadata().tags()).containsExactly("transactions");
    assertThat(spec.metadata().docs())
        .contains(
            "Predict sales over time\n\n## Limitations\n"
                + "Data based on seller perspective, no buyer information\n");
    assertThat(spec.outputs())
        .extracting(output -> output.name())
        .containsExactly("tbl", "receivers");
    assertThat(spec.outputs().get(0).key()).containsExactly("rcvr_id");
    assertThat(spec.outputs().get(0).schema())
        .extracting(
            column ->
                column.name() + " " + column.type() + " " + column.classification().orElse(""))
        .containsExactly(
            "transaction_reference_date date public",
            "rcvr_id string restricted",
            "rcvr_cntry_code string public");
    assertThat(spec.outputs().get(0).quality())
        .extracting(Expectation::name, expectation -> expectation.threshold().describe())
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("rowCount", "mustBeGreaterThan 1000000"),
            org.assertj.core.groups.Tuple.tuple("nullValues(rcvr_cntry_code)", "mustBe 0"));
    assertThat(spec.outputs().get(1).key()).containsExactly("id", "country_code");
    assertThat(spec.outputs().get(1).schema().get(0).required()).isTrue();
    // unique: true is a duplicateValues check
    assertThat(spec.outputs().get(1).quality())
        .extracting(Expectation::name)
        .containsExactly("duplicateValues(id)");
    assertThat(spec.slo(spec.outputs().get(0)).freshness()).contains(Duration.ofDays(4));
    assertThat(spec.schedule().interval()).contains(Duration.ofDays(1));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "odcs/full-example.odcs.yaml",
        "odcs/column-validity.odcs.yaml",
        "odcs/database-table-sla.odcs.yaml",
        "odcs/table-column.odcs.yaml",
        "odps/customer-data-product.odps.yaml",
        "odps/simple-data-product.odps.yaml"
      })
  void everyOfficialExampleImportsToWhatMapsWithTheMissingFieldsAsErrors(String example)
      throws Exception {
    SpecImport imported = importer.importFiles(List.of(official(example)), temp);

    // Each names a required field it lacks; nothing fails but the spec's own rules.
    assertThat(imported.errors()).isNotEmpty();
    assertThat(imported.errors())
        .allSatisfy(
            error ->
                assertThat(error.path())
                    .matches(
                        "metadata\\.(domain|name|version|owner|description)|outputs"
                            + "|outputs\\[\\d+]\\.(sql|schema)|outputPorts\\[\\d+]\\.contractId"));
    assertThat(imported.warnings()).isNotEmpty();
    // What the documents gave is written, as a spec a user completes.
    YamlTree.Result written = YamlTree.read(imported.file().toString(), imported.yaml());
    assertThat(written.problems()).isEmpty();
    assertThat(written.tree().orElseThrow().get("apiVersion").asText()).isEqualTo("quanta/v1");
  }

  @Test
  void aValidityContractKeepsItsChecks() throws Exception {
    SpecImport imported =
        importer.importFiles(List.of(official("odcs/column-validity.odcs.yaml")), temp);

    JsonNode output = tree(imported).at("/outputs/0");
    assertThat(output.get("name").asText()).isEqualTo("air-quality");
    assertThat(output.at("/schema/0/quality/0").toString())
        .isEqualTo(
            "{\"description\":\"This column should be filled in 95% of the time\","
                + "\"metric\":\"invalidValues\",\"arguments\":{\"validValues\":[\"\",\"n/a\"]},"
                + "\"mustBeLessOrEqualTo\":5,\"unit\":\"percent\",\"severity\":\"error\","
                + "\"dimension\":\"conformity\"}");
    assertThat(paths(imported.warnings()))
        .contains(
            "schema[0].name",
            "schema[0].authoritativeDefinitions",
            "schema[0].properties[0].physicalType",
            "schema[0].properties[0].quality[0].businessImpact");
    assertThat(paths(imported.errors()))
        .containsExactly(
            "metadata.domain", "metadata.owner", "metadata.description", "outputs[0].sql");
  }

  @Test
  void theCustomerProductNeedsItsContractsAndAVersion() throws Exception {
    SpecImport imported =
        importer.importFiles(List.of(official("odps/customer-data-product.odps.yaml")), temp);

    assertThat(imported.file()).isEqualTo(temp.resolve("customer-data-product.yaml"));
    JsonNode metadata = tree(imported).get("metadata");
    assertThat(metadata.get("domain").asText()).isEqualTo("seller");
    assertThat(metadata.get("owner").asText()).isEqualTo("john.doe@retailcorp.com");
    assertThat(metadata.get("description").asText()).isEqualTo("Enterprise view of a customer.");
    assertThat(metadata.get("docs").asText())
        .isEqualTo(
            "Check the various artefacts for their own description.\n\n## Limitations\n"
                + "No known limitations.\n");
    assertThat(paths(imported.errors()))
        .containsExactly(
            "outputPorts[1].contractId",
            "outputPorts[2].contractId",
            "outputPorts[3].contractId",
            "metadata.version",
            "outputs");
    assertThat(imported.errors().get(0).message())
        .isEqualTo(
            "the contract 'c2798941-1b7e-4b03-9e0d-955b1a872b33' of output port 'rawtransactions'"
                + " is not among the documents: give its ODCS file too");
    assertThat(paths(imported.warnings()))
        .contains(
            "name",
            "id",
            "tenant",
            "inputPorts[0]",
            "inputPorts[1]",
            "inputPorts[3]",
            "outputPorts[0]",
            "managementPorts",
            "support",
            "team.members[1]",
            "productCreatedTs");
  }

  @Test
  void documentsPrintedAsOneStreamImportToTheSameSpec() throws IOException {
    ProductSpec original = PodcastSpecs.parse("play-events.yaml");
    String stream =
        new SpecExporter()
            .export(original, "active").documents(EnumSet.allOf(Standard.class)).stream()
                .map(ExportedDocument::yaml)
                .collect(Collectors.joining("---\n"));
    Path file = Files.writeString(temp.resolve("play-events.standards.yaml"), stream);

    SpecImport imported = importer.importFiles(List.of(file), temp.resolve("spec"));

    assertThat(imported.errors()).isEmpty();
    assertThat(imported.warnings()).isEmpty();
    RoundTripTest.assertSameSpec(imported.spec().orElseThrow(), original);
  }

  @Test
  void contractsAloneGiveThePortsAndSayWhatTheyCannotKnow() throws IOException {
    ProductSpec original = PodcastSpecs.parse("listeners-demographics.yaml");
    ExportedDocument contract = new SpecExporter().export(original, "active").contracts().get(0);
    Path file = Files.writeString(temp.resolve(contract.fileName()), contract.yaml());

    SpecImport imported = importer.importFiles(List.of(file), temp);

    assertThat(imported.errors()).isEmpty();
    ProductSpec spec = imported.spec().orElseThrow();
    // the kind is the product document's
    io.quanta.spec.Metadata metadata = original.metadata();
    assertThat(spec.metadata())
        .isEqualTo(
            new io.quanta.spec.Metadata(
                metadata.name(),
                metadata.version(),
                metadata.owner(),
                metadata.description(),
                java.util.Optional.empty(),
                metadata.tags(),
                metadata.docs()));
    assertThat(spec.outputs().get(0).schema()).isEqualTo(original.outputs().get(0).schema());
    assertThat(spec.outputs().get(0).sql()).isEqualTo(original.outputs().get(0).sql());
    // the product's freshness is the port's now; its completeness counts an input not given
    assertThat(spec.outputs().get(0).slo().freshness()).contains(Duration.ofHours(24));
    assertThat(spec.outputs().get(0).slo().completeness()).isEmpty();
    assertThat(imported.warnings())
        .extracting(Problem::path, Problem::message)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "slaProperties",
                "not imported: completeness counts against input 'plays', which the documents do"
                    + " not give (import the product's ODPS document too)"),
            org.assertj.core.groups.Tuple.tuple(
                "",
                "contracts do not say what a product reads: import the product's ODPS document"
                    + " with them, or add the inputs its SQL reads"));
  }

  @Test
  void aProductWithoutTheContractOfAPortSaysWhichIsMissing() throws IOException {
    SpecExport export =
        new SpecExporter().export(PodcastSpecs.parse("user-profiles.yaml"), "active");
    Path product =
        Files.writeString(temp.resolve(export.product().fileName()), export.product().yaml());
    ExportedDocument profiles = export.contracts().get(0);
    Path contract = Files.writeString(temp.resolve(profiles.fileName()), profiles.yaml());

    SpecImport imported = importer.importFiles(List.of(product, contract), temp.resolve("spec"));

    assertThat(imported.errors())
        .singleElement()
        .satisfies(
            error -> {
              assertThat(error.file()).isEqualTo(product.toString());
              assertThat(error.path()).isEqualTo("outputPorts[1].contractId");
              assertThat(error.message())
                  .isEqualTo(
                      "the contract 'users/user-profiles:2/profile-updates' of output port"
                          + " 'profile-updates' is not among the documents: give its ODCS file"
                          + " too");
            });
    assertThat(tree(imported).get("outputs").findValuesAsText("name")).contains("profiles");
  }

  @Test
  void aQuantaSpecOrAnUnknownDocumentIsRefused() throws Exception {
    Path spec = PodcastSpecs.files().get(0);
    Path other = Files.writeString(temp.resolve("other.yaml"), "kind: Pipeline\nname: x\n");

    SpecImport imported = importer.importFiles(List.of(spec, other), temp.resolve("spec"));

    assertThat(imported.errors())
        .extracting(Problem::file, Problem::path, Problem::message)
        .startsWith(
            org.assertj.core.groups.Tuple.tuple(
                spec.toString(), "apiVersion", "already a Quanta spec: validate and deploy it"),
            org.assertj.core.groups.Tuple.tuple(
                other.toString(),
                "kind",
                "not an ODPS document (kind: DataProduct) nor an ODCS contract (kind:"
                    + " DataContract)"));
  }

  private static JsonNode tree(SpecImport imported) {
    return YamlTree.read(imported.file().toString(), imported.yaml()).tree().orElseThrow();
  }

  /** The imported spec with the SQL a user writes into each port, parsed. */
  private static ProductSpec withSql(SpecImport imported, String sql) {
    ObjectNode tree = (ObjectNode) tree(imported);
    tree.get("outputs").forEach(output -> ((ObjectNode) output).put("sql", sql));
    return SpecParser.create()
        .parse(
            new SpecSource(
                imported.file().toString(), imported.file().getParent(), YamlText.write(tree)))
        .orThrow();
  }
}
