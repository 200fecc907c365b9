package io.quanta.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quanta.governance.Principal;
import io.quanta.platform.api.ApiServer;
import io.quanta.platform.auth.TokenService;
import io.quanta.spec.ProductId;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deprecation and retirement over HTTP: the Deprecation (RFC 9745), Sunset (RFC 8594) and Link
 * headers on everything about a deprecated version, 410 Gone for a retired one, and the lifecycle
 * and consumers endpoints.
 */
class LifecycleApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String V1 = "/api/v1/products/podcasts/play-events/1";
  private static final String V2 = "/api/v1/products/podcasts/play-events/2";

  @TempDir Path temp;
  private Mesh mesh;
  private ApiServer server;
  private String owner;
  private String analyst;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() {
    Path specs = TestMeshes.copy("lifecycle", temp.resolve("specs"));
    mesh = Mesh.open(temp.resolve("quanta"));
    mesh.lifecycle()
        .deployFiles(TestMeshes.specs(specs, "play-events", "play-events-v2", "top-podcasts"));
    mesh.runs()
        .runAll(
            List.of(
                ProductId.of("podcasts", "play-events", 1),
                ProductId.of("podcasts", "play-events", 2),
                ProductId.of("marketing", "top-podcasts", 1)),
            "test");
    owner = token("olga", Set.of("podcasts-team"), Set.of());
    analyst = token("ann", Set.of("analysts"), Set.of());
    server = ApiServer.start(mesh, "127.0.0.1", 0);
  }

  @AfterEach
  void stop() {
    server.close();
    mesh.close();
  }

  @Test
  void everythingAboutADeprecatedVersionCarriesTheDeprecationSunsetAndSuccessorHeaders()
      throws Exception {
    LocalDate sunset = LocalDate.now(ZoneOffset.UTC).plusDays(60);
    String request =
        JSON.writeValueAsString(
            Map.of(
                "sunset", sunset.toString(),
                "successor", "podcasts/play-events:2",
                "reason", "played_on is added"));
    assertThat(send("POST", V1 + "/deprecation", analyst, request).statusCode()).isEqualTo(403);
    HttpResponse<String> deprecated = send("POST", V1 + "/deprecation", owner, request);
    assertThat(deprecated.statusCode()).as(deprecated.body()).isEqualTo(200);
    JsonNode lifecycle = JSON.readTree(deprecated.body());
    assertThat(lifecycle.get("state").asText()).isEqualTo("deprecated");
    long deprecatedAt =
        Instant.parse(lifecycle.at("/deprecation/deprecatedAt").asText()).getEpochSecond();

    String sunsetHeader =
        DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", java.util.Locale.US)
            .format(ZonedDateTime.of(sunset.atStartOfDay(), ZoneOffset.UTC));
    String successor = "<http://127.0.0.1:" + server.port() + V2 + ">; rel=\"successor-version\"";
    SoftAssertions soft = new SoftAssertions();
    for (String path :
        List.of(
            V1,
            V1 + "/ports/events/rows",
            V1 + "/ports/events/files?format=csv",
            V1 + "/ports/events/events?follow=false",
            "/api/v1/query?sql="
                + URLEncoder.encode(
                    "SELECT count(*) FROM podcasts.play_events_v1.events",
                    StandardCharsets.UTF_8))) {
      HttpResponse<String> response = send("GET", path, analyst, null);
      soft.assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
      soft.assertThat(response.headers().firstValue("Deprecation"))
          .as(path)
          .contains("@" + deprecatedAt);
      soft.assertThat(response.headers().firstValue("Sunset")).as(path).contains(sunsetHeader);
      soft.assertThat(response.headers().allValues("Link")).as(path).containsExactly(successor);
    }
    for (String path :
        List.of(
            V2,
            "/api/v1/query?sql="
                + URLEncoder.encode(
                    "SELECT count(*) FROM podcasts.play_events_v2.events",
                    StandardCharsets.UTF_8))) {
      HttpResponse<String> response = send("GET", path, analyst, null);
      soft.assertThat(response.statusCode()).as(path).isEqualTo(200);
      soft.assertThat(response.headers().firstValue("Deprecation")).as(path).isEmpty();
      soft.assertThat(response.headers().firstValue("Sunset")).as(path).isEmpty();
    }
    JsonNode document = JSON.readTree(send("GET", V1, analyst, null).body());
    soft.assertThat(document.get("state").asText()).isEqualTo("deprecated");
    soft.assertThat(document.at("/deprecation/successor").asText())
        .isEqualTo("podcasts/play-events:2");
    soft.assertThat(document.at("/deprecation/sunset").asText())
        .isEqualTo(sunset.atStartOfDay(ZoneOffset.UTC).toInstant().toString());
    soft.assertAll();
  }

  @Test
  void consumersShowReadersToTheOwnerOnly() throws Exception {
    send(
        "GET",
        "/api/v1/query?sql="
            + URLEncoder.encode(
                "SELECT count(*) FROM podcasts.play_events_v1.events", StandardCharsets.UTF_8),
        analyst,
        null);

    JsonNode byOwner = JSON.readTree(send("GET", V1 + "/consumers", owner, null).body());
    assertThat(byOwner.get("readersShown").asBoolean()).isTrue();
    assertThat(byOwner.at("/ports/0/products/0/product").asText())
        .isEqualTo("marketing/top-podcasts:1");
    assertThat(byOwner.at("/ports/0/products/0/input").asText()).isEqualTo("plays");
    assertThat(byOwner.at("/ports/0/readers/0/reader").asText()).isEqualTo("ann");
    assertThat(byOwner.at("/ports/0/readers/0/reads").asLong()).isEqualTo(1);

    JsonNode byAnalyst = JSON.readTree(send("GET", V1 + "/consumers", analyst, null).body());
    assertThat(byAnalyst.get("readersShown").asBoolean()).isFalse();
    assertThat(byAnalyst.at("/ports/0").has("readers")).isFalse();
    assertThat(byAnalyst.at("/ports/0/products/0/product").asText())
        .isEqualTo("marketing/top-podcasts:1");

    HttpResponse<String> badWindow = send("GET", V1 + "/consumers?since=yesterday", owner, null);
    assertThat(badWindow.statusCode()).isEqualTo(400);
    assertThat(badWindow.body()).contains("since 'yesterday' is not a time");
  }

  @Test
  void aRetiredVersionAnswersGoneButItsHistoryStays() throws Exception {
    mesh.deprecations()
        .deprecate(
            ProductId.of("podcasts", "play-events", 1),
            new Principal("olga", Set.of("podcasts-team"), Set.of(), Map.of(), false),
            Instant.now().plusSeconds(86_400 * 30),
            Optional.of(ProductId.of("podcasts", "play-events", 2)),
            Optional.empty());
    HttpResponse<String> refused = send("POST", V1 + "/retirement", owner, "{}");
    assertThat(refused.statusCode()).isEqualTo(409);
    assertThat(refused.body()).contains("before its sunset");
    HttpResponse<String> retired =
        send(
            "POST",
            V1 + "/retirement",
            owner,
            "{\"force\": true, \"reason\": \"the player's export broke\"}");
    assertThat(retired.statusCode()).as(retired.body()).isEqualTo(200);

    SoftAssertions soft = new SoftAssertions();
    for (String path :
        List.of(
            V1,
            V1 + "/ports/events/rows",
            V1 + "/ports/events/events?follow=false",
            V1 + "/control/policies")) {
      HttpResponse<String> gone = send("GET", path, analyst, null);
      soft.assertThat(gone.statusCode()).as(path).isEqualTo(410);
      soft.assertThat(gone.headers().firstValue("Content-Type"))
          .as(path)
          .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
      soft.assertThat(gone.body())
          .as(path)
          .contains("podcasts/play-events:1 was retired on ")
          .contains("its successor is podcasts/play-events:2");
      soft.assertThat(gone.headers().allValues("Link"))
          .as(path)
          .containsExactly(
              "<http://127.0.0.1:" + server.port() + V2 + ">; rel=\"successor-version\"");
    }
    soft.assertThat(send("POST", V1 + "/runs", owner, "").statusCode()).isEqualTo(410);
    HttpResponse<String> query =
        send(
            "GET",
            "/api/v1/query?sql="
                + URLEncoder.encode(
                    "SELECT count(*) FROM podcasts.play_events_v1.events", StandardCharsets.UTF_8),
            analyst,
            null);
    soft.assertThat(query.statusCode()).isEqualTo(410);

    // The tombstone: its lifecycle and runs stay readable.
    HttpResponse<String> tombstone = send("GET", V1 + "/lifecycle", analyst, null);
    soft.assertThat(tombstone.statusCode()).isEqualTo(200);
    JsonNode lifecycle = JSON.readTree(tombstone.body());
    soft.assertThat(lifecycle.get("state").asText()).isEqualTo("retired");
    soft.assertThat(lifecycle.at("/retirement/forced").asBoolean()).isTrue();
    soft.assertThat(lifecycle.at("/retirement/reason").asText())
        .isEqualTo("the player's export broke");
    soft.assertThat(lifecycle.at("/history/1/action").asText()).isEqualTo("retired");
    HttpResponse<String> runs = send("GET", V1 + "/runs", analyst, null);
    soft.assertThat(runs.statusCode()).isEqualTo(200);
    soft.assertThat(JSON.readTree(runs.body()).size()).isEqualTo(1);
    HttpResponse<String> checks = send("GET", V1 + "/observability", analyst, null);
    soft.assertThat(checks.statusCode()).as(checks.body()).isEqualTo(200);
    soft.assertThat(checks.body()).contains("rowCount");
    HttpResponse<String> consumers = send("GET", V1 + "/consumers", owner, null);
    soft.assertThat(consumers.statusCode()).isEqualTo(200);
    soft.assertThat(JSON.readTree(consumers.body()).get("state").asText()).isEqualTo("retired");

    // Gone from the product list, unless asked for; the unpinned name means major 2.
    soft.assertThat(JSON.readTree(send("GET", "/api/v1/products", analyst, null).body()))
        .extracting(product -> product.get("product").asText() + ":" + product.get("major"))
        .containsExactly("marketing/top-podcasts:1", "podcasts/play-events:2");
    soft.assertThat(
            JSON.readTree(send("GET", "/api/v1/products?state=retired", analyst, null).body()))
        .extracting(product -> product.get("product").asText() + ":" + product.get("major"))
        .containsExactly("podcasts/play-events:1");
    soft.assertThat(
            JSON.readTree(
                    send("GET", "/api/v1/products/podcasts/play-events", analyst, null).body())
                .get("major")
                .asInt())
        .isEqualTo(2);
    soft.assertAll();
  }

  private HttpResponse<String> send(String method, String path, String token, String body)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
            .header("Authorization", "Bearer " + token)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private String token(String user, Set<String> groups, Set<String> roles) {
    return new TokenService(mesh.registry().tokens(), Clock.systemUTC())
        .create(new Principal(user, groups, roles, Map.of(), false), "test", Optional.empty())
        .token();
  }
}
