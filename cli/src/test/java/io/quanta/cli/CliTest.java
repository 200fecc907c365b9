package io.quanta.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {
  @TempDir Path temp;
  private Path specs;
  private Path dataDir;
  private CliRunner cli;

  /** The token every command sends: a user of the teams owning the test products. */
  private String token;

  @BeforeEach
  void copySpecs() throws IOException, URISyntaxException {
    specs = TestFolders.copy("specs", temp.resolve("specs"));
    dataDir = temp.resolve("quanta");
    cli = new CliRunner(dataDir);
    CliRunner.Result created =
        cli.run(
            "token",
            "create",
            "--user",
            "tester",
            "--group",
            "podcasts-team@example.com,marketing@example.com");
    assertThat(created.exit()).as(created.err()).isZero();
    token = created.out().strip();
  }

  @Test
  void deploysRunsAndQueriesInEveryFormat() {
    CliRunner.Result deployed =
        quanta("deploy", spec("top-podcasts"), spec("podcast-catalog"), spec("play-events"));
    assertThat(deployed.exit()).isZero();
    assertThat(deployed.out()).contains("created   podcasts/top-podcasts:1  1.0.0");

    CliRunner.Result run = quanta("run", "--all");
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out().lines())
        .hasSize(3)
        .allSatisfy(line -> assertThat(line).startsWith("succeeded"));

    CliRunner.Result table =
        quanta("query", "SELECT podcast_id, listens FROM podcasts.top_podcasts.listens ORDER BY 1");
    assertThat(table.out().lines().toList())
        .containsExactly(
            "podcast_id  listens", "----------  -------", "p1          2", "p2          1");
    assertThat(table.err()).startsWith("(2 rows, as of ");

    CliRunner.Result csv =
        quanta(
            "query",
            "--format",
            "csv",
            "SELECT podcast_id, title FROM podcasts.podcast_catalog.podcasts ORDER BY 1");
    assertThat(csv.out().lines().toList())
        .containsExactly("podcast_id,title", "p1,Data Mesh Radio", "p2,The Pipeline");

    CliRunner.Result json =
        quanta(
            "query",
            "--format",
            "json",
            "SELECT podcast_id, episodes FROM podcasts.podcast_catalog_v1.podcasts ORDER BY 1 LIMIT 1");
    assertThat(json.out().replaceAll("\\s", ""))
        .isEqualTo("[{\"podcast_id\":\"p1\",\"episodes\":12}]");

    CliRunner.Result products = quanta("products");
    assertThat(products.out()).contains("podcasts/top-podcasts:1", "podcasts.top_podcasts.listens");
    CliRunner.Result describe = quanta("describe", "podcasts/podcast-catalog");
    assertThat(describe.out())
        .contains(
            "podcasts/podcast-catalog:1  version 1.0.0",
            "SQL:      podcasts.podcast_catalog.podcasts",
            "2 rows in the latest state");
    assertThat(quanta("describe", "--format", "json", "podcasts/podcast-catalog:1").out())
        .contains("\"icebergTable\" : \"podcasts.podcast_catalog.podcasts_v1\"");
    assertThat(quanta("runs", "podcasts/top-podcasts").out()).contains("succeeded", "cli");
  }

  @Test
  void exportsAPortToAFileInTheOutputFolder() throws IOException {
    quanta("deploy", spec("podcast-catalog"));
    quanta("run", "podcasts/podcast-catalog");

    CliRunner.Result csv =
        quanta(
            "export",
            "podcasts/podcast-catalog/podcasts",
            "--format",
            "csv",
            "--output",
            temp.resolve("out").toString());
    assertThat(csv.exit()).as(csv.err()).isZero();
    Path file = temp.resolve("out/podcasts.podcast_catalog_v1.podcasts.csv");
    assertThat(csv.out().strip()).isEqualTo(file.toString());
    assertThat(Files.readAllLines(file))
        .hasSize(3)
        .first()
        .asString()
        .startsWith("podcast_id,title");
    assertThat(csv.err()).startsWith("(2 rows, as of ");

    CliRunner.Result parquet =
        quanta(
            "export",
            "podcasts/podcast-catalog:1/podcasts",
            "--output",
            temp.resolve("out").toString(),
            "--from",
            "2026-02-01");
    assertThat(parquet.exit()).isZero();
    assertThat(parquet.err()).startsWith("(1 row, as of ");

    assertThat(quanta("export", "podcasts/podcast-catalog/nope", "--output", temp.toString()).err())
        .contains("has no output port 'nope'; its ports: podcasts");
    assertThat(quanta("export", "podcasts", "--output", temp.toString()).exit()).isEqualTo(2);
  }

  @Test
  void subscribePrintsAPortsEventsAsJsonLines() {
    quanta("deploy", spec("podcast-catalog"));
    quanta("run", "podcasts/podcast-catalog");

    CliRunner.Result all = quanta("subscribe", "podcasts/podcast-catalog/podcasts", "--no-follow");
    assertThat(all.exit()).as(all.err()).isZero();
    assertThat(all.out().lines()).hasSize(2).first().asString().startsWith("{\"offset\":0,");
    CliRunner.Result afterFirst =
        quanta("subscribe", "podcasts/podcast-catalog/podcasts", "--after", "0", "--limit", "1");
    assertThat(afterFirst.out().lines()).singleElement().asString().contains("\"offset\":1");
  }

  @Test
  void aBrokenSpecGetsOneLinePerProblemAndExitCodeOne() {
    quanta("deploy", spec("play-events"));
    CliRunner.Result result = quanta("validate", spec("broken"));

    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.err().lines().toList())
        .containsExactly(
            specs.resolve("broken.yaml")
                + ":6:12: metadata.version: must be a semantic version MAJOR.MINOR.PATCH written as a string, e.g. \"1.2.0\"",
            "error: 1 problem in 1 file");
    String fixed = read("broken.yaml").replace("version: 1.0", "version: 1.0.0");
    write("broken.yaml", fixed);
    CliRunner.Result semantic = quanta("deploy", spec("broken"));
    assertThat(semantic.exit()).isEqualTo(1);
    assertThat(semantic.err())
        .contains(
            specs.resolve("broken.yaml")
                + ":18:11: outputs[0].key[0]: key column 'podcast' is not in the schema; declared columns: podcast_id, listens");
    assertThat(quanta("products").err()).doesNotContain("broken");
  }

  @Test
  void unknownProductsAndRefusedQueriesFailWithAClearMessage() {
    CliRunner.Result describe = quanta("describe", "podcasts/nope");
    assertThat(describe.exit()).isEqualTo(1);
    assertThat(describe.err()).isEqualTo("error: Data product does not exist: podcasts/nope\n");

    CliRunner.Result refused = quanta("query", "COPY (SELECT 1) TO '/tmp/x.csv'");
    assertThat(refused.exit()).isEqualTo(1);
    assertThat(refused.err()).startsWith("query: a COPY statement is not allowed");

    CliRunner.Result badProduct = quanta("run", "Podcasts/x");
    assertThat(badProduct.exit()).isEqualTo(2);
    assertThat(badProduct.err()).contains("Invalid product 'Podcasts/x'");
  }

  @Test
  void usageErrorsExitWithTwo() {
    assertThat(quanta("query").exit()).isEqualTo(2);
    assertThat(quanta("run").exit()).isEqualTo(2);
    assertThat(quanta("frobnicate").exit()).isEqualTo(2);
    assertThat(quanta("query", "--as-of", "yesterday", "SELECT 1").exit()).isEqualTo(2);
    assertThat(quanta("query", "--limit", "0", "SELECT 1").exit()).isEqualTo(2);
  }

  @Test
  void everySubcommandPrintsItsHelp() {
    for (String command :
        List.of(
            "validate",
            "deploy",
            "run",
            "query",
            "export",
            "subscribe",
            "up",
            "demo",
            "token",
            "token create",
            "token list",
            "token revoke",
            "whoami")) {
      List<String> arguments = new ArrayList<>(List.of(command.split(" ")));
      arguments.add("--help");
      CliRunner.Result help = quanta(arguments.toArray(String[]::new));
      assertThat(help.exit()).as(command).isZero();
      assertThat(help.out())
          .as(command)
          .startsWith("Usage: quanta " + command)
          .contains("Exit codes");
    }
  }

  @Test
  void theDemoMeshRunsEndToEndAtASmallScale() {
    CliRunner.Result demo = quanta("demo", "--scale", "1000", "--no-serve");

    assertThat(demo.exit()).as(demo.err()).isZero();
    assertThat(demo.out())
        .contains("== 2. Deploy 8 data products")
        .contains("succeeded podcasts/top-podcasts-daily:1")
        .contains("-- Today's top podcasts")
        .contains("-- The corrected podcast, every version (history)");
    // The demo prints a token for its analyst, which reads the mesh.
    String demoToken =
        demo.out()
            .lines()
            .filter(line -> line.strip().startsWith("QUANTA_TOKEN="))
            .findFirst()
            .orElseThrow()
            .strip()
            .substring("QUANTA_TOKEN=".length());
    CliRunner.Result analyst =
        cli.environment("QUANTA_TOKEN", demoToken)
            .run("query", "SELECT count(*) > 0 FROM podcasts.top_podcasts_daily.ranking");
    assertThat(analyst.exit()).as(analyst.err()).isZero();
    assertThat(analyst.out()).contains("true");
    assertThat(cli.run("whoami").out())
        .contains("user:       demo-analyst", "groups:     analysts");
    CliRunner.Result products = quanta("products");
    assertThat(products.out().lines().filter(line -> line.contains("succeeded"))).hasSize(8);
    // Running everything again finds nothing new to write.
    CliRunner.Result again = quanta("run", "--all");
    assertThat(again.out().lines())
        .allSatisfy(
            line ->
                assertThat(line)
                    .doesNotContain("+1", "+2", "+3", "+4", "+5", "+6", "+7", "+8", "+9"));
  }

  private CliRunner.Result quanta(String... args) {
    List<String> arguments = new ArrayList<>(List.of("--token", token));
    arguments.addAll(List.of(args));
    return cli.run(arguments.toArray(String[]::new));
  }

  private String spec(String name) {
    return specs.resolve(name + ".yaml").toString();
  }

  private String read(String name) {
    try {
      return Files.readString(specs.resolve(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void write(String name, String text) {
    try {
      Files.writeString(specs.resolve(name), text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
