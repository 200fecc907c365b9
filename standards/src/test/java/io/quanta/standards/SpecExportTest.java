package io.quanta.standards;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quanta.spec.ProductSpec;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Specs exported as ODPS v1.0.0 products and ODCS v3.1.0 contracts (docs/standards.md). */
class SpecExportTest {
  private static final OfficialSchemas SCHEMAS = new OfficialSchemas();
  private final SpecExporter exporter = new SpecExporter();

  static Stream<Path> specs() {
    return PodcastSpecs.allFiles().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("specs")
  void everyExportValidatesAgainstTheOfficialSchemas(Path file) {
    SpecExport export = exporter.export(PodcastSpecs.parse(file), "active");

    SoftAssertions softly = new SoftAssertions();
    softly
        .assertThat(SCHEMAS.problems(Standard.ODPS, export.product().document()))
        .as(export.product().fileName())
        .isEmpty();
    for (ExportedDocument contract : export.contracts()) {
      softly
          .assertThat(SCHEMAS.problems(Standard.ODCS, contract.document()))
          .as(contract.fileName())
          .isEmpty();
    }
    softly.assertThat(export.warnings()).isEmpty();
    softly.assertAll();
  }

  @Test
  void theSchemasRefuseADocumentTheStandardsDoNotAllow() {
    SpecExport export = exporter.export(PodcastSpecs.parse("play-events.yaml"), "active");
    ObjectNode contract = export.contracts().get(0).document().deepCopy();
    contract.remove("status");
    ((ObjectNode) contract.get("schema").get(0)).put("color", "blue");
    ObjectNode product = export.product().document().deepCopy();
    product.put("owner", "podcasts-team@example.com");

    assertThat(SCHEMAS.problems(Standard.ODCS, contract))
        .anySatisfy(problem -> assertThat(problem).contains("status"))
        .anySatisfy(problem -> assertThat(problem).contains("color"));
    assertThat(SCHEMAS.problems(Standard.ODPS, product))
        .anySatisfy(problem -> assertThat(problem).contains("owner"));
  }

  @Test
  void theProductPointsAtOneContractPerPortAndAtTheContractsItReads() {
    ProductSpec spec = PodcastSpecs.parse("user-profiles.yaml");
    SpecExport export = exporter.export(spec, "active");
    JsonNode product = export.product().document();

    assertThat(export.product().fileName()).isEqualTo("users.user-profiles.v2.odps.yaml");
    assertThat(export.product().yaml()).startsWith("apiVersion: v1.0.0\nkind: DataProduct\n");
    assertThat(product.get("id").asText()).isEqualTo("users/user-profiles:2");
    assertThat(product.get("name").asText()).isEqualTo("user-profiles");
    assertThat(product.get("domain").asText()).isEqualTo("users");
    assertThat(product.get("version").asText()).isEqualTo("2.0.0");
    assertThat(product.get("status").asText()).isEqualTo("active");
    assertThat(product.at("/team/members/0/username").asText()).isEqualTo("users-team@example.com");
    assertThat(product.at("/team/members/0/role").asText()).isEqualTo("owner");
    assertThat(product.at("/inputPorts/0").toString())
        .isEqualTo(
            "{\"name\":\"registrations\",\"version\":\"1\","
                + "\"contractId\":\"users/user-registrations:1/registrations\"}");
    assertThat(product.get("outputPorts").findValuesAsText("contractId"))
        .containsExactly("users/user-profiles:2/profiles", "users/user-profiles:2/profile-updates");
    assertThat(export.contracts())
        .extracting(ExportedDocument::id, ExportedDocument::fileName)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "users/user-profiles:2/profiles", "users.user-profiles.v2.profiles.odcs.yaml"),
            org.assertj.core.groups.Tuple.tuple(
                "users/user-profiles:2/profile-updates",
                "users.user-profiles.v2.profile-updates.odcs.yaml"));
    // The file input has no contract: it travels in the spec's own form.
    assertThat(product.at("/customProperties").toString())
        .contains(
            "{\"property\":\"quantaSources\",\"value\":[{\"name\":\"updates\","
                + "\"file\":\"data/profile-updates.jsonl\",\"format\":\"json\"");
    assertThat(export.documents(EnumSet.of(Standard.ODCS))).hasSize(2);
  }

  @Test
  void aContractHoldsThePortsSchemaKeyObjectivesAndSql() {
    SpecExport export = exporter.export(PodcastSpecs.parse("user-profiles.yaml"), "draft");
    JsonNode contract = export.contracts().get(0).document();

    assertThat(contract.get("apiVersion").asText()).isEqualTo("v3.1.0");
    assertThat(contract.get("status").asText()).isEqualTo("draft");
    JsonNode object = contract.at("/schema/0");
    assertThat(object.get("name").asText()).isEqualTo("profiles");
    assertThat(object.get("physicalName").asText()).isEqualTo("users.user_profiles_v2.profiles");
    assertThat(object.get("properties").findValuesAsText("name"))
        .containsExactly("user_id", "age_band", "country", "plan", "updated_at");
    JsonNode userId = object.at("/properties/0");
    assertThat(userId.get("primaryKey").asBoolean()).isTrue();
    assertThat(userId.get("primaryKeyPosition").asInt()).isEqualTo(1);
    assertThat(userId.get("logicalType").asText()).isEqualTo("string");
    assertThat(userId.at("/customProperties/0").toString())
        .isEqualTo("{\"property\":\"quantaSemantic\",\"value\":\"user-id\"}");
    assertThat(object.at("/properties/4/logicalType").asText()).isEqualTo("timestamp");
    // The product's freshness and the port's own completeness both apply to the port.
    assertThat(contract.get("slaProperties").toString())
        .isEqualTo(
            "[{\"property\":\"latency\",\"value\":1,\"unit\":\"h\"},"
                + "{\"property\":\"completeness\",\"value\":99,\"unit\":\"%\"}]");
    assertThat(
            Extensions.find(contract.get("customProperties"), Extensions.SQL)
                .orElseThrow()
                .asText())
        .startsWith("WITH latest_update AS (");
    assertThat(Extensions.find(contract.get("customProperties"), Extensions.EVENT_TIME))
        .hasValueSatisfying(column -> assertThat(column.asText()).isEqualTo("updated_at"));
    assertThat(Extensions.find(contract.get("customProperties"), Extensions.COMPLETENESS))
        .hasValueSatisfying(
            counted -> assertThat(counted.toString()).isEqualTo("{\"against\":\"registrations\"}"));
  }

  @Test
  void expectationsUseTheOdcsVocabularyOnTheirColumnOrOnThePort() {
    JsonNode contract =
        exporter
            .export(PodcastSpecs.parse("play-events.yaml"), "active")
            .contracts()
            .get(0)
            .document();
    JsonNode properties = contract.at("/schema/0/properties");

    assertThat(properties.at("/6/name").asText()).isEqualTo("device");
    assertThat(properties.at("/6/quality/0").toString())
        .isEqualTo(
            "{\"description\":\"A new kind of device is worth knowing about, not worth stopping"
                + " the run.\",\"metric\":\"invalidValues\",\"arguments\":{\"validValues\":"
                + "[\"ios\",\"android\",\"web\",\"smart-speaker\",\"car\"]},\"mustBe\":0,"
                + "\"severity\":\"warning\"}");
    assertThat(properties.at("/1/quality/0").toString())
        .isEqualTo("{\"metric\":\"nullValues\",\"mustBe\":0,\"severity\":\"error\"}");
    assertThat(properties.at("/0/quality/0/metric").asText()).isEqualTo("duplicateValues");
    assertThat(contract.at("/schema/0/quality").toString())
        .isEqualTo("[{\"metric\":\"rowCount\",\"mustBeGreaterThan\":0,\"severity\":\"error\"}]");
  }

  @Test
  void checksOdcsHasNoMetricForRunAsSqlAndQuantaCustomChecks() {
    JsonNode contract =
        exporter
            .export(PodcastSpecs.parse("listening-sessions.yaml"), "active")
            .contracts()
            .get(0)
            .document();

    JsonNode longSessions = contract.at("/schema/0/quality/0");
    assertThat(longSessions.get("type").asText()).isEqualTo("sql");
    assertThat(longSessions.get("query").asText())
        .isEqualTo(
            "SELECT 100.0 * count(*) / nullif((SELECT count(*) FROM port), 0) FROM (\n"
                + "SELECT * FROM port WHERE minutes > 600\n"
                + ") AS failing");
    assertThat(longSessions.get("mustBeLessOrEqualTo").asInt()).isEqualTo(1);
    JsonNode referential = contract.at("/schema/0/properties/1/quality/0");
    assertThat(referential.toString())
        .isEqualTo(
            "{\"description\":\"Every listener has a profile.\",\"type\":\"custom\","
                + "\"engine\":\"quanta\",\"implementation\":{\"metric\":\"referentialIntegrity\","
                + "\"mustBe\":0},\"severity\":\"warning\"}");
    assertThat(contract.at("/schema/0/quality/2/arguments/properties").toString())
        .isEqualTo("[\"user_id\",\"started_at\"]");
    assertThat(contract.get("slaProperties").toString())
        .contains(
            "{\"property\":\"timeliness\",\"value\":30,\"unit\":\"min\",\"valueExt\":\"p95\","
                + "\"element\":\"sessions.started_at\"}",
            "{\"property\":\"volume\",\"value\":null,\"valueExt\":1000000,\"unit\":\"rows\"}",
            "{\"property\":\"availability\",\"value\":99.5,\"unit\":\"%\",\"valueExt\":\"P7D\"}",
            "{\"property\":\"frequency\",\"value\":30,\"unit\":\"min\"}");
  }

  @Test
  void aColumnLinkIsAReferenceIntoTheLinkedPortsContract() {
    JsonNode contract =
        exporter
            .export(PodcastSpecs.parse("play-events.yaml"), "active")
            .contracts()
            .get(0)
            .document();
    SpecExport catalog = exporter.export(PodcastSpecs.parse("podcast-catalog.yaml"), "active");

    String reference = contract.at("/schema/0/properties/2/relationships/0/to").asText();

    assertThat(reference)
        .isEqualTo(
            "podcasts.podcast-catalog.v1.podcasts.odcs.yaml#/schema/podcasts/properties/podcast_id");
    ExportedDocument linked = catalog.contracts().get(0);
    assertThat(reference).startsWith(linked.fileName() + "#");
    assertThat(linked.document().at("/schema/0/id").asText()).isEqualTo("podcasts");
    assertThat(linked.document().at("/schema/0/properties/0/id").asText()).isEqualTo("podcast_id");
  }

  @Test
  void aPasswordInADatabaseUrlIsNotExported() throws Exception {
    Path spec = Path.of(getClass().getResource("/export/invoices.yaml").toURI());
    SpecExport export = exporter.export(PodcastSpecs.parse(spec), "active");

    assertThat(export.product().yaml())
        .contains(
            "url: jdbc:postgresql://billing-db:5432/billing?user=reader&password=***&ssl=true")
        .doesNotContain("hunter2");
    assertThat(export.warnings())
        .singleElement()
        .satisfies(
            warning -> {
              assertThat(warning.path()).isEqualTo("inputs[0].jdbc.url");
              assertThat(warning.line()).isEqualTo(14);
              assertThat(warning.message()).contains("passwordEnv");
            });
    assertThat(List.of(export.product().document()))
        .allSatisfy(document -> assertThat(SCHEMAS.problems(Standard.ODPS, document)).isEmpty());
  }
}
