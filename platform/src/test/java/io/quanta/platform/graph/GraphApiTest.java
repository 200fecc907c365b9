package io.quanta.platform.graph;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quanta.governance.Principal;
import io.quanta.platform.Mesh;
import io.quanta.platform.api.ApiServer;
import io.quanta.platform.auth.TokenService;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The graphs over HTTP, on the example podcast mesh: metadata only, for any signed-in user. */
class GraphApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir static Path temp;
  private static Mesh mesh;
  private static ApiServer server;
  private static String token;

  @BeforeAll
  static void start() {
    List<Path> specs = GraphExampleMesh.copy(temp.resolve("podcasts"));
    mesh = Mesh.open(temp.resolve("quanta"));
    mesh.lifecycle().deployFiles(specs);
    // Someone of no team at all: the graphs are metadata every signed-in user may see.
    token =
        new TokenService(mesh.registry().tokens(), Clock.systemUTC())
            .create(
                new Principal("visitor", Set.of(), Set.of(), Map.of(), false),
                "graph tests",
                Optional.empty())
            .token();
    server = ApiServer.start(mesh, "127.0.0.1", 0);
  }

  @AfterAll
  static void stop() {
    server.close();
    mesh.close();
  }

  @Test
  void lineageOfAProductUpstreamWithItsColumns() throws Exception {
    JsonNode body =
        ok(
            "/api/v1/lineage/podcasts/listeners-demographics/1?direction=upstream&depth=1&columns=true");

    assertThat(body.path("root").asText()).isEqualTo("podcasts/listeners-demographics:1");
    assertThat(body.path("direction").asText()).isEqualTo("upstream");
    assertThat(body.path("depth").asInt()).isEqualTo(1);
    assertThat(ids(body, "product"))
        .containsExactly(
            "podcasts/listeners-demographics:1", "podcasts/play-events:1", "users/user-profiles:2");
    assertThat(ids(body, "source"))
        .containsExactly("podcasts/listeners-demographics:1/inputs/countries");
    assertThat(edges(body, "reads"))
        .contains(
            "podcasts/play-events:1 -> podcasts/listeners-demographics:1",
            "podcasts/listeners-demographics:1/inputs/countries -> podcasts/listeners-demographics:1");
    assertThat(edges(body, "feeds"))
        .containsExactlyInAnyOrder(
            "podcasts/play-events:1/events -> podcasts/listeners-demographics:1/demographics",
            "users/user-profiles:2/profiles -> podcasts/listeners-demographics:1/demographics",
            "podcasts/listeners-demographics:1/inputs/countries"
                + " -> podcasts/listeners-demographics:1/demographics");
    assertThat(edges(body, "derives"))
        .contains(
            "podcasts/play-events:1/events.played_at"
                + " -> podcasts/listeners-demographics:1/demographics.day");
    JsonNode listens = node(body, "podcasts/listeners-demographics:1/demographics.listens");
    assertThat(listens.path("parent").asText())
        .isEqualTo("podcasts/listeners-demographics:1/demographics");
    assertThat(listens.path("attributes").path("derivation").asText()).isEqualTo("counts rows");
  }

  @Test
  void lineageDownstreamOfTheNewestMajorByDefault() throws Exception {
    JsonNode body = ok("/api/v1/lineage/podcasts/play-events?direction=downstream");

    assertThat(body.has("depth")).isFalse();
    assertThat(body.path("columns").asBoolean()).isFalse();
    assertThat(ids(body, "product"))
        .containsExactly(
            "podcasts/play-events:1",
            "artists/emerging-artists:1",
            "podcasts/listeners-demographics:1",
            "podcasts/top-podcasts-daily:1");
    assertThat(ids(body, "column")).isEmpty();
  }

  @Test
  void identifierTypesAndTheColumnsHoldingThem() throws Exception {
    JsonNode all = ok("/api/v1/graph/identifiers");
    List<String> names = new ArrayList<>();
    all.path("identifiers").forEach(type -> names.add(type.path("name").asText()));
    assertThat(names).containsExactly("user-id", "podcast-id", "artist-id", "iso-3166-alpha2");
    assertThat(ids(all, "identifier")).hasSize(4);

    JsonNode artists = ok("/api/v1/graph/identifiers/artist-id");
    assertThat(artists.path("registered").asBoolean()).isTrue();
    assertThat(artists.path("products").toString())
        .isEqualTo(
            "[\"artists/artist-payments:1\",\"artists/emerging-artists:1\","
                + "\"podcasts/podcast-catalog:1\"]");
    assertThat(edges(artists, "identifies"))
        .contains("podcasts/podcast-catalog:1/podcasts.artist_id -> identifier:artist-id");

    HttpResponse<String> unknown = get("/api/v1/graph/identifiers/episode-id", token);
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(JSON.readTree(unknown.body()).path("detail").asText())
        .contains("'episode-id' is neither registered nor declared by any column");
  }

  @Test
  void joinPathsAcrossDomains() throws Exception {
    JsonNode body =
        ok("/api/v1/graph/paths?from=users/user-registrations&to=artists/artist-payments:1");

    assertThat(body.path("from").asText()).isEqualTo("users/user-registrations:1");
    assertThat(body.path("joins").asInt()).isEqualTo(3);
    assertThat(body.path("paths")).hasSize(2);
    JsonNode viaPlays = body.path("paths").get(1);
    assertThat(viaPlays.path("products").get(1).asText()).isEqualTo("podcasts/play-events:1");
    JsonNode firstJoin = viaPlays.path("steps").get(0).path("on").get(0);
    assertThat(firstJoin.path("from").asText())
        .isEqualTo("users/user-registrations:1/registrations.user_id");
    assertThat(firstJoin.path("to").asText()).isEqualTo("podcasts/play-events:1/events.user_id");
    assertThat(firstJoin.path("reason").asText()).isEqualTo("identifier");
    assertThat(firstJoin.path("identifier").asText()).isEqualTo("user-id");
    assertThat(edges(body, "joins"))
        .contains("users/user-registrations:1 -> podcasts/play-events:1");

    HttpResponse<String> missing = get("/api/v1/graph/paths?from=users/user-registrations", token);
    assertThat(missing.statusCode()).isEqualTo(400);
    HttpResponse<String> unknown =
        get("/api/v1/graph/paths?from=users/user-registrations&to=users/nobody", token);
    assertThat(unknown.statusCode()).isEqualTo(404);
  }

  @Test
  void theExampleMeshHasNoBrokenLink() throws Exception {
    JsonNode body = ok("/api/v1/graph/broken-links");

    assertThat(body.path("brokenLinks")).isEmpty();
    assertThat(body.path("unregisteredIdentifiers")).isEmpty();
    assertThat(body.path("nodes")).isEmpty();
  }

  @Test
  void refusesBadRequestsAndAnonymousOnes() throws Exception {
    assertThat(get("/api/v1/lineage/podcasts/play-events/1?direction=sideways", token).statusCode())
        .isEqualTo(400);
    assertThat(get("/api/v1/lineage/podcasts/play-events/1?depth=-1", token).statusCode())
        .isEqualTo(400);
    assertThat(get("/api/v1/lineage/podcasts/play-events/7", token).statusCode()).isEqualTo(404);
    HttpResponse<String> anonymous = get("/api/v1/graph/identifiers", null);
    assertThat(anonymous.statusCode()).isEqualTo(401);
  }

  private static JsonNode ok(String path) throws Exception {
    HttpResponse<String> response = get(path, token);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  private static HttpResponse<String> get(String path, String bearer) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).GET();
    if (bearer != null) {
      request.header("Authorization", "Bearer " + bearer);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static List<String> ids(JsonNode body, String kind) {
    List<String> ids = new ArrayList<>();
    body.path("nodes")
        .forEach(
            node -> {
              if (node.path("kind").asText().equals(kind)) {
                ids.add(node.path("id").asText());
              }
            });
    return ids;
  }

  private static JsonNode node(JsonNode body, String id) {
    for (JsonNode node : body.path("nodes")) {
      if (node.path("id").asText().equals(id)) {
        return node;
      }
    }
    throw new AssertionError("no node " + id);
  }

  private static List<String> edges(JsonNode body, String kind) {
    List<String> edges = new ArrayList<>();
    body.path("edges")
        .forEach(
            edge -> {
              if (edge.path("kind").asText().equals(kind)) {
                edges.add(edge.path("from").asText() + " -> " + edge.path("to").asText());
              }
            });
    return edges;
  }
}
