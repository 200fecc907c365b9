package io.quanta.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** quanta status and quanta quarantine on real runs of real specs (docs/trust.md). */
class TrustCliTest {
  @TempDir Path temp;
  private Path specs;
  private CliRunner cli;
  private String owner;
  private String analyst;

  @BeforeEach
  void copySpecs() throws IOException, URISyntaxException {
    specs = TestFolders.copy("trust", temp.resolve("specs"));
    cli = new CliRunner(temp.resolve("quanta"));
    owner = token("pat", "plays-team@example.com,users-team@example.com");
    analyst = token("ann", "analysts");
  }

  private String token(String user, String groups) {
    CliRunner.Result created = cli.run("token", "create", "--user", user, "--group", groups);
    assertThat(created.exit()).as(created.err()).isZero();
    return created.out().strip();
  }

  private CliRunner.Result as(String token, String... args) {
    List<String> arguments = new ArrayList<>(List.of("--token", token));
    arguments.addAll(List.of(args));
    return cli.run(arguments.toArray(String[]::new));
  }

  @Test
  void statusShowsObjectivesChecksAndRunsAndQuarantineShowsTheRejectedRows() throws IOException {
    CliRunner.Result deployed =
        as(
            owner,
            "deploy",
            specs.resolve("users.yaml").toString(),
            specs.resolve("plays.yaml").toString());
    assertThat(deployed.exit()).as(deployed.err()).isZero();
    assertThat(as(owner, "run", "--all").exit()).isZero();

    CliRunner.Result status = as(owner, "status", "trust/plays");
    assertThat(status.exit()).as(status.err()).isZero();
    assertThat(status.out())
        .contains("trust/plays:1  SLOs met")
        .contains("Service level objectives")
        .containsPattern("events +freshness +<= PT1H +\\S+ +met")
        .containsPattern("events +volume +>= 1 and <= 1000 rows per run +6 +met")
        .containsPattern("events +availability .* not-evaluated")
        .containsPattern("events +expectation +duplicateValues\\(play_id\\) +error +passed")
        .contains("events: 6 rows, profiled by run");

    Files.writeString(
        specs.resolve("data/plays.csv"),
        "7,u1,-5,ios,2026-11-04 10:00:00\n",
        StandardOpenOption.APPEND);
    CliRunner.Result failed = as(owner, "run", "trust/plays");
    assertThat(failed.exit()).isEqualTo(1);
    assertThat(failed.out() + failed.err())
        .contains("invalidValues(seconds)")
        .contains("1 row of 'events' quarantined in trust.plays.events_v1_quarantine");

    CliRunner.Result quarantined = as(owner, "quarantine", "trust/plays/events");
    assertThat(quarantined.exit()).as(quarantined.err()).isZero();
    assertThat(quarantined.out())
        .contains("_check", "_reason", "invalidValues(seconds)", "-5")
        .contains("1 of 1 quarantined rows of trust/plays:1/events");

    CliRunner.Result denied = as(analyst, "quarantine", "trust/plays/events");
    assertThat(denied.exit()).isEqualTo(1);
    assertThat(denied.err()).contains("Only the owner of trust/plays:1").doesNotContain("-5");

    CliRunner.Result json = as(owner, "status", "--format", "json", "trust/plays:1");
    JsonNode document = new ObjectMapper().readTree(json.out());
    assertThat(document.path("runs").get(0).path("state").asText()).isEqualTo("failed");
    assertThat(document.path("runs").get(0).path("checksFailed").asInt()).isEqualTo(1);
    assertThat(document.path("schedule").path("declared").asText()).startsWith("manual");
  }
}
