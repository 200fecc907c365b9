package io.quanta.platform.lineage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.quanta.error.QuantaException;
import io.quanta.platform.Mesh;
import io.quanta.platform.registry.RunRecord;
import io.quanta.spec.ProductId;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real runs of real specs emit OpenLineage events that the official schemas accept. */
class RunLineageTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final OpenLineageSchemas SCHEMAS = new OpenLineageSchemas();
  private static final ProductId PLAYS = ProductId.of("podcasts", "play-events", 1);
  private static final ProductId COUNTS = ProductId.of("podcasts", "plays-per-podcast", 1);

  @TempDir Path temp;
  private Path specs;
  private Path dataDir;

  @BeforeEach
  void copySpecs() throws IOException {
    specs = temp.resolve("specs");
    Files.createDirectories(specs.resolve("data"));
    for (String file : List.of("play-events.yaml", "plays-per-podcast.yaml", "data/plays.csv")) {
      try (InputStream in = getClass().getResourceAsStream("/openlineage/mesh/" + file)) {
        Files.copy(in, specs.resolve(file));
      }
    }
    dataDir = temp.resolve("quanta");
    Files.createDirectories(dataDir);
  }

  private void config(String yaml) throws IOException {
    Files.writeString(dataDir.resolve("quanta.yaml"), yaml);
  }

  private List<Path> allSpecs() {
    return List.of(specs.resolve("play-events.yaml"), specs.resolve("plays-per-podcast.yaml"));
  }

  private List<JsonNode> fileEvents() throws IOException {
    Path file = dataDir.resolve("lineage/events.jsonl");
    if (!Files.exists(file)) {
      return List.of();
    }
    return Files.readAllLines(file).stream().map(RunLineageTest::parse).toList();
  }

  private static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void assertValid(List<JsonNode> events) {
    assertThat(events).isNotEmpty();
    for (JsonNode event : events) {
      assertThat(SCHEMAS.problems(event)).as("problems of %s", event).isEmpty();
    }
  }

  @Test
  void aRunEmitsStartThenCompleteWithItsDatasetsAndFacets() throws IOException {
    config("openlineage:\n  transport: file\n  file: lineage/events.jsonl\n");
    RunRecord plays;
    RunRecord counts;
    try (Mesh mesh = Mesh.open(dataDir)) {
      mesh.lifecycle().deployFiles(allSpecs());
      plays = mesh.runs().run(PLAYS, "test");
      counts = mesh.runs().run(COUNTS, "test");
    }

    List<JsonNode> events = fileEvents();
    assertValid(events);
    assertThat(events)
        .extracting(event -> event.path("eventType").asText())
        .containsExactly("START", "COMPLETE", "START", "COMPLETE");
    JsonNode start = events.get(0);
    JsonNode complete = events.get(1);
    String runUuid = RunLineage.runUuid(plays.id()).toString();
    long playsSnapshot = plays.ports().get(0).snapshotId().orElseThrow();

    SoftAssertions softly = new SoftAssertions();
    softly.assertThat(start.at("/run/runId").asText()).isEqualTo(runUuid);
    softly.assertThat(complete.at("/run/runId").asText()).isEqualTo(runUuid);
    softly.assertThat(complete.at("/run/facets/quanta/runId").asText()).isEqualTo(plays.id());
    softly.assertThat(complete.at("/job/namespace").asText()).isEqualTo("quanta");
    softly.assertThat(complete.at("/job/name").asText()).isEqualTo("podcasts/play-events:1");
    softly.assertThat(complete.at("/inputs/0/namespace").asText()).isEqualTo("file");
    softly.assertThat(complete.at("/inputs/0/name").asText()).endsWith("plays.csv");
    JsonNode output = complete.at("/outputs/0");
    softly.assertThat(output.path("namespace").asText()).isEqualTo("quanta://quanta");
    softly.assertThat(output.path("name").asText()).isEqualTo("podcasts/play-events:1/events");
    softly
        .assertThat(output.at("/facets/schema/fields").findValuesAsText("name"))
        .containsExactly("user_id", "podcast_id", "played_at");
    softly.assertThat(output.at("/facets/schema/fields/0/type").asText()).isEqualTo("string");
    softly
        .assertThat(output.at("/facets/schema/fields/0/description").asText())
        .isEqualTo("Who played the episode.");
    softly
        .assertThat(output.at("/facets/ownership/owners/0/name").asText())
        .isEqualTo("podcasts-team@example.com");
    softly
        .assertThat(output.at("/facets/version/datasetVersion").asText())
        .isEqualTo(Long.toString(playsSnapshot));
    softly.assertThat(output.at("/outputFacets/outputStatistics/rowCount").asLong()).isEqualTo(3);
    JsonNode assertions = output.at("/facets/dataQualityAssertions/assertions");
    softly
        .assertThat(assertions.findValuesAsText("assertion"))
        .containsExactlyInAnyOrder("row_count", "accepted_values", "not_null", "volume");
    softly.assertThat(assertions.findValuesAsText("success")).containsOnly("true");
    softly
        .assertThat(output.at("/facets/dataQualityAssertions/assertions/2/column").asText())
        .isEqualTo("user_id");
    softly.assertThat(output.at("/facets/dataQualityMetrics/rowCount").asLong()).isEqualTo(3);
    softly
        .assertThat(
            output.at("/facets/dataQualityMetrics/columnMetrics/user_id/nullCount").asLong())
        .isZero();
    softly
        .assertThat(
            output.at("/facets/dataQualityMetrics/columnMetrics/user_id/distinctCount").asLong())
        .isEqualTo(2);
    softly.assertThat(start.at("/outputs/0/facets/version").isMissingNode()).isTrue();
    JsonNode userId = output.at("/facets/columnLineage/fields/user_id/inputFields/0");
    softly.assertThat(userId.path("namespace").asText()).isEqualTo("file");
    softly.assertThat(userId.path("name").asText()).endsWith("plays.csv");
    softly.assertThat(userId.path("field").asText()).isEqualTo("user_id");
    softly.assertThat(userId.at("/transformations/0/subtype").asText()).isEqualTo("IDENTITY");

    JsonNode downstream = events.get(3);
    softly
        .assertThat(downstream.at("/run/runId").asText())
        .isEqualTo(RunLineage.runUuid(counts.id()).toString());
    softly.assertThat(downstream.at("/inputs/0/namespace").asText()).isEqualTo("quanta://quanta");
    softly
        .assertThat(downstream.at("/inputs/0/name").asText())
        .isEqualTo("podcasts/play-events:1/events");
    softly
        .assertThat(downstream.at("/inputs/0/facets/version/datasetVersion").asText())
        .as("the upstream snapshot the run read")
        .isEqualTo(Long.toString(playsSnapshot));
    JsonNode podcastId =
        downstream.at("/outputs/0/facets/columnLineage/fields/podcast_id/inputFields/0");
    softly.assertThat(podcastId.path("name").asText()).isEqualTo("podcasts/play-events:1/events");
    softly.assertThat(podcastId.path("field").asText()).isEqualTo("podcast_id");
    softly
        .assertThat(downstream.at("/outputs/0/facets/ownership/owners/0/name").asText())
        .isEqualTo("marketing@example.com");
    softly.assertAll();
  }

  @Test
  void theSchemasCatchABrokenEvent() throws IOException {
    config("openlineage:\n  transport: file\n  file: lineage/events.jsonl\n");
    try (Mesh mesh = Mesh.open(dataDir)) {
      mesh.lifecycle().deployFiles(List.of(specs.resolve("play-events.yaml")));
      mesh.runs().run(PLAYS, "test");
    }
    JsonNode complete = fileEvents().get(1);
    assertThat(
            List.of("schema", "ownership", "version", "columnLineage", "jobType", "errorMessage"))
        .allSatisfy(facet -> assertThat(SCHEMAS.covers(facet)).as(facet).isTrue());

    ((com.fasterxml.jackson.databind.node.ObjectNode) complete).remove("eventTime");
    ((com.fasterxml.jackson.databind.node.ObjectNode) complete.at("/outputs/0/facets/version"))
        .remove("datasetVersion");

    assertThat(SCHEMAS.problems(complete))
        .anySatisfy(problem -> assertThat(problem).contains("eventTime"))
        .anySatisfy(problem -> assertThat(problem).contains("version").contains("datasetVersion"));
  }

  @Test
  void aFailingRunEmitsFailWithTheError() throws IOException {
    config("openlineage:\n  transport: file\n  file: lineage/events.jsonl\n");
    try (Mesh mesh = Mesh.open(dataDir)) {
      mesh.lifecycle().deployFiles(List.of(specs.resolve("play-events.yaml")));
      Files.delete(specs.resolve("data/plays.csv"));

      assertThatThrownBy(() -> mesh.runs().run(PLAYS, "test"))
          .isInstanceOf(QuantaException.class)
          .satisfies(
              failure -> {
                List<JsonNode> events = fileEvents();
                assertValid(events);
                assertThat(events)
                    .extracting(event -> event.path("eventType").asText())
                    .containsExactly("START", "FAIL");
                String message = events.get(1).at("/run/facets/errorMessage/message").asText();
                assertThat(message).isNotBlank();
                assertThat(failure.getMessage()).contains(message);
              });
    }
  }

  @Test
  void aRunStoppedByAnExpectationEmitsFailWithTheFailedAssertion() throws IOException {
    config("openlineage:\n  transport: file\n  file: lineage/events.jsonl\n");
    try (Mesh mesh = Mesh.open(dataDir)) {
      mesh.lifecycle().deployFiles(List.of(specs.resolve("play-events.yaml")));
      Files.writeString(
          specs.resolve("data/plays.csv"),
          "u3,podcast-x,2026-11-03T09:30:00Z\n",
          java.nio.file.StandardOpenOption.APPEND);

      assertThatThrownBy(() -> mesh.runs().run(PLAYS, "test"))
          .isInstanceOf(QuantaException.class)
          .hasMessageContaining("invalidValues(podcast_id)");
    }

    List<JsonNode> events = fileEvents();
    assertValid(events);
    JsonNode fail = events.get(1);
    assertThat(fail.path("eventType").asText()).isEqualTo("FAIL");
    JsonNode assertion = null;
    for (JsonNode candidate : fail.at("/outputs/0/facets/dataQualityAssertions/assertions")) {
      if (candidate.path("name").asText().equals("invalidValues(podcast_id)")) {
        assertion = candidate;
      }
    }
    assertThat(assertion).isNotNull();
    assertThat(assertion.path("success").asBoolean()).isFalse();
    assertThat(assertion.path("severity").asText()).isEqualTo("error");
    assertThat(assertion.path("column").asText()).isEqualTo("podcast_id");
    assertThat(assertion.path("actual").asText()).isEqualTo("1");
  }

  @Test
  void anHttpBackendReceivesTheEvents() throws IOException {
    List<String> received = new CopyOnWriteArrayList<>();
    List<String> paths = new CopyOnWriteArrayList<>();
    List<String> keys = new CopyOnWriteArrayList<>();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          paths.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
          keys.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
          received.add(
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          exchange.sendResponseHeaders(201, -1);
          exchange.close();
        });
    server.start();
    try {
      config(
          "openlineage:\n  transport: http\n  url: http://127.0.0.1:"
              + server.getAddress().getPort()
              + "\n  namespace: acme\n");
      try (Mesh mesh = Mesh.open(dataDir)) {
        mesh.lifecycle().deployFiles(List.of(specs.resolve("play-events.yaml")));
        mesh.runs().run(PLAYS, "test");
      }
    } finally {
      server.stop(0);
    }

    List<JsonNode> events = received.stream().map(RunLineageTest::parse).toList();
    assertValid(events);
    assertThat(paths).containsOnly("POST /api/v1/lineage").hasSize(2);
    assertThat(keys).containsOnly("null");
    assertThat(events)
        .extracting(event -> event.path("eventType").asText())
        .containsExactly("START", "COMPLETE");
    assertThat(events.get(1).at("/job/namespace").asText()).isEqualTo("acme");
    assertThat(events.get(1).at("/outputs/0/namespace").asText()).isEqualTo("quanta://acme");
  }

  @Test
  void aBackendThatIsDownDoesNotFailTheRun() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    config("openlineage:\n  transport: http\n  url: http://127.0.0.1:" + port + "\n");
    try (Mesh mesh = Mesh.open(dataDir)) {
      mesh.lifecycle().deployFiles(List.of(specs.resolve("play-events.yaml")));

      RunRecord run = mesh.runs().run(PLAYS, "test");

      assertThat(run.ports())
          .singleElement()
          .satisfies(port1 -> assertThat(port1.rowsAdded()).isEqualTo(3));
    }
  }

  @Test
  void withoutTheSectionNothingIsEmitted() throws IOException {
    try (Mesh mesh = Mesh.open(dataDir)) {
      mesh.lifecycle().deployFiles(List.of(specs.resolve("play-events.yaml")));
      mesh.runs().run(PLAYS, "test");
    }
    assertThat(fileEvents()).isEmpty();
  }
}
