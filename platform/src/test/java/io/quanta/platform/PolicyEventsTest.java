package io.quanta.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quanta.error.ErrorCode;
import io.quanta.error.QuantaException;
import io.quanta.governance.Principal;
import io.quanta.governance.Reader;
import io.quanta.governance.policy.PortDecision;
import io.quanta.platform.api.ApiServer;
import io.quanta.platform.auth.TokenService;
import io.quanta.platform.events.Event;
import io.quanta.platform.events.EventLog;
import io.quanta.ports.sql.ReadOptions;
import io.quanta.spec.PortId;
import io.quanta.spec.ProductId;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The events port obeys a product's read policies like every other port: refused readers get
 * nothing, masked columns (the event time included) come masked, and hidden rows are gaps in
 * offsets that stay those of the log.
 */
class PolicyEventsTest {
  private static final ProductId PROFILES = ProductId.of("users", "profile-updates", 1);
  private static final PortId UPDATES = PROFILES.port("updates");
  private static final PortId COUNTRIES = PROFILES.port("countries");

  /** Marketing in Germany: hashed emails, update days, German users only. */
  private static final Reader MARKETER =
      Reader.of(
          new Principal("mia", Set.of("marketing"), Set.of(), Map.of("country", "DE"), false));

  /** Support: every user, in clear. */
  private static final Reader SUPPORT =
      Reader.of(
          new Principal(
              "sam", Set.of("support"), Set.of("pii-reader", "governance"), Map.of(), false));

  /** A contractor: refused the whole product. */
  private static final Reader CONTRACTOR =
      Reader.of(
          new Principal("carl", Set.of("contractors"), Set.of(), Map.of("country", "DE"), false));

  private static final String HASH = "[0-9a-f]{64}";

  @TempDir Path temp;
  private Path specs;
  private Mesh mesh;

  @BeforeEach
  void deployAndRunTwice() throws IOException {
    specs = TestMeshes.copy("policy-events", temp.resolve("specs"));
    mesh = Mesh.open(temp.resolve("quanta"));
    mesh.lifecycle().deployFiles(TestMeshes.specs(specs, "profile-updates"));
    mesh.runs().run(PROFILES, "test");
    appendChanges("second-run.csv");
    mesh.runs().run(PROFILES, "test");
  }

  @AfterEach
  void close() {
    mesh.close();
  }

  @Test
  void eachReaderGetsWhatItMaySeeAtTheOffsetsOfTheLog() {
    EventLog log = mesh.events();
    List<Event> all = log.read(UPDATES, SUPPORT, 0, 100);
    assertThat(all).extracting(Event::offset).containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
    // A run's new rows are in no particular order; the first run's are the file's.
    assertThat(all.subList(0, 4))
        .extracting(event -> event.value().get("user_id"))
        .containsExactly("u1", "u2", "u3", "u4");
    assertThat(all.subList(4, 6))
        .extracting(event -> event.value().get("user_id"))
        .containsExactlyInAnyOrder("u1", "u5");
    Event clear = all.get(0);
    assertThat(clear.value()).containsEntry("email", "ann@example.com");
    assertThat(clear.eventTime()).isEqualTo("2026-11-01T08:15:00Z");

    // German users only, where they were in the log: the other offsets are gaps.
    List<Long> german = offsets(all, "country", "DE");
    assertThat(german).hasSize(3).startsWith(0L, 2L);
    List<Event> seen = log.read(UPDATES, MARKETER, 0, 100);
    assertThat(seen).extracting(Event::offset).isEqualTo(german);
    assertThat(seen)
        .extracting(event -> event.value().get("user_id"))
        .containsExactly("u1", "u3", "u1");
    SoftAssertions softly = new SoftAssertions();
    for (Event event : seen) {
      softly.assertThat(event.value().get("country")).isEqualTo("DE");
      softly.assertThat((String) event.value().get("email")).matches(HASH);
      // The event time is the masked event-time column: the day only.
      softly.assertThat(event.eventTime()).endsWith("T00:00:00Z");
      softly
          .assertThat(String.valueOf(event.value().get("updated_at")))
          .isEqualTo(event.eventTime());
    }
    softly.assertThat(seen.get(0).eventTime()).isEqualTo("2026-11-01T00:00:00Z");
    // A hashed value is the same for the same user (it still joins), and differs between users.
    softly.assertThat(seen.get(2).value().get("email")).isEqualTo(seen.get(0).value().get("email"));
    softly
        .assertThat(seen.get(0).value().get("email"))
        .isNotEqualTo(seen.get(1).value().get("email"));
    softly.assertAll();

    // The same masked value as the SQL port gives the same reader.
    QueryRows sql =
        QueryRows.run(
            mesh,
            MARKETER,
            "SELECT DISTINCT email FROM users.profile_updates.updates WHERE user_id = 'u1'",
            ReadOptions.LATEST);
    assertThat(sql.rows).containsExactly((String) seen.get(0).value().get("email"));

    // Any offset is a start, a hidden one too, and a scan goes on past hidden rows.
    assertThat(log.read(UPDATES, MARKETER, 1, 100))
        .extracting(Event::offset)
        .isEqualTo(german.subList(1, 3));
    assertThat(log.read(UPDATES, MARKETER, 3, 1))
        .extracting(Event::offset)
        .containsExactly(german.get(2));
    List<Event> taken = new ArrayList<>();
    assertThat(log.scan(UPDATES, MARKETER, 0, 2, taken::add)).isEqualTo(2);
    assertThat(taken).extracting(Event::offset).containsExactly(0L);
    assertThat(log.scan(UPDATES, MARKETER, 3, 100, event -> true)).isEqualTo(6);
  }

