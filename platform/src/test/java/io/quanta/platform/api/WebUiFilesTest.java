package io.quanta.platform.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quanta.governance.Principal;
import io.quanta.platform.Mesh;
import io.quanta.platform.auth.TokenService;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web UI's files next to the API: served at {@code /} without a token, with the libraries they
 * import; the API still authenticated and guarded; {@code GET /api/v1/governance} for the
 * governance page. The pages themselves are tested in a browser (cli's WebUiTest).
 */
class WebUiFilesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern WEBJAR = Pattern.compile("\"(/webjars/[^\"]+)\"");

  @TempDir static Path temp;
  private static Mesh mesh;
  private static ApiServer server;
  private static String token;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    mesh = Mesh.open(temp.resolve("quanta"));
    token =
        new TokenService(mesh.registry().tokens(), Clock.systemUTC())
            .create(
                new Principal("reader", Set.of(), Set.of(), Map.of(), false),
                "ui tests",
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
  void servesThePagesWithoutATokenUnderAStrictContentPolicy() throws Exception {
    HttpResponse<String> page = get("/", Map.of());
    HttpResponse<String> script = get("/js/main.js", Map.of());

    SoftAssertions soft = new SoftAssertions();
    soft.assertThat(page.statusCode()).isEqualTo(200);
    soft.assertThat(page.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
    soft.assertThat(page.body()).contains("<title>Quanta</title>", "/js/main.js");
    soft.assertThat(page.headers().firstValue("Content-Security-Policy"))
        .hasValueSatisfying(
            policy ->
                assertThat(policy).contains("default-src 'self'").doesNotContain("script-src"));
    soft.assertThat(script.statusCode()).isEqualTo(200);
    soft.assertThat(script.headers().firstValue("Content-Type")).contains("text/javascript");
    soft.assertAll();
  }

  @Test
  void servesEveryLibraryThePagesImportFromItsWebJar() throws Exception {
    List<String> libraries = new ArrayList<>();
    for (String file : List.of("/ui/index.html", "/ui/js/vendor.js")) {
      Matcher matcher = WEBJAR.matcher(resource(file));
      while (matcher.find()) {
        libraries.add(matcher.group(1));
      }
    }
    assertThat(libraries).hasSizeGreaterThanOrEqualTo(4);
    SoftAssertions soft = new SoftAssertions();
    for (String library : libraries) {
      HttpResponse<String> response = get(library, Map.of());
      soft.assertThat(response.statusCode())
          .as("%s (is its version the one in the root pom.xml?)", library)
          .isEqualTo(200);
      soft.assertThat(response.headers().firstValue("Content-Type"))
          .as(library)
          .contains("text/javascript");
    }
    soft.assertAll();
  }

  @Test
  void theApiStillNeedsATokenAndRefusesOtherOrigins() throws Exception {
    HttpResponse<String> anonymous = get("/api/v1/products", Map.of());
    HttpResponse<String> foreign = get("/", Map.of("Origin", "https://evil.example"));
    HttpResponse<String> missing = get("/js/no-such-file.js", Map.of());

    SoftAssertions soft = new SoftAssertions();
    soft.assertThat(anonymous.statusCode()).isEqualTo(401);
    soft.assertThat(anonymous.headers().firstValue("WWW-Authenticate")).isPresent();
    soft.assertThat(foreign.statusCode()).isEqualTo(403);
    soft.assertThat(missing.statusCode()).isEqualTo(404);
    soft.assertThat(missing.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    soft.assertAll();
  }

  @Test
  void governanceShowsTheRulesIdentifierTypesAndGlobalPoliciesInForce() throws Exception {
    HttpResponse<String> anonymous = get("/api/v1/governance", Map.of());
    HttpResponse<String> response =
        get("/api/v1/governance", Map.of("Authorization", "Bearer " + token));

    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode body = JSON.readTree(response.body());
    SoftAssertions soft = new SoftAssertions();
    soft.assertThat(body.path("version").asInt()).isZero();
    soft.assertThat(body.path("shippedDefault").asBoolean()).isTrue();
    soft.assertThat(body.path("files").toString()).contains("default-governance.yaml");
    soft.assertThat(body.path("identifiers").findValuesAsText("name"))
        .contains("user-id", "podcast-id", "iso-3166-alpha2");
    JsonNode rule = find(body.path("rules"), "pii-masked");
    soft.assertThat(rule.path("severity").asText()).isEqualTo("error");
    soft.assertThat(rule.path("for").asText()).isEqualTo("column");
    soft.assertThat(rule.path("check").asText()).contains("column.masked");
    soft.assertThat(rule.path("origin").asText()).startsWith("default-governance.yaml:");
    JsonNode mask = find(body.path("policies").path("masks"), "global:pii-hashed");
    soft.assertThat(mask.path("method").asText()).isEqualTo("hash");
    soft.assertThat(mask.path("match").asText()).isEqualTo("column.classification == 'pii'");
    soft.assertThat(mask.path("unless").asText()).contains("pii-reader");
    soft.assertThat(body.path("policies").path("access").isArray()).isTrue();
    soft.assertAll();
  }

  private static JsonNode find(JsonNode list, String id) {
    for (JsonNode entry : list) {
      if (entry.path("id").asText().equals(id)) {
        return entry;
      }
    }
    throw new AssertionError("no entry " + id + " in " + list);
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = WebUiFilesTest.class.getResourceAsStream(name)) {
      assertThat(in).as(name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static HttpResponse<String> get(String path, Map<String, String> headers)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).GET();
    headers.forEach(request::header);
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
