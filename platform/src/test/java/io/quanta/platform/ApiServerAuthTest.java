package io.quanta.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.quanta.governance.Principal;
import io.quanta.governance.identity.Tokens;
import io.quanta.platform.api.ApiServer;
import io.quanta.platform.auth.Authenticator;
import io.quanta.platform.auth.TokenService;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Who the HTTP API serves: every request under /api/v1 but the health check has a principal. */
class ApiServerAuthTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String QUERY =
      "/api/v1/query?sql="
          + URLEncoder.encode(
              "SELECT count(*) FROM podcasts.podcast_catalog.podcasts", StandardCharsets.UTF_8);
  private static final Principal ALICE =
      new Principal(
          "alice",
          Set.of("analysts"),
          Set.of("pii-reader"),
          Map.of("country", "DE", "departments", List.of("marketing", "sales")),
          false);

  @TempDir Path temp;
  private Mesh mesh;
  private ApiServer server;
  private TokenService tokens;
  private final HttpClient http = HttpClient.newHttpClient();

  /** A mesh with the podcast catalog deployed and run, and the mesh config given. */
  private void start(String config) throws IOException {
    Path dataDir = temp.resolve("quanta");
    Files.createDirectories(dataDir);
    Files.writeString(dataDir.resolve(MeshConfig.FILE), config);
    Path specs = TestMeshes.copy("mesh", temp.resolve("specs"));
    mesh = Mesh.open(dataDir);
    mesh.lifecycle().deployFiles(TestMeshes.specs(specs, "podcast-catalog"));
    mesh.runs()
        .runAll(List.of(io.quanta.spec.ProductId.of("podcasts", "podcast-catalog", 1)), "test");
    tokens = new TokenService(mesh.registry().tokens(), Clock.systemUTC());
    server = ApiServer.start(mesh, "127.0.0.1", 0);
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
    if (mesh != null) {
      mesh.close();
    }
  }

  @Test
  void aRequestWithoutATokenIsRefusedWithAChallenge() throws Exception {
    start("");

    HttpResponse<String> response = get(QUERY, Optional.empty());

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate"))
        .hasValue("Bearer realm=\"quanta\"");
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    JsonNode problem = json(response);
    assertThat(problem.path("type").asText()).endsWith("/unauthenticated");
    assertThat(problem.path("status").asInt()).isEqualTo(401);
    assertThat(problem.path("detail").asText())
        .startsWith("This mesh needs a token: create a token with `quanta token create");
    // No route answers before authentication: an unknown path is not told apart from a known one.
    assertThat(get("/api/v1/products", Optional.empty()).statusCode()).isEqualTo(401);
    assertThat(get("/api/v1/nothing-here", Optional.empty()).statusCode()).isEqualTo(401);
  }

  @Test
  void aBadTokenIsRefusedAsAnInvalidToken() throws Exception {
    start("");
    String unknown = "qnt_" + "A".repeat(43);

    for (String credentials :
        List.of("Bearer " + unknown, "Bearer qnt_tooshort", "Basic YWxpY2U6c2VjcmV0")) {
      HttpResponse<String> response = get(QUERY, Optional.of(credentials));
      assertThat(response.statusCode()).as(credentials).isEqualTo(401);
      assertThat(response.headers().firstValue("WWW-Authenticate"))
          .as(credentials)
          .hasValue("Bearer realm=\"quanta\", error=\"invalid_token\"");
      assertThat(response.body()).doesNotContain(unknown);
    }
  }

  @Test
  void aGoodTokenReads() throws Exception {
    start("");
    String token = tokens.create(ALICE, "", Optional.empty()).token();

    HttpResponse<String> response = get(QUERY, bearer(token));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(json(response).path("rows").toString()).isEqualTo("[[2]]");
    assertThat(get("/api/v1/products", bearer(token)).statusCode()).isEqualTo(200);
  }

  @Test
  void theHealthCheckNeedsNoToken() throws Exception {
    start("");

    HttpResponse<String> health = get("/api/v1/health", Optional.empty());

    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(json(health).path("status").asText()).isEqualTo("ok");
  }

  @Test
  void whoamiShowsThePrincipalAndThePurpose() throws Exception {
    start("");
    String token = tokens.create(ALICE, "", Optional.empty()).token();

    HttpResponse<String> response =
        http.send(
            request("/api/v1/whoami", bearer(token))
                .header("X-Quanta-Purpose", "campaign-analytics")
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(json(response))
        .isEqualTo(
            JSON.readTree(
                """
                {"user": "alice", "groups": ["analysts"], "roles": ["pii-reader"],
                 "attributes": {"country": "DE", "departments": ["marketing", "sales"]},
                 "anonymous": false, "purpose": "campaign-analytics"}
                """));
    assertThat(get("/api/v1/whoami", Optional.empty()).statusCode()).isEqualTo(401);
  }

  @Test
  void aTokenRevokedWhileTheServerRunsIsRefusedAtOnce() throws Exception {
    start("");
    String token = tokens.create(ALICE, "", Optional.empty()).token();
    assertThat(get(QUERY, bearer(token)).statusCode()).isEqualTo(200);

    tokens.revoke(Tokens.id(token));

    HttpResponse<String> refused = get(QUERY, bearer(token));
    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(json(refused).path("detail").asText())
        .startsWith("The token qnt_" + Tokens.id(token) + "... was revoked at ");
  }

  @Test
  void aMeshThatAllowsAnonymousReadsServesRequestsWithoutToken() throws Exception {
    start("auth: {anonymous: true}\n");

    HttpResponse<String> whoami = get("/api/v1/whoami", Optional.empty());
    assertThat(whoami.statusCode()).isEqualTo(200);
    assertThat(json(whoami).path("user").asText()).isEqualTo("anonymous");
    assertThat(json(whoami).path("anonymous").asBoolean()).isTrue();
    assertThat(get(QUERY, Optional.empty()).statusCode()).isEqualTo(200);
    // A token that is sent still counts, and a bad one is still refused.
    String token = tokens.create(ALICE, "", Optional.empty()).token();
    assertThat(json(get("/api/v1/whoami", bearer(token))).path("user").asText()).isEqualTo("alice");
    assertThat(get(QUERY, bearer("qnt_" + "A".repeat(43))).statusCode()).isEqualTo(401);
  }

  @Test
  void aJwtOfTheMeshsIdentityProviderIsAccepted() throws Exception {
    String secret = "the identity provider's secret, 32 bytes or more";
    start(
        """
        auth:
          jwt:
            issuer: https://idp.example.com
            hs256-secret-env: IDP_SECRET
            claims: {attributes: [country]}
        """);
    server.close();
    Authenticator authenticator =
        new Authenticator(
            mesh.registry().tokens(),
            mesh.config().auth(),
            Map.of("IDP_SECRET", secret)::get,
            Clock.systemUTC());
    server = ApiServer.start(mesh, authenticator, "127.0.0.1", 0);
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader(JWSAlgorithm.HS256),
            new JWTClaimsSet.Builder()
                .subject("carol")
                .issuer("https://idp.example.com")
                .expirationTime(Date.from(Instant.now().plus(Duration.ofMinutes(5))))
                .claim("groups", List.of("analysts"))
                .claim("country", "FR")
                .build());
    jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));

    HttpResponse<String> whoami = get("/api/v1/whoami", bearer(jwt.serialize()));

    assertThat(whoami.statusCode()).as(whoami.body()).isEqualTo(200);
    assertThat(json(whoami).path("user").asText()).isEqualTo("carol");
    assertThat(json(whoami).path("groups").toString()).isEqualTo("[\"analysts\"]");
    assertThat(json(whoami).path("attributes").toString()).isEqualTo("{\"country\":\"FR\"}");
    assertThat(get(QUERY, bearer(jwt.serialize())).statusCode()).isEqualTo(200);
  }

  private static Optional<String> bearer(String token) {
    return Optional.of("Bearer " + token);
  }

  private HttpRequest.Builder request(String path, Optional<String> credentials) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
    credentials.ifPresent(value -> request.header("Authorization", value));
    return request;
  }

  private HttpResponse<String> get(String path, Optional<String> credentials) throws Exception {
    return http.send(
        request(path, credentials).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(HttpResponse<String> response) throws IOException {
    return JSON.readTree(response.body());
  }
}
