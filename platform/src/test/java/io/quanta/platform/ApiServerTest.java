package io.quanta.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quanta.governance.Principal;
import io.quanta.platform.api.ApiServer;
import io.quanta.platform.auth.TokenService;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiServerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path temp;
  private Path specs;
  private Mesh mesh;
  private ApiServer server;

  /**
   * The token every request sends: a user of the teams owning the test products, who may deploy and
   * run them, with no role (the api package's tests test authentication itself).
   */
  private String token;

  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() {
    specs = TestMeshes.copy("mesh", temp.resolve("specs"));
    mesh = Mesh.open(temp.resolve("quanta"));
    token =
        new TokenService(mesh.registry().tokens(), Clock.systemUTC())
            .create(
                new Principal(
                    "tester",
                    Set.of("podcasts-team@example.com", "marketing@example.com"),
                    Set.of(),
                    Map.of(),
                    false),
                "API tests",
                Optional.empty())
            .token();
    server = ApiServer.start(mesh, "127.0.0.1", 0);
  }

  @AfterEach
  void stop() {
    server.close();
    mesh.close();
  }

  @Test
  void deploysListsDescribesRunsAndQueries() throws Exception {
    HttpResponse<String> deployed =
        post(
            "/api/v1/products",
            "application/json",
            specsBody("podcast-catalog", "play-events", "top-podcasts"));
    assertThat(deployed.statusCode()).isEqualTo(201);
    assertThat(json(deployed).path("deployments")).hasSize(3);

    assertThat(json(get("/api/v1/products"))).hasSize(3);
    HttpResponse<String> run =
        post("/api/v1/products/podcasts/podcast-catalog/1/runs", "application/json", "");
    assertThat(run.statusCode()).isEqualTo(201);
    assertThat(json(run).path("state").asText()).isEqualTo("succeeded");
    assertThat(json(run).path("ports").get(0).path("rowsAdded").asLong()).isEqualTo(2);
    String runId = json(run).path("id").asText();
    assertThat(json(get("/api/v1/runs/" + runId)).path("product").asText())
        .isEqualTo("podcasts/podcast-catalog:1");

    JsonNode document = json(get("/api/v1/products/podcasts/podcast-catalog"));
    assertThat(document.path("version").asText()).isEqualTo("1.0.0");
    assertThat(document.path("ports").get(0).path("rows").asLong()).isEqualTo(2);

    ObjectNode query =
        JSON.createObjectNode()
            .put(
                "sql",
                "SELECT podcast_id, title FROM podcasts.podcast_catalog.podcasts ORDER BY 1");
    HttpResponse<String> result = post("/api/v1/query", "application/json", query.toString());
    assertThat(result.statusCode()).isEqualTo(200);
    assertThat(json(result).path("rows").toString())
        .isEqualTo("[[\"p1\",\"Data Mesh Radio\"],[\"p2\",\"The Pipeline\"]]");
    assertThat(json(result).path("asOf").asText()).isNotEmpty();

    HttpResponse<String> limited =
        get(
            "/api/v1/query?limit=1&history=true&sql="
                + java.net.URLEncoder.encode(
                    "SELECT * FROM podcasts.podcast_catalog.podcasts",
                    java.nio.charset.StandardCharsets.UTF_8));
    assertThat(json(limited).path("rowCount").asInt()).isEqualTo(1);
    assertThat(json(limited).path("truncated").asBoolean()).isTrue();
  }

  @Test
  void reportsErrorsAsProblemDetails() throws Exception {
    HttpResponse<String> badSpec =
        post(
            "/api/v1/products",
            "application/yaml",
            "apiVersion: quanta/v1\nkind: DataProduct\nmetadata: {domain: x}\n");
    assertThat(badSpec.statusCode()).isEqualTo(400);
    assertThat(badSpec.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    JsonNode problem = json(badSpec);
    assertThat(problem.path("type").asText()).endsWith("/invalid-spec");
    assertThat(problem.path("errors")).isNotEmpty();
    assertThat(problem.path("errors").get(0).path("line").asInt()).isPositive();

    HttpResponse<String> unknown = get("/api/v1/products/podcasts/nothing-here");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(json(unknown).path("detail").asText())
        .isEqualTo("Data product does not exist: podcasts/nothing-here");

    HttpResponse<String> refused =
        post(
            "/api/v1/query",
            "application/json",
            "{\"sql\": \"SELECT * FROM read_csv('/etc/passwd')\"}");
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(json(refused).path("type").asText()).endsWith("/query-refused");

    HttpResponse<String> badTime =
        post(
            "/api/v1/query",
            "application/json",
            "{\"sql\": \"SELECT 1\", \"asOf\": \"yesterday\"}");
    assertThat(badTime.statusCode()).isEqualTo(400);
    assertThat(json(badTime).path("detail").asText()).contains("asOf 'yesterday' is not a time");

    assertThat(post("/api/v1/query", "application/json", "{not json").statusCode()).isEqualTo(400);
    assertThat(get("/api/v1/nothing").statusCode()).isEqualTo(404);
    assertThat(json(get("/api/v1/nothing")).path("status").asInt()).isEqualTo(404);
  }

  @Test
  void refusesWhatAWebPageCouldSendOrADnsRebindingCouldReach() throws Exception {
    String spec = Files.readString(specs.resolve("play-events.yaml"));
    HttpResponse<String> plainText = post("/api/v1/products", "text/plain", spec);
    assertThat(plainText.statusCode()).as(plainText.body()).isEqualTo(415);
    assertThat(json(get("/api/v1/products"))).isEmpty();

    HttpResponse<String> crossOrigin =
        http.send(
            request("/api/v1/products").header("Origin", "http://evil.example").GET().build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(crossOrigin.statusCode()).isEqualTo(403);

    HttpResponse<String> sameMachine =
        http.send(
            request("/api/v1/products").header("Origin", "http://localhost:3000").GET().build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(sameMachine.statusCode()).isEqualTo(200);
  }

  @Test
  void servesAPortAsFilesInEveryFormat() throws Exception {
    deployAndRunCatalog();
    String base = "/api/v1/products/podcasts/podcast-catalog/1/ports/podcasts/files";

    HttpResponse<String> csv = get(base + "?format=csv");
    assertThat(csv.statusCode()).isEqualTo(200);
    assertThat(csv.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("text/csv"));
    assertThat(csv.body().lines().toList().get(0))
        .isEqualTo("podcast_id,title,released,episodes,_event_time,_processed_at,_run_id");
    assertThat(csv.body().lines()).hasSize(3);

    HttpResponse<String> json = get(base + "?format=json");
    assertThat(json.body().lines())
        .hasSize(2)
        .allSatisfy(line -> assertThat(JSON.readTree(line).has("title")).isTrue());

    HttpResponse<byte[]> parquet =
        http.send(request(base).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(parquet.statusCode()).isEqualTo(200);
    assertThat(parquet.headers().firstValue("X-Quanta-Rows")).hasValue("2");
    Path file = temp.resolve("downloaded.parquet");
    Files.write(file, parquet.body());
    try (var connection = java.sql.DriverManager.getConnection("jdbc:duckdb:");
        var statement = connection.createStatement();
        var result =
            statement.executeQuery(
                "SELECT typeof(episodes), count(*) FROM read_parquet('" + file + "') GROUP BY 1")) {
      assertThat(result.next()).isTrue();
      assertThat(result.getString(1)).isEqualTo("INTEGER"); // the declared type survives
      assertThat(result.getLong(2)).isEqualTo(2);
    }
    // A history is a change log: in the order the mesh learned it.
    Path source = specs.resolve("data/podcasts.csv");
    Files.writeString(
        source, Files.readString(source).replace("The Pipeline", "The Data Pipeline"));
    assertThat(
            post("/api/v1/products/podcasts/podcast-catalog/1/runs", "application/json", "")
                .statusCode())
        .isEqualTo(201);
    assertThat(get(base + "?format=csv&history=true").body().lines().skip(1))
        .extracting(line -> line.split(",")[1])
        .containsExactly("Data Mesh Radio", "The Pipeline", "The Data Pipeline");

    assertThat(get(base + "?format=xls").statusCode()).isEqualTo(400);
    assertThat(get("/api/v1/products/podcasts/podcast-catalog/1/ports/nope/files").statusCode())
        .isEqualTo(404);
  }

  @Test
  void pagesRowsWithACursorThatPinsTheFirstPagesState() throws Exception {
    deployAndRunCatalog();
    String base = "/api/v1/products/podcasts/podcast-catalog/1/ports/podcasts/rows";

    JsonNode first = json(get(base + "?limit=1"));
    assertThat(first.path("rows").get(0).get(0).asText()).isEqualTo("p1");
    String next = first.path("next").asText();
    assertThat(next).isNotEmpty();

    // A run commits a third podcast between the pages; the listing keeps its state.
    Files.writeString(
        specs.resolve("data/podcasts.csv"),
        "p3,Third,2026-04-01,3\n",
        java.nio.file.StandardOpenOption.APPEND);
    post("/api/v1/products/podcasts/podcast-catalog/1/runs", "application/json", "");

    JsonNode second = json(get(base + "?limit=1&cursor=" + next));
    assertThat(second.path("rows").get(0).get(0).asText()).isEqualTo("p2");
    assertThat(second.hasNonNull("next")).isFalse(); // the last page has no next cursor
    assertThat(second.path("asOf").asText()).isEqualTo(first.path("asOf").asText());
    assertThat(json(get(base)).path("rows")).hasSize(3);

    assertThat(get(base + "?cursor=garbage").statusCode()).isEqualTo(400);
    assertThat(get(base + "?limit=0").statusCode()).isEqualTo(400);
  }

  @Test
  void streamsEventsFromAnyOffsetAndHoldsTheConnectionOpenForNewOnes() throws Exception {
    deployAndRunCatalog();
    String base = "/api/v1/products/podcasts/podcast-catalog/1/ports/podcasts/events";

    List<JsonNode> replay = ndjson(get(base + "?follow=false"));
    assertThat(replay).extracting(event -> event.path("offset").asLong()).containsExactly(0L, 1L);
    JsonNode first = replay.get(0);
    assertThat(first.path("port").asText()).isEqualTo("podcasts/podcast-catalog:1/podcasts");
    assertThat(first.path("key").toString()).isEqualTo("{\"podcast_id\":\"p1\"}");
    assertThat(first.path("value").path("title").asText()).isEqualTo("Data Mesh Radio");
    assertThat(first.path("eventTime").asText()).isEqualTo("2026-01-10T00:00:00Z");
    assertThat(first.path("runId").asText()).isNotEmpty();
    assertThat(ndjson(get(base + "?follow=false&after=0"))).hasSize(1);

    // A follower waits for the next event: a correction committed after it connected.
    var following =
        http.sendAsync(
            request(base + "?after=1&limit=1").GET().build(), HttpResponse.BodyHandlers.ofString());
    Thread.sleep(500);
    assertThat(following).isNotDone();
    Files.writeString(
        specs.resolve("data/podcasts.csv"),
        "podcast_id,title,released,episodes\np1,Data Mesh Radio,2026-01-10,12\np2,The Data Pipeline,2026-03-01,30\n");
    post("/api/v1/products/podcasts/podcast-catalog/1/runs", "application/json", "");
    List<JsonNode> corrected = ndjson(following.get(30, java.util.concurrent.TimeUnit.SECONDS));
    assertThat(corrected)
        .singleElement()
        .satisfies(
            event -> {
              assertThat(event.path("offset").asLong()).isEqualTo(2);
              assertThat(event.path("key").path("podcast_id").asText()).isEqualTo("p2");
              assertThat(event.path("value").path("title").asText()).isEqualTo("The Data Pipeline");
            });
  }

  private static List<JsonNode> ndjson(HttpResponse<String> response) throws IOException {
    List<JsonNode> events = new java.util.ArrayList<>();
    for (String line : response.body().split("\n")) {
      if (!line.isBlank()) {
        events.add(JSON.readTree(line));
      }
    }
    return events;
  }

  private void deployAndRunCatalog() throws Exception {
    assertThat(
            post("/api/v1/products", "application/json", specsBody("podcast-catalog")).statusCode())
        .isEqualTo(201);
    assertThat(
            post("/api/v1/products/podcasts/podcast-catalog/1/runs", "application/json", "")
                .statusCode())
        .isEqualTo(201);
  }

  @Test
  void aPortIsServedOnlyInTheModesItsAccessNames() throws Exception {
    Path catalog = specs.resolve("podcast-catalog.yaml");
    Files.writeString(
        catalog,
        Files.readString(catalog)
            .replace(
                "    key: [podcast_id]\n", "    key: [podcast_id]\n    access: [files, events]\n"));
    deployAndRunCatalog();
    String port = "/api/v1/products/podcasts/podcast-catalog/1/ports/podcasts";

    assertThat(get(port + "/files?format=csv").statusCode()).isEqualTo(200);
    assertThat(ndjson(get(port + "/events?follow=false"))).hasSize(2);
    HttpResponse<String> rows = get(port + "/rows");
    assertThat(rows.statusCode()).isEqualTo(404);
    assertThat(json(rows).path("detail").asText())
        .isEqualTo(
            "podcasts/podcast-catalog:1/podcasts is not served through rest: its product serves"
                + " it through files, events (the output's access in its spec)");
    HttpResponse<String> query =
        post(
            "/api/v1/query",
            "application/json",
            JSON.createObjectNode()
                .put("sql", "SELECT count(*) FROM podcasts.podcast_catalog.podcasts")
                .toString());
    assertThat(query.statusCode()).isEqualTo(404);
    assertThat(json(query).path("detail").asText()).contains("is not served through sql");

    JsonNode document =
        json(get("/api/v1/products/podcasts/podcast-catalog/1")).path("ports").get(0);
    assertThat(document.path("access").toString()).isEqualTo("[\"files\",\"events\"]");
    List<String> addresses = new java.util.ArrayList<>();
    document.path("addresses").fieldNames().forEachRemaining(addresses::add);
    assertThat(addresses)
        .contains("files", "events", "kafkaTopic", "icebergTable")
        .doesNotContain("sql", "sqlPinned", "rows", "flightSqlUrl", "flightSqlTable");

    // Restricted the other way (removing modes is a breaking change: a new major version), the
    // events are refused too.
    Files.writeString(
        catalog,
        Files.readString(catalog)
            .replace("access: [files, events]", "access: [sql]")
            .replace("version: 1.0.0", "version: 2.0.0"));
    HttpResponse<String> updated =
        post("/api/v1/products", "application/json", specsBody("podcast-catalog"));
    assertThat(updated.statusCode()).isEqualTo(201);
    assertThat(json(updated).path("deployments").get(0).path("change").asText())
        .isEqualTo("created");
    assertThat(
            post("/api/v1/products/podcasts/podcast-catalog/2/runs", "application/json", "")
                .statusCode())
        .isEqualTo(201);
    String second = "/api/v1/products/podcasts/podcast-catalog/2/ports/podcasts";
    HttpResponse<String> events = get(second + "/events?follow=false");
    assertThat(events.statusCode()).isEqualTo(404);
    assertThat(json(events).path("detail").asText())
        .isEqualTo(
            "podcasts/podcast-catalog:2/podcasts is not served as events: its product serves it"
                + " through sql (the output's access in its spec)");
    assertThat(get(second + "/files").statusCode()).isEqualTo(404);
    assertThat(ndjson(get(port + "/events?follow=false")))
        .as("major 1 is still served as it was")
        .hasSize(2);
    HttpResponse<String> counted =
        post(
            "/api/v1/query",
            "application/json",
            JSON.createObjectNode()
                .put("sql", "SELECT count(*) FROM podcasts.podcast_catalog.podcasts")
                .toString());
    assertThat(counted.statusCode()).isEqualTo(200);
    assertThat(json(counted).path("rows").toString()).isEqualTo("[[2]]");
  }

  @Test
  void aDryRunValidatesWithoutDeploying() throws Exception {
    HttpResponse<String> response =
        post("/api/v1/products?dryRun=true", "application/json", specsBody("podcast-catalog"));
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(json(response).path("valid").asBoolean()).isTrue();
    assertThat(json(response).path("plan").path("products").get(0).path("action").asText())
        .isEqualTo("create");
    assertThat(json(get("/api/v1/products"))).isEmpty();
  }

  @Test
  void aDryRunReturnsThePlanAndARefusedOneIsAProblemCarryingIt() throws Exception {
    post(
        "/api/v1/products",
        "application/json",
        specsBody("podcast-catalog", "play-events", "top-podcasts"));
    Path catalog = specs.resolve("podcast-catalog.yaml");
    String deployed = Files.readString(catalog);
    Files.writeString(
        catalog,
        deployed
            .replace("version: 1.0.0", "version: 1.1.0")
            .replace("CAST(episodes AS INTEGER)", "CAST(episodes AS BIGINT)")
            .replace("{name: episodes, type: integer}", "{name: episodes, type: bigint}"));

    HttpResponse<String> minor =
        post("/api/v1/products?dryRun=true", "application/json", specsBody("podcast-catalog"));

    assertThat(minor.statusCode()).isEqualTo(200);
    JsonNode plan = json(minor).path("plan");
    assertThat(plan.path("level").asText()).isEqualTo("minor");
    assertThat(plan.path("deployable").asBoolean()).isTrue();
    JsonNode product = plan.path("products").get(0);
    assertThat(product.path("action").asText()).isEqualTo("update");
    assertThat(product.path("baseline").path("version").asText()).isEqualTo("1.0.0");
    assertThat(product.path("changes").findValuesAsText("description"))
        .contains("type of 'episodes' widened from integer to bigint");
    assertThat(product.path("consumers").get(0).path("product").asText())
        .isEqualTo("podcasts/top-podcasts:1");

    Files.writeString(
        catalog,
        deployed
            .replace("version: 1.0.0", "version: 1.1.0")
            .replace("SELECT podcast_id, title,", "SELECT podcast_id,")
            .replace("      - {name: title, type: string}\n", ""));
    HttpResponse<String> refused =
        post("/api/v1/products?dryRun=true", "application/json", specsBody("podcast-catalog"));

    assertThat(refused.statusCode()).isEqualTo(409);
    assertThat(refused.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    JsonNode problem = json(refused);
    assertThat(problem.path("type").asText()).endsWith("/change-refused");
    assertThat(problem.path("errors").get(0).path("message").asText())
        .startsWith(
            "port 'podcasts': column 'title' removed: a breaking change needs a new major"
                + " version (2.0.0, served beside 1); it would hit podcasts/top-podcasts:1");
    assertThat(problem.path("plan").path("deployable").asBoolean()).isFalse();
    assertThat(
            problem
                .path("plan")
                .path("products")
                .get(0)
                .path("refusals")
                .get(0)
                .path("line")
                .asInt())
        .isPositive();
    assertThat(json(get("/api/v1/products/podcasts/podcast-catalog")).path("version").asText())
        .isEqualTo("1.0.0");
  }

  private String specsBody(String... names) throws IOException {
    var array = JSON.createArrayNode();
    for (String name : names) {
      array
          .addObject()
          .put("file", name + ".yaml")
          .put("content", Files.readString(specs.resolve(name + ".yaml")))
          .put("baseDir", specs.toString());
    }
    return JSON.createObjectNode().set("specs", array).toString();
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String path, String contentType, String body) throws Exception {
    return http.send(
        request(path)
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** A request to the path with the test's token. */
  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + token);
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.port() + path);
  }

  private static JsonNode json(HttpResponse<String> response) throws IOException {
    return JSON.readTree(response.body());
  }
}