  @Test
  void eachReadIsAuditedWithTheEventsItDelivered() {
    long before = mesh.registry().audit().count();
    mesh.events().read(UPDATES, MARKETER, 0, 100);
    assertThat(mesh.registry().audit().count()).isEqualTo(before + 1);
    Map<String, Object> decision = mesh.registry().audit().newest(1).get(0);
    assertThat(decision)
        .containsEntry("user_name", "mia")
        .containsEntry("port", "users/profile-updates:1/updates")
        .containsEntry("mode", "events")
        .containsEntry("allowed", 1)
        .containsEntry("rows_returned", 3);
    assertThat(String.valueOf(decision.get("obligations")))
        .contains("mask email", "mask updated_at", "country = :country");
  }

  @Test
  void aRefusedReaderGetsNoEventAndTheRefusalIsAudited() {
    assertThatThrownBy(() -> mesh.events().read(UPDATES, CONTRACTOR, 0, 100))
        .isInstanceOfSatisfying(
            QuantaException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.ACCESS_DENIED))
        .hasMessageContaining("carl may not read the events of users/profile-updates:1/updates")
        .hasMessageContaining("no-contractors");
    assertThat(mesh.registry().audit().newest(1).get(0))
        .containsEntry("user_name", "carl")
        .containsEntry("mode", "events")
        .containsEntry("allowed", 0)
        .containsEntry("rows_returned", 0);

