package io.quanta.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quanta.governance.Principal;
import io.quanta.platform.api.ApiServer;
import io.quanta.platform.auth.TokenService;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /api/v1/search}: any authenticated principal searches what products publish. */
class SearchApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path temp;
  private Mesh mesh;
  private ApiServer server;

  /** A principal of no team and no role: search shows it what every product publishes. */
  private String token;

  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() {
    Path specs = TestMeshes.copy("mesh", temp.resolve("specs"));
    mesh = Mesh.open(temp.resolve("quanta"));
    mesh.lifecycle()
        .deployFiles(TestMeshes.specs(specs, "podcast-catalog", "play-events", "top-podcasts"));
    token =
        new TokenService(mesh.registry().tokens(), Clock.systemUTC())
            .create(
                new Principal("outsider", Set.of(), Set.of(), Map.of(), false),
                "search tests",
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
  void searchesWithTyposFacetsAndALimit() throws Exception {
    HttpResponse<String> response = get("/api/v1/search?q=" + encode("podcst"));

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode body = JSON.readTree(response.body());
    assertThat(body.path("query").asText()).isEqualTo("podcst");
    JsonNode first = body.path("hits").get(0);
    assertThat(first.path("product").asText()).isEqualTo("podcasts/podcast-catalog");
    assertThat(first.path("major").asInt()).isEqualTo(1);
    assertThat(first.path("version").asText()).isEqualTo("1.0.0");
    assertThat(first.path("matched").asText()).isEqualTo("name");
    assertThat(first.path("href").asText())
        .isEqualTo("/api/v1/products/podcasts/podcast-catalog/1");
    assertThat(first.path("score").asDouble()).isPositive();
    assertThat(first.has("rows")).isFalse();

    JsonNode filtered =
        JSON.readTree(
            get("/api/v1/search?facet=owner:marketing@example.com&facet=kind:consumer-aligned&limit=5")
                .body());
    assertThat(filtered.path("total").asLong()).isEqualTo(1);
    assertThat(filtered.path("filters").toString())
        .isEqualTo("[\"kind:consumer-aligned\",\"owner:marketing@example.com\"]");
    assertThat(filtered.path("hits").get(0).path("product").asText())
        .isEqualTo("podcasts/top-podcasts");
    assertThat(filtered.path("hits").get(0).has("matched")).isFalse();

    JsonNode browse = JSON.readTree(get("/api/v1/search?limit=2").body());
    assertThat(browse.path("total").asLong()).isEqualTo(3);
    assertThat(browse.path("hits")).hasSize(2);
    assertThat(browse.path("facets").path("domain").toString())
        .isEqualTo("[{\"value\":\"podcasts\",\"count\":3}]");
    assertThat(browse.path("facets").path("owner").toString())
        .isEqualTo(
            "[{\"value\":\"podcasts-team@example.com\",\"count\":2},"
                + "{\"value\":\"marketing@example.com\",\"count\":1}]");

    JsonNode column = JSON.readTree(get("/api/v1/search?q=per_episode").body());
    assertThat(column.path("hits").get(0).path("matched").asText()).isEqualTo("column");
    assertThat(column.path("hits").get(0).path("port").asText()).isEqualTo("episode-share");
    assertThat(column.path("hits").get(0).path("column").asText()).isEqualTo("per_episode");
  }

  @Test
  void refusesBadParametersAndAnonymousRequests() throws Exception {
    HttpResponse<String> facet = get("/api/v1/search?q=x&facet=colour:red");
    assertThat(facet.statusCode()).isEqualTo(400);
    assertThat(facet.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    assertThat(JSON.readTree(facet.body()).path("detail").asText())
        .isEqualTo(
            "unknown facet 'colour'; the facets are domain, kind, tag, owner, classification, slo,"
                + " state");
    assertThat(get("/api/v1/search?limit=1000").statusCode()).isEqualTo(400);
    assertThat(get("/api/v1/search?limit=ten").statusCode()).isEqualTo(400);

    HttpResponse<String> anonymous =
        http.send(
            HttpRequest.newBuilder(uri("/api/v1/search?q=podcast")).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(anonymous.statusCode()).isEqualTo(401);
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + token).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.port() + path);
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }
}
