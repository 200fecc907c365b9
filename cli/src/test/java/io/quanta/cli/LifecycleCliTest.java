package io.quanta.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** quanta consumers, deprecate and retire on real specs (docs/lifecycle-deprecation.md). */
class LifecycleCliTest {
  @TempDir Path temp;
  private Path specs;
  private CliRunner cli;
  private String owner;
  private String marketing;
  private String analyst;

  @BeforeEach
  void deploy() throws IOException, URISyntaxException {
    specs = TestFolders.copy("lifecycle", temp.resolve("specs"));
    cli = new CliRunner(temp.resolve("quanta"));
    owner = token("olga", "podcasts-team");
    marketing = token("max", "marketing-team");
    analyst = token("ann", "analysts");
    CliRunner.Result deployed =
        as(owner, "deploy", spec("play-events"), spec("play-events-v2"), spec("top-podcasts"));
    assertThat(deployed.exit()).as(deployed.err()).isZero();
    CliRunner.Result ran = as(owner, "run", "--all");
    assertThat(ran.exit()).as(ran.out() + ran.err()).isZero();
  }

  private String spec(String name) {
    return specs.resolve(name + ".yaml").toString();
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
  void consumersListsTheProductsReadingAVersionAndItsReadersForTheOwnerOnly() throws IOException {
    CliRunner.Result read =
        as(analyst, "query", "SELECT count(*) FROM podcasts.play_events_v1.events");
    assertThat(read.exit()).as(read.err()).isZero();

    CliRunner.Result byOwner = as(owner, "consumers", "podcasts/play-events:1");
    assertThat(byOwner.exit()).as(byOwner.err()).isZero();
    assertThat(byOwner.out())
        .contains("podcasts/play-events:1 (active), reads since ")
        .containsPattern("events +product +marketing/top-podcasts:1 +input plays +1 +20")
        .containsPattern("events +reader +ann +sql +1 +20");

    CliRunner.Result byAnalyst = as(analyst, "consumers", "podcasts/play-events:1");
    assertThat(byAnalyst.exit()).isZero();
    assertThat(byAnalyst.out()).contains("marketing/top-podcasts:1").doesNotContain("ann");
    assertThat(byAnalyst.err())
        .contains("who reads the ports is shown to the product's owner and the governance role");

    CliRunner.Result json = as(analyst, "consumers", "podcasts/play-events:1", "--format", "json");
    assertThat(json.exit()).as(json.err()).isZero();
    JsonNode document = new ObjectMapper().readTree(json.out());
    assertThat(document.at("/ports/0/products/0/product").asText())
        .isEqualTo("marketing/top-podcasts:1");
    assertThat(document.get("readersShown").asBoolean()).isFalse();
    assertThat(document.at("/ports/0").has("readers")).isFalse();

    CliRunner.Result none = as(owner, "consumers", "podcasts/play-events:2", "--since", "PT1S");
    assertThat(none.out()).startsWith("No consumers of podcasts/play-events:2 (active)");
    CliRunner.Result bad = as(owner, "consumers", "podcasts/play-events:1", "--since", "soon");
    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.err()).contains("--since 'soon' is not a time");
  }

  @Test
  void deprecateTellsTheConsumersWhoseRunsWarnAndDescribeShowsIt() {
    String sunset = LocalDate.now(ZoneOffset.UTC).plusDays(30).toString();
    CliRunner.Result refused =
        as(analyst, "deprecate", "podcasts/play-events:1", "--sunset", sunset);
    assertThat(refused.exit()).isEqualTo(1);
    assertThat(refused.err()).contains("error: Only the owner of podcasts/play-events:1");
    CliRunner.Result noMajor = as(owner, "deprecate", "podcasts/play-events", "--sunset", sunset);
    assertThat(noMajor.exit()).isEqualTo(2);
    assertThat(noMajor.err()).contains("Name the major version of podcasts/play-events");

    CliRunner.Result deprecated =
        as(
            owner,
            "deprecate",
            "podcasts/play-events:1",
            "--sunset",
            sunset,
            "--successor",
            "podcasts/play-events:2",
            "--reason",
            "played_on is added");
    assertThat(deprecated.exit()).as(deprecated.err()).isZero();
    assertThat(deprecated.out())
        .contains(
            "deprecated podcasts/play-events:1: sunset "
                + sunset
                + ", successor podcasts/play-events:2 (played_on is added)")
        .contains("Consumers to tell:")
        .contains("marketing/top-podcasts:1");

    CliRunner.Result run = as(marketing, "run", "marketing/top-podcasts");
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).startsWith("succeeded marketing/top-podcasts:1");
    assertThat(run.err())
        .contains(
            "warning: marketing/top-podcasts:1: input 'plays' reads"
                + " podcasts/play-events:1/events, deprecated since")
        .contains("with sunset " + sunset + "; move to podcasts/play-events:2");

