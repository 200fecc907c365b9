package io.quanta.platform.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.quanta.error.ErrorCode;
import io.quanta.error.QuantaException;
import io.quanta.platform.Mesh;
import io.quanta.platform.MeshConfig;
import io.quanta.platform.registry.Registry;
import io.quanta.spec.ProductId;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Incidents and their alerts, on a real mesh whose webhook is a local HTTP server: one alert when a
 * check starts failing, one resolution when it passes again, whatever the number of processes and
 * however the webhook behaves.
 */
class AlertServiceTest {
  private static final ProductId PLAYS = ProductId.of("podcasts", "play-events", 1);
  private static final ProductId PROFILES = ProductId.of("users", "user-profiles", 2);
  private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String TEST_HEADER = "X-Quanta-Test";

  @TempDir Path temp;
  private Path dataDir;
  private WebhookReceiver receiver;

  @BeforeEach
  void start() throws IOException {
    dataDir = temp.resolve("quanta");
    Files.createDirectories(dataDir);
    receiver = new WebhookReceiver(TEST_HEADER);
  }

  @AfterEach
  void stop() {
    receiver.close();
  }

  private void configureWebhook() throws IOException {
    config(
        "alerts:\n  webhook:\n    url: "
            + receiver.url()
            + "\n    headers: {"
            + TEST_HEADER
            + ": alerts test}\n    timeout: PT10S\n");
  }

  private void config(String yaml) throws IOException {
    Files.writeString(dataDir.resolve(MeshConfig.FILE), yaml);
  }

  /** The spec of podcasts/play-events:1, with its data, in a folder of the test. */
  private Path playEventsSpec() throws IOException {
    Path specs = temp.resolve("specs");
    Files.createDirectories(specs.resolve("data"));
    for (String file : List.of("play-events.yaml", "data/plays.csv")) {
      try (InputStream in = getClass().getResourceAsStream("/alerts/" + file)) {
        Files.copy(in, specs.resolve(file));
      }
    }
    return specs.resolve("play-events.yaml");
  }

  private static CheckOutcome freshness(
      boolean failing, String message, String observed, Instant at) {
    return new CheckOutcome(
        PLAYS,
        Optional.of("events"),
        "freshness",
        CheckOutcome.Kind.SLO,
        CheckOutcome.Severity.ERROR,
        failing,
        message,
        observed,
        at,
        Optional.of("run-" + at.getEpochSecond()));
  }

  private static CheckOutcome check(
      ProductId product, Optional<String> port, String check, boolean failing, Instant at) {
    return new CheckOutcome(
        product,
        port,
        check,
        CheckOutcome.Kind.EXPECTATION,
        CheckOutcome.Severity.WARN,
        failing,
        failing ? check + " fails" : check + " passes",
        failing ? "12 rows" : "0 rows",
        at,
        Optional.empty());
  }

  private static void awaitDeliveries(Mesh... meshes) {
    for (Mesh mesh : meshes) {
      assertThat(mesh.alerts().awaitDeliveries(WAIT)).as("deliveries done").isTrue();
    }
  }

