package io.quanta.platform.trust;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quanta.governance.Principal;
import io.quanta.platform.Mesh;
import io.quanta.platform.api.ApiServer;
import io.quanta.platform.auth.TokenService;
import io.quanta.spec.ProductId;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The observability port and the quarantine over HTTP. */
class TrustApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path temp;
  private Mesh mesh;
  private ApiServer server;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws Exception {
    Path specs = temp.resolve("specs");
    io.quanta.platform.TestMeshes.copy("trust", specs);
    mesh = Mesh.open(temp.resolve("data"));
    mesh.lifecycle().deployFiles(List.of(specs.resolve("users.yaml"), specs.resolve("plays.yaml")));
    mesh.runs().run(ProductId.of("trust", "users", 1), "test");
    Files.writeString(
        specs.resolve("data/plays.csv"),
        "7,u1,-5,ios,2026-11-04 10:00:00\n",
        StandardOpenOption.APPEND);
    try {
      mesh.runs().run(ProductId.of("trust", "plays", 1), "test");
    } catch (RuntimeException expected) {
      // the row with -5 seconds breaks an error expectation: quarantined
    }
    server = ApiServer.start(mesh, "127.0.0.1", 0);
  }

  @AfterEach
  void stop() {
    server.close();
    mesh.close();
  }

  @Test
  void theObservabilityPortAndTheQuarantineAnswerTheirReaders() throws Exception {
    String owner = token("pat", Set.of("plays-team@example.com"));
    String analyst = token("ann", Set.of("analysts"));

    HttpResponse<String> observed = get("/api/v1/products/trust/plays/1/observability", analyst);
    assertThat(observed.statusCode()).isEqualTo(200);
    JsonNode body = JSON.readTree(observed.body());
    assertThat(body.path("runs").get(0).path("state").asText()).isEqualTo("failed");
    assertThat(body.path("checks").findValuesAsText("name")).contains("invalidValues(seconds)");
    assertThat(body.path("slos").findValuesAsText("objective")).contains("freshness", "volume");

    HttpResponse<String> quarantine =
        get("/api/v1/products/trust/plays/1/ports/events/quarantine", owner);
    assertThat(quarantine.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(quarantine.body()).path("total").asLong()).isEqualTo(1);

    HttpResponse<String> denied =
        get("/api/v1/products/trust/plays/1/ports/events/quarantine", analyst);
    assertThat(denied.statusCode()).isEqualTo(403);
    assertThat(denied.body()).doesNotContain("-5");

    assertThat(
            get("/api/v1/products/trust/plays/1/ports/events/quarantine?limit=lots", owner)
                .statusCode())
        .isEqualTo(400);
    assertThat(get("/api/v1/products/trust/nope/1/observability", owner).statusCode())
        .isEqualTo(404);
  }

  private HttpResponse<String> get(String path, String token) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
            .header("Authorization", "Bearer " + token)
            .GET()
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private String token(String user, Set<String> groups) {
    return new TokenService(mesh.registry().tokens(), Clock.systemUTC())
        .create(new Principal(user, groups, Set.of(), Map.of(), false), "test", Optional.empty())
        .token();
  }
}
