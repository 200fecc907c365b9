package io.quanta.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.quanta.examples.PodcastMesh;
import io.quanta.spec.ProductSpec;
import io.quanta.spec.SpecParser;
import java.io.IOException;
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

/** quanta export-spec and quanta import-spec (docs/standards.md). */
class StandardsCliTest {
  @TempDir Path temp;
  private CliRunner cli;
  private Path podcasts;

  @BeforeEach
  void copyExamples() throws IOException {
    cli = new CliRunner(temp.resolve("quanta"));
    podcasts = temp.resolve("podcasts");
    PodcastMesh.copySpecs(podcasts);
  }

  @Test
  void exportsASpecFileAsDocumentsThatImportBackToTheSameSpec() throws IOException {
    Path documents = temp.resolve("documents");
    Path spec = podcasts.resolve("user-profiles.yaml");

    CliRunner.Result exported =
        cli.run(
            "export-spec", spec.toString(), "--format", "odps,odcs", "--out", documents.toString());

    assertThat(exported.exit()).as(exported.err()).isZero();
    assertThat(exported.err()).isEmpty();
    assertThat(exported.out().lines())
        .containsExactly(
            documents.resolve("users.user-profiles.v2.odps.yaml").toString(),
            documents.resolve("users.user-profiles.v2.profiles.odcs.yaml").toString(),
            documents.resolve("users.user-profiles.v2.profile-updates.odcs.yaml").toString());
    assertThat(Files.readString(documents.resolve("users.user-profiles.v2.odps.yaml")))
        .startsWith("apiVersion: v1.0.0\nkind: DataProduct\nid: users/user-profiles:2\n")
        .contains("status: draft");

    Path imported = temp.resolve("imported");
    List<String> arguments = new ArrayList<>(List.of("import-spec"));
    exported.out().lines().forEach(arguments::add);
    arguments.addAll(List.of("--out", imported.toString()));
    CliRunner.Result read = cli.run(arguments.toArray(String[]::new));

    assertThat(read.exit()).as(read.err()).isZero();
    assertThat(read.err()).isEmpty();
    assertThat(read.out().strip()).isEqualTo(imported.resolve("user-profiles.yaml").toString());
    ProductSpec original = SpecParser.create().parse(spec).orThrow();
    ProductSpec back = SpecParser.create().parse(imported.resolve("user-profiles.yaml")).orThrow();
    assertThat(back.metadata()).isEqualTo(original.metadata());
    assertThat(back.outputs()).hasSameSizeAs(original.outputs());
    assertThat(back.outputs().get(0).schema()).isEqualTo(original.outputs().get(0).schema());
    assertThat(back.slo()).isEqualTo(original.slo());

    CliRunner.Result again = cli.run(arguments.toArray(String[]::new));
    assertThat(again.exit()).isEqualTo(1);
    assertThat(again.err())
        .isEqualTo(
            "error: "
                + imported.resolve("user-profiles.yaml")
                + " exists: import into another --out folder, or replace it with --force\n");
    arguments.add("--force");
    assertThat(cli.run(arguments.toArray(String[]::new)).exit()).isZero();
  }

  @Test
  void withoutAnOutputFolderTheDocumentsArePrintedAsOneStream() throws IOException {
    CliRunner.Result exported =
        cli.run(
            "export-spec", podcasts.resolve("user-profiles.yaml").toString(), "--format", "odcs");

    assertThat(exported.exit()).as(exported.err()).isZero();
    assertThat(exported.out())
        .startsWith("apiVersion: v3.1.0\nkind: DataContract\nid: users/user-profiles:2/profiles\n")
        .containsOnlyOnce(
            "\n---\napiVersion: v3.1.0\nkind: DataContract\n"
                + "id: users/user-profiles:2/profile-updates\n");

    Path stream = Files.writeString(temp.resolve("contracts.yaml"), exported.out());
    CliRunner.Result read = cli.run("import-spec", stream.toString());

    assertThat(read.exit()).as(read.err()).isZero();
    assertThat(read.out()).startsWith("apiVersion: quanta/v1\nkind: DataProduct\nmetadata:\n");
    assertThat(read.err().lines())
        .containsExactly(
            "warning: "
                + stream
                + ":73:1: slaProperties: not imported: completeness counts against input"
                + " 'registrations', which the documents do not give (import the product's ODPS"
                + " document too)",
            "warning: "
                + stream
                + ": contracts do not say what a product reads: import the product's ODPS"
                + " document with them, or add the inputs its SQL reads");
  }

  @Test
  void aDeployedProductIsExportedToItsOwnerOnly() throws IOException, URISyntaxException {
    Path specs = copyResources("specs");
    String owner = token("pat", "podcasts-team@example.com");
    String analyst = token("ann", "analysts");
    CliRunner.Result deployed =
        cli.run("--token", owner, "deploy", specs.resolve("podcast-catalog.yaml").toString());
    assertThat(deployed.exit()).as(deployed.err()).isZero();

    CliRunner.Result exported =
        cli.run("--token", owner, "export-spec", "podcasts/podcast-catalog", "--format", "odps");

    assertThat(exported.exit()).as(exported.err()).isZero();
    assertThat(exported.out())
        .startsWith("apiVersion: v1.0.0\nkind: DataProduct\nid: podcasts/podcast-catalog:1\n")
        .contains("status: active\n", "contractId: podcasts/podcast-catalog:1/podcasts\n");

    CliRunner.Result refused =
        cli.run(
            "--token", analyst, "export-spec", "podcasts/podcast-catalog:1", "--format", "odcs");
    assertThat(refused.exit()).isEqualTo(1);
    assertThat(refused.out()).isEmpty();
    assertThat(refused.err())
        .startsWith(
            "error: Only the owner of podcasts/podcast-catalog:1 (podcasts-team@example.com) or"
                + " the 'governance' role may export its spec (its SQL, inputs and policies); ann"
                + " is neither.");

    CliRunner.Result missing =
        cli.run("--token", owner, "export-spec", "podcasts/nothing", "--format", "odps");
    assertThat(missing.exit()).isEqualTo(1);
    assertThat(missing.err()).isEqualTo("error: Data product does not exist: podcasts/nothing\n");
  }

