package io.quanta.platform.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quanta.error.ErrorCode;
import io.quanta.error.QuantaException;
import io.quanta.platform.Mesh;
import io.quanta.platform.MeshConfig;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where alerts go: the alerts section of the mesh config. */
class AlertServiceTest {
  @TempDir Path dataDir;

  private void config(String yaml) throws IOException {
    Files.writeString(dataDir.resolve(MeshConfig.FILE), yaml);
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
