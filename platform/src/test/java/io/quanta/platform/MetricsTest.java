package io.quanta.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quanta.governance.Principal;
import io.quanta.governance.Reader;
import io.quanta.platform.api.ApiServer;
import io.quanta.ports.sql.ReadOptions;
import io.quanta.spec.ProductId;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /metrics}: runs, reads and policy decisions in Prometheus format. */
class MetricsTest {
  @TempDir Path temp;

  @Test
  void countsRunsReadsAndDecisions() throws Exception {
    Path specs = TestMeshes.copy("governed", temp.resolve("specs"));
    try (Mesh mesh = Mesh.open(temp.resolve("quanta"))) {
      mesh.lifecycle().deployFiles(List.of(specs.resolve("user-profiles.yaml")));
      mesh.runs().run(ProductId.of("users", "user-profiles", 1), "test");
      Reader analyst =
          Reader.of(new Principal("ana", Set.of(), Set.of(), Map.of("country", "DE"), false));
      Reader contractor =
          Reader.of(new Principal("carl", Set.of("contractors"), Set.of(), Map.of(), false));
      String sql = "SELECT * FROM users.user_profiles.profiles";
      QueryRows.run(mesh, analyst, sql, ReadOptions.LATEST);
      QueryRows.run(mesh, analyst, sql, ReadOptions.LATEST);
      assertThatThrownBy(() -> QueryRows.run(mesh, contractor, sql, ReadOptions.LATEST));

      try (ApiServer server = ApiServer.start(mesh, "127.0.0.1", 0)) {
        HttpResponse<String> response =
            HttpClient.newHttpClient()
                .send(
                    HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + server.port() + "/metrics"))
                        .build(),
                    HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
            .hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
        String metrics = response.body();
        assertThat(metrics)
            .contains("quanta_policy_decisions_total{allowed=\"true\",mode=\"sql\"} 2.0")
            .contains("quanta_policy_decisions_total{allowed=\"false\",mode=\"sql\"} 1.0")
            .contains(
                "quanta_port_reads_total{mode=\"sql\",port=\"users/user-profiles:1/profiles\"} 2.0")
            // two DE rows per read, the row filter applied
            .contains(
                "quanta_port_rows_returned_total{mode=\"sql\",port=\"users/user-profiles:1/profiles\"} 4.0")
            .contains(
                "quanta_port_read_seconds_count{mode=\"sql\",port=\"users/user-profiles:1/profiles\"} 2")
            .contains("quanta_runs{product=\"users/user-profiles:1\",state=\"succeeded\"} 1.0")
            .contains("quanta_runs{product=\"users/user-profiles:1\",state=\"failed\"} 0.0")
            .contains("quanta_run_rows_written{product=\"users/user-profiles:1\"} 3.0")
            .containsPattern(
                "quanta_product_data_age_seconds\\{product=\"users/user-profiles:1\"} \\d")
            .doesNotContain("@example");
      }
    }
  }
}