    CliRunner.Result describe = as(analyst, "describe", "podcasts/play-events:1");
    assertThat(describe.out())
        .contains("state: deprecated")
        .contains("DEPRECATED since ")
        .contains("move to podcasts/play-events:2 (played_on is added)");
    assertThat(as(analyst, "products").out())
        .containsPattern("podcasts/play-events:1 +1\\.0\\.0 +deprecated");
    assertThat(as(analyst, "search", "play events").out()).contains("deprecated");
  }

  @Test
  void retireIsRefusedWithItsConsumersThenForcedAndTheVersionIsGone() {
    CliRunner.Result early = as(owner, "retire", "podcasts/play-events:1");
    assertThat(early.exit()).isEqualTo(1);
    assertThat(early.err())
        .contains("error: Cannot retire podcasts/play-events:1: it is not deprecated");
    String sunset = LocalDate.now(ZoneOffset.UTC).toString();
    assertThat(
            as(
                    owner,
                    "deprecate",
                    "podcasts/play-events:1",
                    "--sunset",
                    sunset,
                    "--successor",
                    "podcasts/play-events:2")
                .exit())
        .isZero();

    CliRunner.Result refused = as(owner, "retire", "podcasts/play-events:1");
    assertThat(refused.exit()).isEqualTo(1);
    assertThat(refused.err())
        .contains("Cannot retire podcasts/play-events:1: 1 active consumer")
        .contains("events: product marketing/top-podcasts:1 (input plays)")
        .contains("--force --reason");
    CliRunner.Result noReason = as(owner, "retire", "podcasts/play-events:1", "--force");
    assertThat(noReason.exit()).isEqualTo(2);
    assertThat(noReason.err()).contains("A forced retirement needs a reason");

    CliRunner.Result retired =
        as(owner, "retire", "podcasts/play-events:1", "--force", "--reason", "moved to v2");
    assertThat(retired.exit()).as(retired.err()).isZero();
    assertThat(retired.out())
        .contains(
            "retired podcasts/play-events:1 (forced); its successor is podcasts/play-events:2")
        .contains("its tables are dropped from ")
        .contains("(retention PT720H)");

    CliRunner.Result query =
        as(analyst, "query", "SELECT count(*) FROM podcasts.play_events_v1.events");
    assertThat(query.exit()).isEqualTo(1);
    assertThat(query.err())
        .contains("error: podcasts/play-events:1 was retired on ")
        .contains("its successor is podcasts/play-events:2");
    CliRunner.Result run = as(owner, "run", "podcasts/play-events:1");
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.out())
        .contains("failed    podcasts/play-events:1  podcasts/play-events:1 was retired on ");
    assertThat(as(analyst, "products").out()).doesNotContain("podcasts/play-events:1");
    assertThat(as(analyst, "products", "--state", "retired").out())
        .containsPattern("podcasts/play-events:1 +1\\.0\\.0 +retired");
    assertThat(as(owner, "runs", "podcasts/play-events:1").out()).contains("succeeded");
    assertThat(as(owner, "deploy", spec("play-events")).err())
        .contains("a retired major version is never deployed again: deploy a new major (3.0.0)");
  }
}