  @Test
  void aFailingCheckAlertsOnceThenItsRecoveryOnce() throws IOException {
    configureWebhook();
    try (Mesh mesh = Mesh.open(dataDir)) {
      mesh.lifecycle().deployFiles(List.of(playEventsSpec()));
      AlertService alerts = mesh.alerts();

      alerts.observe(freshness(true, "last successful run 26 h ago", "PT26H", T0));
      awaitDeliveries(mesh);

      assertThat(receiver.requests()).hasSize(1);
      WebhookReceiver.Request request = receiver.requests().get(0);
      Incident opened = alerts.open(PLAYS).get(0);
      JsonNode firing = request.body();
      SoftAssertions softly = new SoftAssertions();
      softly.assertThat(request.method()).isEqualTo("POST");
      softly.assertThat(request.contentType()).isEqualTo("application/json");
      softly.assertThat(request.header()).isEqualTo("alerts test");
      softly.assertThat(firing.path("status").asText()).isEqualTo("firing");
      softly.assertThat(firing.path("incident").isIntegralNumber()).isTrue();
      softly.assertThat(firing.path("incident").asLong()).isEqualTo(opened.id());
      softly.assertThat(firing.path("product").asText()).isEqualTo("podcasts/play-events:1");
      softly.assertThat(firing.path("port").asText()).isEqualTo("events");
      softly.assertThat(firing.path("check").asText()).isEqualTo("freshness");
      softly.assertThat(firing.path("kind").asText()).isEqualTo("slo");
      softly.assertThat(firing.path("severity").asText()).isEqualTo("error");
      softly.assertThat(firing.path("message").asText()).isEqualTo("last successful run 26 h ago");
      softly.assertThat(firing.path("observed").asText()).isEqualTo("PT26H");
      softly.assertThat(firing.path("openedAt").asText()).isEqualTo(T0.toString());
      softly.assertThat(firing.has("resolvedAt")).isFalse();
      softly
          .assertThat(firing.path("url").asText())
          .isEqualTo("http://127.0.0.1:8080/api/v1/products/podcasts/play-events/1");
      softly.assertAll();

      alerts.observe(
          freshness(true, "last successful run 27 h ago", "PT27H", T0.plusSeconds(3600)));
      alerts.observe(
          freshness(true, "last successful run 28 h ago", "PT28H", T0.plusSeconds(7200)));
      awaitDeliveries(mesh);

      assertThat(receiver.requests()).as("no alert while it keeps failing").hasSize(1);
      Incident stillOpen = alerts.open(PLAYS).get(0);
      assertThat(stillOpen.id()).isEqualTo(opened.id());
      assertThat(stillOpen.occurrences()).isEqualTo(3);
      assertThat(stillOpen.lastMessage()).isEqualTo("last successful run 28 h ago");
      assertThat(stillOpen.observed()).isEqualTo("PT28H");
      assertThat(stillOpen.notifiedOpen()).isTrue();
      assertThat(stillOpen.status()).isEqualTo("firing");

      Instant recovered = T0.plusSeconds(10_800);
      alerts.observe(freshness(false, "last successful run 1 h ago", "PT1H", recovered));
      alerts.observe(freshness(false, "last successful run 2 h ago", "PT2H", recovered));
      awaitDeliveries(mesh);

      assertThat(receiver.requests()).hasSize(2);
      JsonNode resolved = receiver.requests().get(1).body();
      softly = new SoftAssertions();
      softly.assertThat(resolved.path("status").asText()).isEqualTo("resolved");
      softly.assertThat(resolved.path("incident").asLong()).isEqualTo(opened.id());
      softly.assertThat(resolved.path("check").asText()).isEqualTo("freshness");
      softly.assertThat(resolved.path("openedAt").asText()).isEqualTo(T0.toString());
      softly.assertThat(resolved.path("resolvedAt").asText()).isEqualTo(recovered.toString());
      softly.assertThat(resolved.path("occurrences").asLong()).isEqualTo(3);
      softly
          .assertThat(resolved.path("message").asText())
          .as("what the incident was about")
          .isEqualTo("last successful run 28 h ago");
      softly.assertAll();

      assertThat(alerts.open()).isEmpty();
      assertThat(alerts.history(10))
          .singleElement()
          .satisfies(
              incident -> {
                assertThat(incident.id()).isEqualTo(opened.id());
                assertThat(incident.resolvedAt()).contains(recovered);
                assertThat(incident.notifiedOpen()).isTrue();
                assertThat(incident.notifiedResolved()).isTrue();
              });
      assertThat(alerts.incident(opened.id())).contains(alerts.history(PLAYS, 1).get(0));
    }
  }

