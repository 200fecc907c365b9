package io.quanta.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quanta.governance.Principal;
import io.quanta.platform.api.ApiServer;
import io.quanta.platform.auth.TokenService;
import io.quanta.spec.ProductId;
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

/** The control port over HTTP: who may see and change a product's policies, and what it does. */
class ControlPortApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String POLICIES = "/api/v1/products/users/user-profiles/1/control/policies";
  private static final String QUERY =
      "/api/v1/query?sql=SELECT%20country%20FROM%20users.user_profiles.profiles%20ORDER%20BY%201";

  @TempDir Path temp;
  private Mesh mesh;
  private ApiServer server;
  private String owner;
  private String analyst;
  private String governance;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() {
    Path specs = TestMeshes.copy("governed", temp.resolve("specs"));
    mesh = Mesh.open(temp.resolve("quanta"));
    mesh.lifecycle().deployFiles(List.of(specs.resolve("user-profiles.yaml")));
    mesh.runs().run(ProductId.of("users", "user-profiles", 1), "test");
    owner = token("olga", Set.of("users-team"), Set.of());
    analyst = token("ana", Set.of("analysts"), Set.of());
    governance = token("gov", Set.of(), Set.of("governance"));
    server = ApiServer.start(mesh, "127.0.0.1", 0);
  }

  @AfterEach
  void stop() {
    server.close();
    mesh.close();
  }

  @Test
  void theOwnerChangesPoliciesEffectiveOnTheNextRead() throws Exception {
    assertThat(send("GET", POLICIES, analyst, null).statusCode()).isEqualTo(403);

    HttpResponse<String> current = send("GET", POLICIES, owner, null);
    assertThat(current.statusCode()).isEqualTo(200);
    JsonNode body = JSON.readTree(current.body());
    assertThat(body.get("version").asInt()).isZero();
    assertThat(body.get("source").asText()).isEqualTo("spec");
    assertThat(body.at("/policies/rowFilters/0/id").asText()).isEqualTo("own-country");

    // The analyst has no country attribute: the spec's row filter hides every row.
    assertThat(rows(send("GET", QUERY, analyst, null))).isEmpty();

    HttpResponse<String> changed =
        send(
            "PUT",
            POLICIES,
            owner,
            "masks:\n  - id: country-redacted\n    column: country\n    method: redact\n");
    assertThat(changed.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(changed.body()).get("version").asInt()).isEqualTo(1);

    assertThat(rows(send("GET", QUERY, analyst, null)))
        .extracting(row -> row.get(0).asText())
        .containsExactly("****", "****", "****");

    JsonNode history = JSON.readTree(send("GET", POLICIES, governance, null).body());
    assertThat(history.get("changedBy").asText()).isEqualTo("olga");
    assertThat(history.get("history")).hasSize(1);
  }

  @Test
  void aBadChangeIsRefusedWithItsLineAndNothingChanges() throws Exception {
    HttpResponse<String> refused =
        send(
            "PUT",
            POLICIES,
            governance,
            "masks:\n  - id: x\n    column: email\n    method: scramble\n");
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.body()).contains("\"line\":4,\"column\":13").contains("scramble");
    assertThat(send("PUT", POLICIES, analyst, "masks: []\n").statusCode()).isEqualTo(403);
    assertThat(JSON.readTree(send("GET", POLICIES, owner, null).body()).get("version").asInt())
        .isZero();
  }

  @Test
  void onlyTheOwnerDeploysAndRunsAProduct() throws Exception {
    String spec =
        Files.readString(temp.resolve("specs/user-profiles.yaml"))
            .replace("version: 1.0.0", "version: 1.0.1");
    assertThat(
            send("POST", "/api/v1/products/users/user-profiles/1/runs", analyst, "").statusCode())
        .isEqualTo(403);
    String body =
        JSON.writeValueAsString(
            Map.of(
                "specs",
                List.of(
                    Map.of(
                        "file",
                        "user-profiles.yaml",
                        "content",
                        spec,
                        "baseDir",
                        temp.resolve("specs").toString()))));
    HttpResponse<String> deploy =
        send("POST", "/api/v1/products", analyst, body, "application/json");
    assertThat(deploy.statusCode()).isEqualTo(403);
    assertThat(deploy.body()).contains("Only the owner of users/user-profiles:1");
    assertThat(send("POST", "/api/v1/products/users/user-profiles/1/runs", owner, "").statusCode())
        .isEqualTo(201);
  }

  private List<JsonNode> rows(HttpResponse<String> response) throws Exception {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    List<JsonNode> rows = new java.util.ArrayList<>();
    JSON.readTree(response.body()).get("rows").forEach(rows::add);
    return rows;
  }

  private HttpResponse<String> send(String method, String path, String token, String body)
      throws Exception {
    return send(method, path, token, body, "application/yaml");
  }

  private HttpResponse<String> send(
      String method, String path, String token, String body, String contentType) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
            .header("Authorization", "Bearer " + token)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", contentType);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private String token(String user, Set<String> groups, Set<String> roles) {
    return new TokenService(mesh.registry().tokens(), Clock.systemUTC())
        .create(new Principal(user, groups, roles, Map.of(), false), "test", Optional.empty())
        .token();
  }
}