    List<String> calls = new ArrayList<>();
    assertThatThrownBy(
            () ->
                mesh.events()
                    .follow(
                        UPDATES,
                        CONTRACTOR,
                        0,
                        Duration.ofMillis(10),
                        new EventLog.Follower() {
                          @Override
                          public void started(long endOffset) {
                            calls.add("started");
                          }

                          @Override
                          public boolean accept(Event event) {
                            calls.add("event");
                            return true;
                          }

                          @Override
                          public boolean caughtUp() {
                            calls.add("caught up");
                            return false;
                          }
                        }))
        .isInstanceOf(QuantaException.class);
    assertThat(calls).isEmpty();
  }

  @Test
  void groupsSmallerThanTheMinimumAreNeverDelivered() {
    // What the runs wrote: every country's count, per run.
    List<Event> written = new ArrayList<>();
    mesh.events().scan(COUNTRIES, PortDecision.UNRESTRICTED, 0, 100, written::add);
    assertThat(written).hasSize(5);

    List<Event> seen = mesh.events().read(COUNTRIES, SUPPORT, 0, 100);
    assertThat(seen)
        .containsExactlyElementsOf(
            written.stream()
                .filter(event -> ((Number) event.value().get("changes")).longValue() >= 2)
                .toList());
    assertThat(seen)
        .extracting(event -> event.value().get("country"), event -> event.value().get("changes"))
        .containsExactlyInAnyOrder(tuple("DE", 2L), tuple("DE", 3L), tuple("FR", 2L));
  }

  @Test
  void aFollowerGetsTheNewEventsItMaySee() throws Exception {
    BlockingQueue<Event> received = new LinkedBlockingQueue<>();
    AtomicBoolean stop = new AtomicBoolean();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread follower =
        new Thread(
            () -> {
              try {
                mesh.events()
                    .follow(
                        UPDATES,
                        MARKETER,
                        3,
                        Duration.ofHours(1),
                        new EventLog.Follower() {
                          @Override
                          public boolean accept(Event event) {
                            received.add(event);
                            return true;
                          }

                          @Override
                          public boolean caughtUp() {
                            return !stop.get();
                          }
                        });
              } catch (Exception | Error e) {
                failure.set(e);
              }
            });
    follower.start();
    List<Event> all = mesh.events().read(UPDATES, SUPPORT, 0, 100);
    assertThat(received.poll(60, TimeUnit.SECONDS))
        .extracting(Event::offset)
        .isEqualTo(offsets(all, "country", "DE").get(2));

    // A French user (hidden from this reader), then a German one.
    Files.writeString(
        specs.resolve("data/changes.csv"),
        "u6,fay@example.com,FR,true,2026-11-04T08:00:00Z\n"
            + "u7,gus@example.com,DE,true,2026-11-04T09:00:00Z\n",
        StandardOpenOption.APPEND);
    mesh.runs().run(PROFILES, "test");
    Event next = received.poll(60, TimeUnit.SECONDS);
    assertThat(next).isNotNull();
    assertThat(next.offset())
        .isEqualTo(offsets(mesh.events().read(UPDATES, SUPPORT, 6, 100), "user_id", "u7").get(0));
    assertThat(next.value().get("user_id")).isEqualTo("u7");
    assertThat((String) next.value().get("email")).matches(HASH);

    stop.set(true);
    mesh.events().committed();
    follower.join(TimeUnit.SECONDS.toMillis(60));
    assertThat(follower.isAlive()).isFalse();
    assertThat(failure.get()).isNull();
    assertThat(received).isEmpty();
    assertThat(mesh.registry().audit().newest(1).get(0))
        .containsEntry("user_name", "mia")
        .containsEntry("rows_returned", 2);
  }

  @Test
  void overHttpTheRequestsPrincipalReads() throws Exception {
    ObjectMapper json = new ObjectMapper();
    HttpClient http = HttpClient.newHttpClient();
    try (ApiServer server = ApiServer.start(mesh, "127.0.0.1", 0)) {
      String path = "/api/v1/products/users/profile-updates/1/ports/updates/events?follow=false";
      HttpResponse<String> masked = http.send(get(server, path, MARKETER), ofString());
      assertThat(masked.statusCode()).as(masked.body()).isEqualTo(200);
      assertThat(masked.headers().firstValue("X-Quanta-End-Offset")).hasValue("6");
      List<JsonNode> events = new ArrayList<>();
      for (String line : masked.body().split("\n")) {
        events.add(json.readTree(line));
      }
      assertThat(events)
          .extracting(event -> event.path("offset").asLong())
          .isEqualTo(offsets(mesh.events().read(UPDATES, SUPPORT, 0, 100), "country", "DE"));
      assertThat(events)
          .allSatisfy(
              event -> {
                assertThat(event.at("/value/email").asText()).matches(HASH);
                assertThat(event.at("/value/country").asText()).isEqualTo("DE");
                assertThat(event.path("eventTime").asText()).endsWith("T00:00:00Z");
              });

      HttpResponse<String> refused = http.send(get(server, path, CONTRACTOR), ofString());
      assertThat(refused.statusCode()).isEqualTo(403);
      assertThat(refused.headers().firstValue("Content-Type"))
          .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
      assertThat(refused.headers().firstValue("X-Quanta-End-Offset")).isEmpty();
      assertThat(json.readTree(refused.body()).path("detail").asText())
          .contains("may not read the events of users/profile-updates:1/updates");
    }
  }

  /** The offsets of the events whose column has the value. */
  private static List<Long> offsets(List<Event> events, String column, String value) {
    return events.stream()
        .filter(event -> value.equals(event.value().get(column)))
        .map(Event::offset)
        .toList();
  }

  private HttpRequest get(ApiServer server, String path, Reader reader) {
    String token =
        new TokenService(mesh.registry().tokens(), Clock.systemUTC())
            .create(reader.principal(), "events tests", Optional.empty())
            .token();
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
        .header("Authorization", "Bearer " + token)
        .GET()
        .build();
  }

  private static HttpResponse.BodyHandler<String> ofString() {
    return HttpResponse.BodyHandlers.ofString();
  }

  private void appendChanges(String file) throws IOException {
    Files.writeString(
        specs.resolve("data/changes.csv"),
        Files.readString(specs.resolve("data/" + file)),
        StandardOpenOption.APPEND);
  }
}