  @Test
  void eachCheckHasIncidentsOfItsOwn() throws IOException {
    configureWebhook();
    try (Mesh mesh = Mesh.open(dataDir)) {
      AlertService alerts = mesh.alerts();
      alerts.observe(freshness(true, "last successful run 26 h ago", "PT26H", T0));
      alerts.observe(check(PLAYS, Optional.of("events"), "nullValues(user_id)", true, T0));
      alerts.observe(check(PROFILES, Optional.empty(), "rowCount", true, T0));
      awaitDeliveries(mesh);

      List<JsonNode> firing = receiver.received();
      assertThat(firing).hasSize(3);
      assertThat(firing).extracting(body -> body.path("status").asText()).containsOnly("firing");
      assertThat(firing)
          .extracting(body -> body.path("check").asText())
          .containsExactlyInAnyOrder("freshness", "nullValues(user_id)", "rowCount");
      assertThat(firing).extracting(body -> body.path("incident").asLong()).doesNotHaveDuplicates();
      JsonNode profiles =
          firing.stream()
              .filter(body -> body.path("product").asText().equals("users/user-profiles:2"))
              .findFirst()
              .orElseThrow();
      assertThat(profiles.has("port")).as("a check of the whole product").isFalse();
      assertThat(profiles.has("url")).as("a product that is not deployed").isFalse();
      assertThat(profiles.path("kind").asText()).isEqualTo("expectation");
      assertThat(profiles.path("severity").asText()).isEqualTo("warn");
      assertThat(alerts.open()).hasSize(3);
      assertThat(alerts.open(PLAYS)).hasSize(2);
      assertThat(alerts.open(PROFILES))
          .singleElement()
          .satisfies(incident -> assertThat(incident.port()).isEmpty());

      Incident nullValues =
          alerts.open(PLAYS).stream()
              .filter(incident -> incident.check().equals("nullValues(user_id)"))
              .findFirst()
              .orElseThrow();
      alerts.observe(
          check(PLAYS, Optional.of("events"), "nullValues(user_id)", false, T0.plusSeconds(60)));
      awaitDeliveries(mesh);

      assertThat(receiver.received()).hasSize(4);
      JsonNode resolved = receiver.received().get(3);
      assertThat(resolved.path("status").asText()).isEqualTo("resolved");
      assertThat(resolved.path("incident").asLong()).isEqualTo(nullValues.id());
      assertThat(alerts.open())
          .extracting(Incident::subject, Incident::check)
          .containsExactlyInAnyOrder(
              tuple("podcasts/play-events:1/events", "freshness"),
              tuple("users/user-profiles:2", "rowCount"));

      alerts.observe(
          check(PLAYS, Optional.of("events"), "nullValues(user_id)", true, T0.plusSeconds(120)));
      awaitDeliveries(mesh);

      assertThat(receiver.received()).hasSize(5);
      JsonNode again = receiver.received().get(4);
      assertThat(again.path("status").asText()).isEqualTo("firing");
      assertThat(again.path("incident").asLong())
          .as("a new failure is a new incident")
          .isNotEqualTo(nullValues.id());
      assertThat(alerts.history(PLAYS, 10)).hasSize(3);
    }
  }

  @Test
  void twoProcessesObservingTheSameFailuresOpenOneIncidentEach() throws Exception {
    configureWebhook();
    List<String> checks = IntStream.range(0, 8).mapToObj(i -> "volume(" + i + ")").toList();
    try (Mesh first = Mesh.open(dataDir);
        Mesh second = Mesh.open(dataDir)) {
      ExecutorService threads = Executors.newFixedThreadPool(2);
      try {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> observers = new ArrayList<>();
        for (Mesh mesh : List.of(first, second)) {
          observers.add(
              threads.submit(
                  () -> {
                    go.await();
                    for (String check : checks) {
                      mesh.alerts().observe(check(PLAYS, Optional.of("events"), check, true, T0));
                    }
                    return null;
                  }));
        }
        go.countDown();
        for (Future<?> observer : observers) {
          observer.get();
        }
      } finally {
        threads.shutdown();
      }
      awaitDeliveries(first, second);

      List<Incident> open = first.alerts().open();
      assertThat(open).extracting(Incident::check).containsExactlyInAnyOrderElementsOf(checks);
      assertThat(open).extracting(Incident::occurrences).containsOnly(2L);
      assertThat(second.alerts().open()).containsExactlyInAnyOrderElementsOf(open);
      assertThat(receiver.requests()).as("one alert per incident").hasSize(checks.size());
      assertThat(receiver.received())
          .extracting(body -> body.path("incident").asLong())
          .containsExactlyInAnyOrderElementsOf(open.stream().map(Incident::id).toList());

      second.alerts().observe(check(PLAYS, Optional.of("events"), "volume(0)", false, T0));
      first.alerts().observe(check(PLAYS, Optional.of("events"), "volume(0)", false, T0));
      awaitDeliveries(first, second);

      assertThat(receiver.requests()).hasSize(checks.size() + 1);
      assertThat(receiver.requests().get(checks.size()).body().path("status").asText())
          .isEqualTo("resolved");
    }
  }

  @Test
  void aWebhookThatFailsAtFirstStillGetsTheAlert() throws IOException {
    configureWebhook();
    receiver.answer(500, 503);
    try (Mesh mesh = Mesh.open(dataDir)) {
      mesh.alerts().observe(freshness(true, "last successful run 26 h ago", "PT26H", T0));
      awaitDeliveries(mesh);

      assertThat(receiver.requests())
          .extracting(WebhookReceiver.Request::status)
          .containsExactly(500, 503, 200);
      assertThat(receiver.requests())
          .extracting(WebhookReceiver.Request::body)
          .as("the same alert, retried")
          .containsOnly(receiver.requests().get(0).body());
      assertThat(mesh.alerts().open(PLAYS).get(0).notifiedOpen()).isTrue();
    }
  }

