package io.quanta.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
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

/** quanta plan and quanta apply on a folder of real specs (docs/lifecycle.md). */
class PlanCliTest {
  @TempDir Path temp;
  private Path folder;
  private Path items;
  private CliRunner cli;
  private String token;

  @BeforeEach
  void copySpecs() throws IOException, URISyntaxException {
    Path source = Path.of(getClass().getClassLoader().getResource("apply").toURI());
    try (Stream<Path> files = Files.walk(source)) {
      for (Path file : files.toList()) {
        Path target = temp.resolve(source.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else {
          Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
    folder = temp.resolve("shop");
    items = folder.resolve("catalog/b-items.yaml");
    cli = new CliRunner(temp.resolve("quanta"));
    CliRunner.Result created =
        cli.run("token", "create", "--user", "sam", "--group", "shop-team@example.com");
    assertThat(created.exit()).as(created.err()).isZero();
    token = created.out().strip();
  }

  @Test
  void applyDeploysAFolderUpstreamFirstAndNothingWhenOneSpecIsInvalid() throws IOException {
    Files.copy(temp.resolve("broken.yaml"), folder.resolve("c-orders.yaml"));

    CliRunner.Result refused = quanta("apply", folder.toString());

    assertThat(refused.exit()).isEqualTo(1);
    assertThat(refused.err())
        .contains(
            "c-orders.yaml:18:30: outputs[0].schema[1].type: must be one of string, boolean,"
                + " integer, bigint, double, decimal(p,s), date, timestamp",
            "nothing would be deployed");
    assertThat(quanta("products").out()).doesNotContain("shop/items", "shop/item-report");

    Files.delete(folder.resolve("c-orders.yaml"));
    CliRunner.Result dryRun = quanta("apply", "--dry-run", folder.toString());

    assertThat(dryRun.exit()).as(dryRun.err()).isZero();
    assertThat(dryRun.out().lines().toList())
        .as("the upstream product first, though its file sorts after the downstream one")
        .containsExactly(
            "create     shop/items:1  1.0.0  new product",
            "create     shop/item-report:1  1.0.0  new product",
            "Plan: 2 products (2 create), no change.");
    assertThat(quanta("products").out()).doesNotContain("shop/items");

    CliRunner.Result applied = quanta("apply", folder.toString());

    assertThat(applied.exit()).as(applied.err()).isZero();
    assertThat(applied.out())
        .endsWith(
            String.join(
                System.lineSeparator(),
                "",
                "created   shop/items:1  1.0.0",
                "created   shop/item-report:1  1.0.0",
                ""));
    assertThat(quanta("run", "--all").exit()).isZero();
    assertThat(
            quanta(
                    "query",
                    "--format",
                    "csv",
                    "SELECT category, items FROM shop.item_report.categories ORDER BY 1")
                .out()
                .lines())
        .containsExactly("category,items", "home,1", "kitchen,2");
    assertThat(quanta("apply", folder.toString()).out())
        .contains("Plan: 2 products (2 unchanged), no change.")
        .contains("unchanged shop/items:1  1.0.0");
  }

  @Test
  void planClassifiesChangesAndRefusesABreakingOneNamingItsConsumers() {
    assertThat(quanta("apply", folder.toString()).exit()).isZero();

    edit("version: 1.0.0", "version: 1.1.0");
    edit(
        "CAST(price AS DECIMAL(10,2)) AS price\n",
        "CAST(price AS DECIMAL(10,2)) AS price, color\n");
    edit(
        "      - {name: price, type: \"decimal(10,2)\"}\n",
        "      - {name: price, type: \"decimal(10,2)\"}\n      - {name: color, type: string}\n");
    CliRunner.Result minor = quanta("plan", items.toString());

    assertThat(minor.exit()).as(minor.err()).isZero();
    assertThat(minor.out().lines().toList())
        .containsExactly(
            "update     shop/items:1  1.0.0 -> 1.1.0  in place  minor",
            "  minor     schema    port 'items': column 'color' added (string, nullable)",
            "  patch     sql       port 'items': the SQL changed (its result keeps the declared"
                + " columns)",
            "  read by: shop/item-report:1 (items)",
            "Plan: 1 product (1 update), minor.");

    edit("      - {name: category, type: string}\n", "");
    edit("SELECT item_id, title, category,", "SELECT item_id, title,");
    CliRunner.Result breaking = quanta("plan", items.toString());

    assertThat(breaking.exit()).isEqualTo(1);
    assertThat(breaking.out())
        .contains(
            "update     shop/items:1  1.0.0 -> 1.1.0  in place  breaking  REFUSED",
            "  breaking  schema    port 'items': column 'category' removed",
            "Plan: 1 product (1 update), breaking; refused.");
    assertThat(breaking.err())
        .contains(
            "b-items.yaml:21:7: outputs[0].schema: port 'items': column 'category' removed: a"
                + " breaking change needs a new major version (2.0.0, served beside 1); it would"
                + " hit shop/item-report:1 (reading shop/items:1/items)",
            "error: 1 problem in 1 file; nothing would be deployed");

    CliRunner.Result deploy = quanta("deploy", items.toString());
    assertThat(deploy.exit()).isEqualTo(1);
    assertThat(deploy.err()).contains("column 'category' removed: a breaking change");

    edit("version: 1.1.0", "version: 2.0.0");
    CliRunner.Result major = quanta("deploy", items.toString());
    assertThat(major.exit()).as(major.err()).isZero();
    assertThat(major.out()).isEqualTo("created   shop/items:2  2.0.0" + System.lineSeparator());
  }

  private void edit(String from, String to) {
    try {
      String text = Files.readString(items);
      assertThat(text).contains(from);
      Files.writeString(items, text.replace(from, to));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private CliRunner.Result quanta(String... args) {
    List<String> arguments = new ArrayList<>(List.of("--token", token));
    arguments.addAll(List.of(args));
    return cli.run(arguments.toArray(String[]::new));
  }
}
