package io.quanta.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code quanta search}: each command a process of its own on the data folder, as from a shell. */
class SearchCommandTest {
  @TempDir Path temp;
  private Path specs;
  private Path dataDir;
  private CliRunner cli;

  @BeforeEach
  void deploy() throws IOException, URISyntaxException {
    specs = TestFolders.copy("specs", temp.resolve("specs"));
    dataDir = temp.resolve("quanta");
    cli = new CliRunner(dataDir);
    CliRunner.Result deployed =
        cli.run("deploy", spec("podcast-catalog"), spec("play-events"), spec("top-podcasts"));
    assertThat(deployed.exit()).as(deployed.err()).isZero();
  }

  @Test
  void printsTheBestMatchesWithWhereTheyMatchedAndTheFacets() {
    CliRunner.Result result = cli.run("search", "podcst");

    assertThat(result.exit()).as(result.err()).isZero();
    List<String> lines = result.out().lines().toList();
    assertThat(lines.get(0)).matches("PRODUCT +VERSION +MATCHED +DESCRIPTION");
    assertThat(lines.get(2))
        .matches("podcasts/podcast-catalog:1 +1\\.0\\.0 +name +Every podcast with its title.*");
    assertThat(result.out()).containsPattern("\\ndomain +podcasts \\(3\\)\\n");
    assertThat(result.err()).isEqualTo("(3 of 3 products)" + System.lineSeparator());

    CliRunner.Result column = cli.run("search", "episodes");
    assertThat(column.out().lines().toList().get(2))
        .matches("podcasts/podcast-catalog:1 +1\\.0\\.0 +column podcasts\\.episodes +.*");

    CliRunner.Result words = cli.run("search", "episode", "share", "--limit", "1");
    assertThat(words.out().lines().toList().get(2))
        .matches("podcasts/top-podcasts:1 +1\\.0\\.0 +port episode-share +.*");
  }

  @Test
  void browsesWithFacetFiltersAndPrintsJson() throws IOException {
    CliRunner.Result result =
        cli.run(
            "search",
            "--facet",
            "kind:consumer-aligned",
            "--facet",
            "domain:podcasts",
            "--format",
            "json");

    assertThat(result.exit()).as(result.err()).isZero();
    JsonNode body = new ObjectMapper().readTree(result.out());
    assertThat(body.path("total").asLong()).isEqualTo(1);
    assertThat(body.path("hits").get(0).path("product").asText())
        .isEqualTo("podcasts/top-podcasts");
    assertThat(body.path("hits").get(0).path("owner").asText()).isEqualTo("marketing@example.com");
    assertThat(body.path("facets").path("kind").toString())
        .isEqualTo(
            "[{\"value\":\"source-aligned\",\"count\":2},{\"value\":\"consumer-aligned\",\"count\":1}]");

    assertThat(cli.run("search", "nothing-like-this").err())
        .isEqualTo("no product matches" + System.lineSeparator());
  }

  @Test
  void rebuildsTheIndexWhenAskedOrWhenItIsGone() throws IOException {
    try (Stream<Path> paths = Files.walk(dataDir.resolve("search"))) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
    assertThat(cli.run("search", "top").out()).contains("podcasts/top-podcasts:1");

    CliRunner.Result rebuilt = cli.run("search", "--rebuild", "--limit", "1");
    assertThat(rebuilt.exit()).isZero();
    assertThat(rebuilt.err()).contains("rebuilt the search index from the registry", "(1 of 3");
  }

  @Test
  void reportsUsageErrorsWithExitCode2() {
    CliRunner.Result facet = cli.run("search", "--facet", "colour:red");
    assertThat(facet.exit()).isEqualTo(2);
    assertThat(facet.err())
        .isEqualTo(
            "error: unknown facet 'colour'; the facets are domain, kind, tag, owner,"
                + " classification, slo, state"
                + System.lineSeparator());
    assertThat(cli.run("search", "--format", "xml").exit()).isEqualTo(2);
    assertThat(cli.run("search", "--limit", "0").err())
        .contains("limit must be between 1 and 100, got 0");
  }

  private String spec(String name) {
    return specs.resolve(name + ".yaml").toString();
  }
}
