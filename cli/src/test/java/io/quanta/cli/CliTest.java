package io.quanta.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CliTest {
  @TempDir Path temp;
  private Path specs;
  private Path dataDir;

  /** What a command printed and returned. */
  record Result(int exit, String out, String err) {}

  @BeforeEach
  void copySpecs() throws IOException, URISyntaxException {
    Path source = Path.of(getClass().getClassLoader().getResource("specs").toURI());
    specs = temp.resolve("specs");
    try (Stream<Path> files = Files.walk(source)) {
      for (Path file : files.toList()) {
        Path target = specs.resolve(source.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else {
          Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
    dataDir = temp.resolve("quanta");
  }

  @Test
  void deploysRunsAndQueriesInEveryFormat() {
    Result deployed =
        quanta("deploy", spec("top-podcasts"), spec("podcast-catalog"), spec("play-events"));
    assertThat(deployed.exit()).isZero();
    assertThat(deployed.out()).contains("created   podcasts/top-podcasts:1  1.0.0");

    Result run = quanta("run", "--all");
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out().lines())
        .hasSize(3)
        .allSatisfy(line -> assertThat(line).startsWith("succeeded"));

    Result table =
        quanta("query", "SELECT podcast_id, listens FROM podcasts.top_podcasts.listens ORDER BY 1");
    assertThat(table.out().lines().toList())
        .containsExactly(
            "podcast_id  listens", "----------  -------", "p1          2", "p2          1");
    assertThat(table.err()).startsWith("(2 rows, as of ");

    Result csv =
        quanta(
            "query",
            "--format",
            "csv",
            "SELECT podcast_id, title FROM podcasts.podcast_catalog.podcasts ORDER BY 1");
    assertThat(csv.out().lines().toList())
        .containsExactly("podcast_id,title", "p1,Data Mesh Radio", "p2,The Pipeline");

    Result json =
        quanta(
            "query",
            "--format",
            "json",
            "SELECT podcast_id, episodes FROM podcasts.podcast_catalog_v1.podcasts ORDER BY 1 LIMIT 1");
    assertThat(json.out().replaceAll("\\s", ""))
        .isEqualTo("[{\"podcast_id\":\"p1\",\"episodes\":12}]");

    Result products = quanta("products");
    assertThat(products.out()).contains("podcasts/top-podcasts:1", "podcasts.top_podcasts.listens");
    Result describe = quanta("describe", "podcasts/podcast-catalog");
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

    Result csv =
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

    Result parquet =
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

    Result all = quanta("subscribe", "podcasts/podcast-catalog/podcasts", "--no-follow");
    assertThat(all.exit()).as(all.err()).isZero();
    assertThat(all.out().lines()).hasSize(2).first().asString().startsWith("{\"offset\":0,");
    Result afterFirst =
        quanta("subscribe", "podcasts/podcast-catalog/podcasts", "--after", "0", "--limit", "1");
    assertThat(afterFirst.out().lines()).singleElement().asString().contains("\"offset\":1");
  }

  @Test
  void aBrokenSpecGetsOneLinePerProblemAndExitCodeOne() {
    quanta("deploy", spec("play-events"));
    Result result = quanta("validate", spec("broken"));

    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.err().lines().toList())
        .containsExactly(
            specs.resolve("broken.yaml")
                + ":6:12: metadata.version: must be a semantic version MAJOR.MINOR.PATCH written as a string, e.g. \"1.2.0\"",
            "error: 1 problem in 1 file");
    String fixed = read("broken.yaml").replace("version: 1.0", "version: 1.0.0");
    write("broken.yaml", fixed);
    Result semantic = quanta("deploy", spec("broken"));
    assertThat(semantic.exit()).isEqualTo(1);
    assertThat(semantic.err())
        .contains(
            specs.resolve("broken.yaml")
                + ":18:11: outputs[0].key[0]: key column 'podcast' is not in the schema; declared columns: podcast_id, listens");
    assertThat(quanta("products").err()).doesNotContain("broken");
  }

  @Test
  void unknownProductsAndRefusedQueriesFailWithAClearMessage() {
    Result describe = quanta("describe", "podcasts/nope");
    assertThat(describe.exit()).isEqualTo(1);
    assertThat(describe.err()).isEqualTo("error: Data product does not exist: podcasts/nope\n");

    Result refused = quanta("query", "COPY (SELECT 1) TO '/tmp/x.csv'");
    assertThat(refused.exit()).isEqualTo(1);
    assertThat(refused.err()).startsWith("query: a COPY statement is not allowed");

    Result badProduct = quanta("run", "Podcasts/x");
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
        List.of("validate", "deploy", "run", "query", "export", "subscribe", "up", "demo")) {
      Result help = quanta(command, "--help");
      assertThat(help.exit()).as(command).isZero();
      assertThat(help.out())
          .as(command)
          .startsWith("Usage: quanta " + command)
          .contains("Exit codes");
    }
  }

  @Test
  void theDemoMeshRunsEndToEndAtASmallScale() {
    Result demo = quanta("demo", "--scale", "1000", "--no-serve");

    assertThat(demo.exit()).as(demo.err()).isZero();
    assertThat(demo.out())
        .contains("== 2. Deploy 8 data products")
        .contains("succeeded podcasts/top-podcasts-daily:1")
        .contains("-- Today's top podcasts")
        .contains("-- The corrected podcast, every version (history)");
    Result products = quanta("products");
    assertThat(products.out().lines().filter(line -> line.contains("succeeded"))).hasSize(8);
    // Running everything again finds nothing new to write.
    Result again = quanta("run", "--all");
    assertThat(again.out().lines())
        .allSatisfy(
            line ->
                assertThat(line)
                    .doesNotContain("+1", "+2", "+3", "+4", "+5", "+6", "+7", "+8", "+9"));
  }

  private Result quanta(String... args) {
    List<String> arguments = new ArrayList<>();
    arguments.add("--data-dir");
    arguments.add(dataDir.toString());
    arguments.addAll(List.of(args));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine commandLine = QuantaCommand.commandLine();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    int exit = commandLine.execute(arguments.toArray(String[]::new));
    return new Result(exit, out.toString(), err.toString());
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