  @Test
  void aContractFromElsewhereImportsWithWarningsForWhatASpecCannotHold()
      throws IOException, URISyntaxException {
    Path contract = copyResources("standards").resolve("orders.odcs.yaml");
    Path out = temp.resolve("specs");

    CliRunner.Result read = cli.run("import-spec", contract.toString(), "--out", out.toString());

    assertThat(read.exit()).as(read.err()).isZero();
    assertThat(read.out().strip()).isEqualTo(out.resolve("orders.yaml").toString());
    assertThat(read.err().lines())
        .allSatisfy(line -> assertThat(line).startsWith("warning: " + contract))
        .anySatisfy(
            line ->
                assertThat(line)
                    .endsWith(
                        ":20:1: servers: not imported: where the data is served is decided by the"
                            + " mesh the spec is deployed to"))
        .anySatisfy(
            line ->
                assertThat(line)
                    .endsWith(
                        ":18:7: team.members[1]: not imported: a spec names its owner"
                            + " (sales-team@example.com), not the team's members"))
        .anySatisfy(
            line ->
                assertThat(line)
                    .endsWith(
                        ":34:9: schema[0].properties[0].physicalType: not imported: the column is"
                            + " string in Quanta; 'varchar(36)' is not kept"));
    ProductSpec spec = SpecParser.create().parse(out.resolve("orders.yaml")).orThrow();
    assertThat(spec.id().toString()).isEqualTo("sales/orders:2");
    assertThat(spec.metadata().owner()).isEqualTo("sales-team@example.com");
    assertThat(spec.outputs().get(0).key()).containsExactly("order_id");
    assertThat(spec.outputs().get(0).schema())
        .extracting(column -> column.name() + " " + column.type())
        .containsExactly("order_id string", "ordered_at timestamp", "amount decimal(12,2)");
    assertThat(spec.outputs().get(0).slo().freshness()).contains(java.time.Duration.ofHours(2));
  }

  @Test
  void aContractWithoutWhatASpecNeedsIsWrittenWithWhatMapsAndFails()
      throws IOException, URISyntaxException {
    Path contract = copyResources("standards").resolve("returns.odcs.yaml");
    Path out = temp.resolve("specs");

    CliRunner.Result read = cli.run("import-spec", contract.toString(), "--out", out.toString());

    Path written = out.resolve("returns.yaml");
    assertThat(read.exit()).isEqualTo(1);
    assertThat(read.out().strip()).isEqualTo(written.toString());
    assertThat(Files.readString(written))
        .contains("  domain: sales\n", "  name: returns\n", "      - order_id\n")
        .doesNotContain("owner", "sql");
    assertThat(read.err().lines())
        .contains(
            written
                + ":4:3: metadata.owner: the documents give no owner (a team member with the role"
                + " owner, or the team's name)",
            written
                + ":9:5: outputs[0].sql: the contract of port 'returns' gives no SQL (custom"
                + " property quantaSql): write the SELECT over the product's inputs that computes"
                + " it")
        .last()
        .isEqualTo(
            "error: 2 problems: "
                + written
                + " is not a valid spec yet; complete it, then quanta validate it");
  }

  @Test
  void badArgumentsAreUsageErrors() {
    CliRunner.Result format =
        cli.run("export-spec", podcasts.resolve("play-events.yaml").toString(), "--format", "xml");
    assertThat(format.exit()).isEqualTo(2);
    assertThat(format.err())
        .isEqualTo("error: --format must be odps, odcs or odps,odcs, got 'xml'\n");

    CliRunner.Result noFormat =
        cli.run("export-spec", podcasts.resolve("play-events.yaml").toString());
    assertThat(noFormat.exit()).isEqualTo(2);
    assertThat(noFormat.err()).contains("Missing required option: '--format=FORMAT'");

    CliRunner.Result noFile = cli.run("import-spec", temp.resolve("missing.odcs.yaml").toString());
    assertThat(noFile.exit()).isEqualTo(1);
    assertThat(noFile.out()).isEmpty();
    assertThat(noFile.err())
        .isEqualTo(temp.resolve("missing.odcs.yaml") + ": no such file\nerror: 1 problem\n");
  }

  private String token(String user, String groups) {
    CliRunner.Result created = cli.run("token", "create", "--user", user, "--group", groups);
    assertThat(created.exit()).as(created.err()).isZero();
    return created.out().strip();
  }

  private Path copyResources(String folder) throws IOException, URISyntaxException {
    Path source = Path.of(getClass().getClassLoader().getResource(folder).toURI());
    Path target = temp.resolve("resources").resolve(folder);
    try (Stream<Path> files = Files.walk(source)) {
      for (Path file : files.toList()) {
        Path copy = target.resolve(source.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(copy);
        } else {
          Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
    return target;
  }
}
