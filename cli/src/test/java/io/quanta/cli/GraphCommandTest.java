package io.quanta.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quanta.examples.PodcastMesh;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code quanta graph} on the example podcast mesh. */
class GraphCommandTest {
  @TempDir static Path temp;
  private static CliRunner cli;

  @BeforeAll
  static void deployTheExampleMesh() throws Exception {
    cli = deploy(temp.resolve("shared"));
  }

  /** A mesh of its own in the folder, the example mesh's specs and data deployed. */
  private static CliRunner deploy(Path base) throws Exception {
    Path folder = base.resolve("podcasts");
    List<Path> specs = PodcastMesh.copySpecs(folder);
    PodcastMesh.generate(folder, 1_000);
    CliRunner runner = new CliRunner(base.resolve("quanta"));
    List<String> deploy = new ArrayList<>(List.of("deploy"));
    specs.forEach(spec -> deploy.add(spec.toString()));
    CliRunner.Result deployed = runner.run(deploy.toArray(String[]::new));
    assertThat(deployed.exit()).as(deployed.err()).isZero();
    return runner;
  }

  @Test
  void listsTheIdentifierTypesAndTheProductsHoldingThem() {
    CliRunner.Result result = cli.run("graph", "identifiers");

    assertThat(result.exit()).as(result.err()).isZero();
    assertThat(result.out())
        .startsWith(
            "user-id  (4 columns in 3 products)  A user's account, as the account service assigns"
                + " it.\n"
                + "  podcasts/play-events:1\n"
                + "  users/user-profiles:2\n"
                + "  users/user-registrations:1\n"
                + "podcast-id  (4 columns in 4 products)");
  }

  @Test
  void listsTheColumnsHoldingOneType() {
    CliRunner.Result result = cli.run("graph", "identifiers", "podcast-id");

    assertThat(result.out().lines().toList())
        .containsExactly(
            "podcast-id  A podcast of the catalog.",
            "  COLUMN                                                     TYPE    HOLDS IT",
            "-----------------------------------------------------------  ------ "
                + " -------------------------------------------------------",
            "  podcasts/listeners-demographics:1/demographics.podcast_id  string  links to"
                + " podcasts/podcast-catalog:1/podcasts.podcast_id",
            "  podcasts/play-events:1/events.podcast_id                   string  declared",
            "  podcasts/podcast-catalog:1/podcasts.podcast_id             string  declared",
            "  podcasts/top-podcasts-daily:1/ranking.podcast_id           string  links to"
                + " podcasts/podcast-catalog:1/podcasts.podcast_id");

    CliRunner.Result unknown = cli.run("graph", "identifiers", "episode-id");
    assertThat(unknown.exit()).isEqualTo(1);
    assertThat(unknown.err()).contains("'episode-id' is neither registered nor declared");
  }

  @Test
  void showsHowTwoProductsOfOtherDomainsJoin() throws Exception {
    CliRunner.Result result =
        cli.run("graph", "path", "users/user-registrations", "artists/artist-payments");

    assertThat(result.exit()).as(result.err()).isZero();
    assertThat(result.out())
        .startsWith(
            "users/user-registrations:1 to artists/artist-payments:1: 2 shortest paths of 3"
                + " joins\n")
        .contains(
            "path 2: users/user-registrations:1 -> podcasts/play-events:1 ->"
                + " podcasts/podcast-catalog:1 -> artists/artist-payments:1\n"
                + "  users/user-registrations:1 JOIN podcasts/play-events:1 ON one of\n"
                + "    users/user-registrations:1/registrations.user_id ="
                + " podcasts/play-events:1/events.user_id (identifier user-id)\n");

    CliRunner.Result json =
        cli.run(
            "graph",
            "path",
            "podcasts/top-podcasts-daily",
            "podcasts/podcast-catalog:1",
            "--format",
            "json");
    JsonNode body = new ObjectMapper().readTree(json.out());
    assertThat(body.path("joins").asInt()).isEqualTo(1);
    assertThat(
            body.path("paths")
                .get(0)
                .path("steps")
                .get(0)
                .path("on")
                .get(0)
                .path("reason")
                .asText())
        .isEqualTo("link");
  }

  @Test
  void reportsBrokenLinks(@TempDir Path own) throws Exception {
    assertThat(cli.run("graph", "broken-links").out()).isEqualTo("no broken link\n");

    // The catalog relabeling podcast_id is a breaking change: refused within major version 1,
    // with a warning about the links it would break.
    CliRunner cli = deploy(own);
    Path catalog = own.resolve("podcasts").resolve("podcast-catalog.yaml");
    String text = Files.readString(catalog);
    Files.writeString(
        catalog,
        text.replace("version: 1.0.0", "version: 1.1.0")
            .replace(
                "        semantic: podcast-id\n        description: The podcast's identifier.",
                "        semantic: artist-id\n        description: The podcast's identifier."));
    CliRunner.Result refused = cli.run("deploy", catalog.toString());
    assertThat(refused.exit()).isEqualTo(1);
    assertThat(refused.err())
        .contains(
            "outputs[0].schema[0]: deployed column podcasts/play-events:1/events.podcast_id links"
                + " to this column: deploying this breaks the link",
            "semantic type of 'podcast_id' changed from podcast-id to artist-id: a breaking change"
                + " needs a new major version");
    assertThat(cli.run("graph", "broken-links").out()).isEqualTo("no broken link\n");

    // The chart labeling its linked column (a minor change) deploys with a warning: the link is
    // broken then.
    Path chart = own.resolve("podcasts").resolve("top-podcasts-daily.yaml");
    Files.writeString(
        chart,
        Files.readString(chart)
            .replace("version: 1.0.0", "version: 1.1.0")
            .replace(
                "        type: string\n        links: podcasts/podcast-catalog:1/podcasts.podcast_id",
                "        type: string\n        semantic: artist-id\n"
                    + "        links: podcasts/podcast-catalog:1/podcasts.podcast_id"));
    CliRunner.Result deployed = cli.run("deploy", chart.toString());
    assertThat(deployed.exit()).as(deployed.err()).isZero();
    assertThat(deployed.out()).contains("updated   podcasts/top-podcasts-daily:1  1.1.0  minor");
    assertThat(deployed.err())
        .contains(
            "outputs[0].schema[2].links: the link no longer holds: this column holds artist-id"
                + " but the column it links to, podcasts/podcast-catalog:1/podcasts.podcast_id,"
                + " holds podcast-id");

    CliRunner.Result broken = cli.run("graph", "broken-links");
    assertThat(broken.out().lines().toList())
        .containsExactly(
            "podcasts/top-podcasts-daily:1/ranking.podcast_id  semantic-differs",
            "  holds artist-id but the column it links to,"
                + " podcasts/podcast-catalog:1/podcasts.podcast_id, holds podcast-id");
    JsonNode json =
        new ObjectMapper().readTree(cli.run("graph", "broken-links", "--format", "json").out());
    assertThat(json.path("brokenLinks").get(0).path("reason").asText())
        .isEqualTo("semantic-differs");
  }
}
