package io.quanta.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quanta.examples.PodcastMesh;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code quanta lineage} on the example podcast mesh. */
class LineageCommandTest {
  @TempDir static Path temp;
  private static CliRunner cli;

  @BeforeAll
  static void deployTheExampleMesh() throws Exception {
    Path folder = temp.resolve("podcasts");
    List<Path> specs = PodcastMesh.copySpecs(folder);
    PodcastMesh.generate(folder, 1_000);
    cli = new CliRunner(temp.resolve("quanta"));
    List<String> deploy = new ArrayList<>(List.of("deploy"));
    specs.forEach(spec -> deploy.add(spec.toString()));
    CliRunner.Result deployed = cli.run(deploy.toArray(String[]::new));
    assertThat(deployed.exit()).as(deployed.err()).isZero();
  }

  @Test
  void printsTheUpstreamTreeDownToTheSourceFiles() {
    CliRunner.Result result = cli.run("lineage", "podcasts/listeners-demographics", "--upstream");

    assertThat(result.exit()).as(result.err()).isZero();
    assertThat(result.out().lines().toList())
        .containsExactly(
            "upstream of podcasts/listeners-demographics:1",
            "podcasts/listeners-demographics:1",
            "├── plays: podcasts/play-events:1/events",
            "│   └── plays: file data/plays/*.parquet",
            "├── users: users/user-profiles:2/profiles",
            "│   ├── registrations: users/user-registrations:1/registrations",
            "│   │   └── registrations: file data/registrations.csv",
            "│   └── updates: file data/profile-updates.jsonl",
            "└── countries: file data/countries.csv");
  }

  @Test
  void printsTheDownstreamTreeToTheDepthAsked() {
    CliRunner.Result all = cli.run("lineage", "podcasts/play-events:1", "--downstream");
    assertThat(all.out().lines().toList())
        .containsExactly(
            "downstream of podcasts/play-events:1",
            "podcasts/play-events:1",
            "├── artists/emerging-artists:1  (reads events as plays)",
            "└── podcasts/listeners-demographics:1  (reads events as plays)",
            "    └── podcasts/top-podcasts-daily:1  (reads demographics as demographics)");

    CliRunner.Result one =
        cli.run("lineage", "podcasts/play-events", "--downstream", "--depth", "1");
    assertThat(one.out()).doesNotContain("top-podcasts-daily");

    CliRunner.Result both = cli.run("lineage", "podcasts/listeners-demographics", "--depth", "1");
    assertThat(both.out())
        .contains("upstream of podcasts/listeners-demographics:1")
        .contains("downstream of podcasts/listeners-demographics:1")
        .contains("└── podcasts/top-podcasts-daily:1  (reads demographics as demographics)")
        .doesNotContain("registrations");
  }

  @Test
  void printsEachColumnWithWhatItDerivesFrom() {
    CliRunner.Result result =
        cli.run("lineage", "podcasts/top-podcasts-daily", "--upstream", "--columns");

    assertThat(result.exit()).as(result.err()).isZero();
    String out = result.out();
    assertThat(out)
        .contains(
            "columns of podcasts/top-podcasts-daily:1\n"
                + "ranking.day\n"
                + "└── direct from podcasts/listeners-demographics:1/demographics.day\n"
                + "    └── transformed from podcasts/play-events:1/events.played_at\n"
                + "        └── direct from played_at of podcasts/play-events:1 input plays"
                + " (file data/plays/*.parquet)\n")
        .contains(
            "ranking.title\n"
                + "└── direct from podcasts/podcast-catalog:1/podcasts.title\n"
                + "    └── transformed from title of podcasts/podcast-catalog:1 input podcasts"
                + " (file data/podcasts.csv)\n")
        .contains(
            "ranking.listens\n"
                + "└── aggregated from podcasts/listeners-demographics:1/demographics.listens"
                + "  (counts rows)\n");
  }

  @Test
  void printsJsonForAUserInterface() throws Exception {
    CliRunner.Result result =
        cli.run(
            "lineage",
            "users/user-registrations",
            "--downstream",
            "--columns",
            "--depth",
            "1",
            "--format",
            "json");

    assertThat(result.exit()).as(result.err()).isZero();
    JsonNode body = new ObjectMapper().readTree(result.out());
    assertThat(body.path("root").asText()).isEqualTo("users/user-registrations:1");
    assertThat(body.path("direction").asText()).isEqualTo("downstream");
    List<String> derives = new ArrayList<>();
    body.path("edges")
        .forEach(
            edge -> {
              if (edge.path("kind").asText().equals("derives")) {
                derives.add(
                    edge.path("from").asText()
                        + " -> "
                        + edge.path("to").asText()
                        + " "
                        + edge.path("attributes").path("how").asText());
              }
            });
    assertThat(derives)
        .contains(
            "users/user-registrations:1/registrations.birth_date"
                + " -> users/user-profiles:2/profiles.age_band transformed",
            "users/user-registrations:1/registrations.user_id"
                + " -> users/user-profiles:2/profiles.user_id direct");
  }

  @Test
  void reportsAnUnknownProductAndBadOptions() {
    CliRunner.Result unknown = cli.run("lineage", "podcasts/nothing");
    assertThat(unknown.exit()).isEqualTo(1);
    assertThat(unknown.err()).contains("Data product does not exist: podcasts/nothing");

    CliRunner.Result format = cli.run("lineage", "podcasts/play-events", "--format", "xml");
    assertThat(format.exit()).isEqualTo(2);
    assertThat(format.err()).contains("--format must be text or json, got 'xml'");

    CliRunner.Result depth = cli.run("lineage", "podcasts/play-events", "--depth", "-2");
    assertThat(depth.exit()).isEqualTo(2);
  }
}