  @Test
  void alertsTheWebhookRefusedAreSentOnALaterCheckOrStart() throws IOException {
    configureWebhook();
    ManualClock clock = new ManualClock(Instant.parse("2026-11-21T12:00:00Z"));
    receiver.answer(400);
    try (Mesh mesh = Mesh.open(dataDir, clock)) {
      AlertService alerts = mesh.alerts();
      alerts.observe(freshness(true, "last successful run 26 h ago", "PT26H", T0));
      alerts.observe(freshness(false, "last successful run 1 h ago", "PT1H", T0.plusSeconds(60)));
      awaitDeliveries(mesh);

      assertThat(receiver.requests())
          .extracting(WebhookReceiver.Request::status)
          .containsExactly(400);
      Incident undelivered = alerts.history(PLAYS, 1).get(0);
      assertThat(undelivered.open()).isFalse();
      assertThat(undelivered.notifiedOpen()).isFalse();
      assertThat(undelivered.notifiedResolved()).isFalse();

      clock.advance(Duration.ofMinutes(2));
      alerts.observe(check(PROFILES, Optional.empty(), "rowCount", false, T0.plusSeconds(120)));
      awaitDeliveries(mesh);

      assertThat(receiver.received())
          .as("the firing alert first, then its resolution")
          .extracting(body -> body.path("status").asText(), body -> body.path("incident").asLong())
          .containsExactly(tuple("firing", undelivered.id()), tuple("resolved", undelivered.id()));

      receiver.answer(400);
      alerts.observe(check(PROFILES, Optional.empty(), "rowCount", true, T0.plusSeconds(180)));
      awaitDeliveries(mesh);
      assertThat(receiver.received()).hasSize(2);
    }

    clock.advance(Duration.ofMinutes(2));
    try (Mesh restarted = Mesh.open(dataDir, clock)) {
      awaitDeliveries(restarted);

      assertThat(receiver.received()).hasSize(3);
      JsonNode sentOnStart = receiver.received().get(2);
      assertThat(sentOnStart.path("status").asText()).isEqualTo("firing");
      assertThat(sentOnStart.path("check").asText()).isEqualTo("rowCount");
      assertThat(restarted.alerts().open(PROFILES).get(0).notifiedOpen()).isTrue();
    }
  }

  @Test
  void headersTakeSecretsFromTheEnvironmentWhenSent() {
    AlertSettings settings =
        new AlertSettings(
            Optional.of(
                new AlertSettings.Webhook(
                    receiver.url(),
                    Map.of(TEST_HEADER, "Bearer ${HOOK_TOKEN}"),
                    Duration.ofSeconds(10))));
    ManualClock clock = new ManualClock(Instant.parse("2026-11-21T12:00:00Z"));
    try (Registry registry = Registry.open(dataDir)) {
      try (AlertService alerts =
          new AlertService(registry, settings, name -> null, product -> Optional.empty(), clock)) {
        alerts.observe(freshness(true, "last successful run 26 h ago", "PT26H", T0));
        assertThat(alerts.awaitDeliveries(WAIT)).isTrue();
        assertThat(receiver.requests()).as("not sent without its secret").isEmpty();
      }

      clock.advance(Duration.ofMinutes(2));
      Map<String, String> environment = Map.of("HOOK_TOKEN", "s3cret");
      try (AlertService alerts =
          new AlertService(
              registry, settings, environment::get, product -> Optional.empty(), clock)) {
        assertThat(alerts.awaitDeliveries(WAIT)).isTrue();
        assertThat(receiver.requests())
            .singleElement()
            .satisfies(request -> assertThat(request.header()).isEqualTo("Bearer s3cret"));
      }
    }
  }

