package io.quanta.platform.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quanta.platform.Mesh;
import io.quanta.platform.MeshConfig;
import io.quanta.platform.registry.RunRecord;
import io.quanta.platform.registry.RunState;
import io.quanta.spec.ProductId;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs whose checks break and recover raise one alert and one resolution (docs/trust.md). */
class RunAlertsTest {
  private static final ProductId USERS = ProductId.of("trust", "users", 1);
  private static final ProductId PLAYS = ProductId.of("trust", "plays", 1);

  @TempDir Path temp;
  private WebhookReceiver receiver;
  private Path specs;
  private Path dataDir;

  @BeforeEach
  void start() throws IOException {
    receiver = new WebhookReceiver("X-Test");
    specs = temp.resolve("specs");
    Files.createDirectories(specs.resolve("data"));
    for (String file : List.of("users.yaml", "plays.yaml", "data/users.csv", "data/plays.csv")) {
      try (InputStream in = getClass().getResourceAsStream("/trust/" + file)) {
        Files.copy(in, specs.resolve(file));
      }
    }
    dataDir = temp.resolve("quanta");
    Files.createDirectories(dataDir);
    Files.writeString(
        dataDir.resolve(MeshConfig.FILE), "alerts:\n  webhook:\n    url: " + receiver.url() + "\n");
  }

  @AfterEach
  void stop() {
    receiver.close();
  }

  @Test
  void aBrokenExpectationAlertsOnceAndItsRecoveryResolvesIt() throws IOException {
    Path plays = specs.resolve("data/plays.csv");
    String clean = Files.readString(plays);
    try (Mesh mesh = Mesh.open(dataDir)) {
      mesh.lifecycle()
          .deployFiles(List.of(specs.resolve("users.yaml"), specs.resolve("plays.yaml")));
      mesh.runs().run(USERS, "test");
      mesh.runs().run(PLAYS, "test");

      Files.writeString(plays, "7,u1,60,toaster,2026-11-04 10:00:00\n", StandardOpenOption.APPEND);
      RunRecord flagged = mesh.runs().run(PLAYS, "test");
      Files.writeString(plays, "8,u2,60,fridge,2026-11-04 11:00:00\n", StandardOpenOption.APPEND);
      mesh.runs().run(PLAYS, "test");
      assertThat(flagged.state()).isEqualTo(RunState.SUCCEEDED);
      assertThat(mesh.alerts().open(PLAYS))
          .singleElement()
          .satisfies(incident -> assertThat(incident.check()).isEqualTo("invalidValues(device)"));

      Files.writeString(plays, clean);
      mesh.runs().run(PLAYS, "test");
      assertThat(mesh.alerts().open(PLAYS)).isEmpty();
      assertThat(mesh.alerts().awaitDeliveries(Duration.ofSeconds(60))).isTrue();
    }

    List<JsonNode> received = receiver.received();
    assertThat(received)
        .extracting(body -> body.path("status").asText())
        .containsExactly("firing", "resolved");
    assertThat(received)
        .allSatisfy(
            body -> {
              assertThat(body.path("product").asText()).isEqualTo("trust/plays:1");
              assertThat(body.path("port").asText()).isEqualTo("events");
              assertThat(body.path("check").asText()).isEqualTo("invalidValues(device)");
              assertThat(body.path("kind").asText()).isEqualTo("expectation");
              assertThat(body.path("severity").asText()).isEqualTo("warn");
            });
    assertThat(received.get(0).path("incident")).isEqualTo(received.get(1).path("incident"));
  }
}