  @Test
  void withoutAWebhookIncidentsAreRecordedAndLogged() {
    Logger logger = (Logger) LoggerFactory.getLogger(AlertService.class);
    ListAppender<ILoggingEvent> log = new ListAppender<>();
    log.start();
    Level level = logger.getLevel();
    logger.setLevel(Level.INFO);
    logger.addAppender(log);
    try (Mesh mesh = Mesh.open(dataDir)) {
      AlertService alerts = mesh.alerts();
      alerts.observe(freshness(true, "last successful run 26 h ago", "PT26H", T0));
      alerts.observe(freshness(true, "last successful run 27 h ago", "PT27H", T0));
      alerts.observe(freshness(false, "last successful run 1 h ago", "PT1H", T0.plusSeconds(60)));
      assertThat(alerts.awaitDeliveries(WAIT)).isTrue();

      assertThat(receiver.requests()).isEmpty();
      assertThat(alerts.history(10))
          .singleElement()
          .satisfies(
              incident -> {
                assertThat(incident.occurrences()).isEqualTo(2);
                assertThat(incident.open()).isFalse();
                assertThat(incident.notifiedOpen()).as("the log is the only channel").isTrue();
                assertThat(incident.notifiedResolved()).isTrue();
              });
      assertThat(log.list)
          .extracting(ILoggingEvent::getLevel, ILoggingEvent::getFormattedMessage)
          .containsExactly(
              tuple(
                  Level.WARN,
                  "Incident "
                      + alerts.history(1).get(0).id()
                      + " opened: podcasts/play-events:1/events check freshness (slo error) fails:"
                      + " last successful run 26 h ago (observed: PT26H)"),
              tuple(
                  Level.INFO,
                  "Incident "
                      + alerts.history(1).get(0).id()
                      + " resolved: podcasts/play-events:1/events check freshness (slo error)"
                      + " passes again: last successful run 1 h ago (observed: PT1H), after 2"
                      + " failure(s)"));
    } finally {
      logger.detachAppender(log);
      logger.setLevel(level);
    }
  }

  @Test
  void theWebhookIsConfiguredInTheMeshConfig() throws IOException {
    config(
        """
        alerts:
          webhook:
            url: https://hooks.example.com/quanta
            headers: {Authorization: "Bearer ${HOOK_TOKEN}", X-Team: podcasts}
            timeout: PT2S
        """);

    assertThat(MeshConfig.load(dataDir).alerts())
        .isEqualTo(
            new AlertSettings(
                Optional.of(
                    new AlertSettings.Webhook(
                        URI.create("https://hooks.example.com/quanta"),
                        Map.of("Authorization", "Bearer ${HOOK_TOKEN}", "X-Team", "podcasts"),
                        Duration.ofSeconds(2)))));
    config("alerts:\n  webhook: {url: 'http://alerts:9000/hook'}\n");
    assertThat(MeshConfig.load(dataDir).alerts().webhook().orElseThrow().timeout())
        .isEqualTo(AlertSettings.Webhook.DEFAULT_TIMEOUT);
    config("alerts: {}\n");
    assertThat(MeshConfig.load(dataDir).alerts()).isEqualTo(AlertSettings.NONE);
  }

  @Test
  void aBadAlertsConfigIsRefusedWithWhereAndWhy() throws IOException {
    String file = dataDir.resolve(MeshConfig.FILE).toString();
    config(
        """
        alerts:
          webhook:
            url: not-a-url
            retries: 3
            timeout: 5 seconds
            headers:
              Authorization: Bearer ${HOOK TOKEN}
              Content-Type: text/plain
        """);

    assertThatThrownBy(() -> Mesh.open(dataDir))
        .isInstanceOf(QuantaException.class)
        .satisfies(
            failure -> {
              QuantaException problem = (QuantaException) failure;
              assertThat(problem.code()).isEqualTo(ErrorCode.INVALID_REQUEST);
              assertThat(problem.getMessage())
                  .startsWith("5 problems in the mesh config " + file)
                  .contains(
                      file
                          + ":3:10: alerts.webhook.url: must be the http(s) URL alerts are posted"
                          + " to, like https://hooks.example.com/quanta, not 'not-a-url'",
                      file
                          + ":4:5: alerts.webhook.retries: unknown setting in 'alerts.webhook';"
                          + " known settings: headers, timeout, url",
                      file
                          + ":5:14: alerts.webhook.timeout: must be a positive ISO-8601 duration,"
                          + " like PT5S, not '5 seconds'",
                      file
                          + ":7:22: alerts.webhook.headers.Authorization: references an"
                          + " environment variable as ${NAME}",
                      file
                          + ":8:7: alerts.webhook.headers.Content-Type: is set by Quanta and"
                          + " cannot be configured");
            });

    config("alerts:\n  email: ops@example.com\n  webhook: {timeout: PT1S}\n");
    assertThatThrownBy(() -> MeshConfig.load(dataDir))
        .isInstanceOf(QuantaException.class)
        .hasMessageContaining(
            file + ":2:3: alerts.email: unknown setting in 'alerts'; known settings: webhook")
        .hasMessageContaining(
            file
                + ":3:12: alerts.webhook: the webhook needs 'url': where alerts are posted, like"
                + " https://hooks.example.com/quanta");
  }
}
