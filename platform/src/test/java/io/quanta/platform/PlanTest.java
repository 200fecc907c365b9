package io.quanta.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quanta.error.ErrorCode;
import io.quanta.error.Problem;
import io.quanta.error.QuantaException;
import io.quanta.platform.lifecycle.Plan;
import io.quanta.platform.lifecycle.ProductPlan;
import io.quanta.spec.ProductId;
import io.quanta.spec.SemVer;
import io.quanta.spec.change.ChangeLevel;
import io.quanta.spec.change.SpecChange;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;

/**
 * {@code quanta plan}'s classification, over real spec pairs: {@code plan/changes/base.yaml} is
 * deployed (with a product reading its port {@code items}), and each other spec there is planned
 * over it. Plans change nothing, so every case plans against the same deployed base.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PlanTest {
  private static final ProductId ITEMS = ProductId.of("shop", "items", 1);
  private static final ProductId REPORT = ProductId.of("shop", "item-report", 1);

  private Path specs;
  private Mesh mesh;

  @BeforeAll
  void deployTheBase(@TempDir Path temp) {
    specs = TestMeshes.copy("plan/changes", temp.resolve("specs"));
    mesh = Mesh.open(temp.resolve("quanta"));
    mesh.governance().apply(TestMeshes.copy("plan/governance", temp.resolve("governance")), "test");
    mesh.lifecycle().deployFiles(TestMeshes.specs(specs, "base", "item-report"));
  }

  @AfterAll
  void close() {
    mesh.close();
  }

  @ParameterizedTest(name = "{0} is {1}")
  @CsvFileSource(resources = "/plan/changes.csv", numLinesToSkip = 1)
  void classifiesEveryChangeAndRefusesBreakingOnesWithinAMajorVersion(
      String spec, ChangeLevel level, String port, String change) {
    Plan plan = mesh.lifecycle().planFiles(TestMeshes.specs(specs, spec));

    assertThat(plan.products()).as("%s", plan.validation().errors()).hasSize(1);
    ProductPlan product = plan.products().get(0);
    SoftAssertions softly = new SoftAssertions();
    softly.assertThat(product.product()).isEqualTo(ITEMS);
    softly.assertThat(product.action()).isEqualTo(ProductPlan.Action.UPDATE);
    softly
        .assertThat(product.changes())
        .as("the changes of %s", spec)
        .extracting(SpecChange::level, SpecChange::port, SpecChange::description)
        .contains(org.assertj.core.groups.Tuple.tuple(level, Optional.ofNullable(port), change));
    softly.assertThat(product.level()).isEqualTo(level);
    softly.assertThat(plan.level()).isEqualTo(level);
    if (level == ChangeLevel.BREAKING) {
      String hits =
          "items".equals(port)
              ? "it would hit shop/item-report:1 (reading shop/items:1/items)"
              : "no deployed product reads port '" + port + "'";
      softly.assertThat(plan.deployable()).isFalse();
      softly
          .assertThat(product.refusals())
          .extracting(Problem::message)
          .contains(
              (port == null ? "" : "port '" + port + "': ")
                  + change
                  + ": a breaking change needs a new major version (2.0.0, served beside 1); "
                  + hits);
      softly
          .assertThat(product.refusals())
          .allSatisfy(problem -> assertThat(problem.line()).isPositive());
    } else {
      softly.assertThat(plan.validation().errors()).isEmpty();
      softly.assertThat(plan.deployable()).isTrue();
    }
    softly.assertAll();
  }

  @Test
  void aBreakingChangeIsRefusedAtDeployWithWhatBreaksAndWhoReadsIt() {
    List<Path> files = TestMeshes.specs(specs, "column-removed");

    assertThatThrownBy(() -> mesh.lifecycle().deployFiles(files))
        .isInstanceOfSatisfying(
            QuantaException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.CHANGE_REFUSED);
              assertThat(e.code().httpStatus()).isEqualTo(409);
              assertThat(e.problems())
                  .singleElement()
                  .satisfies(
                      problem -> {
                        assertThat(problem.file()).endsWith("column-removed.yaml");
                        assertThat(problem.path()).isEqualTo("outputs[0].schema");
                        assertThat(problem.toString())
                            .matches(
                                ".*column-removed.yaml:\\d+:\\d+: outputs\\[0\\].schema: port"
                                    + " 'items': column 'category' removed: a breaking change needs"
                                    + " a new major version \\(2.0.0, served beside 1\\); it would"
                                    + " hit shop/item-report:1 \\(reading shop/items:1/items\\)");
                      });
            });
    assertThat(mesh.specs().get(ITEMS).metadata().version()).isEqualTo(SemVer.parse("1.0.0"));
    assertThat(mesh.specs().get(ITEMS).output("items").orElseThrow().column("category"))
        .isPresent();
  }

  @Test
  void theSameBreakingChangeAsANewMajorVersionIsPlannedBesideTheOldOne() throws IOException {
    Path major =
        Files.writeString(
            specs.resolve("major.yaml"),
            Files.readString(specs.resolve("column-removed.yaml"))
                .replace("version: 1.1.0", "version: 2.0.0"));

    Plan plan = mesh.lifecycle().planFiles(List.of(major));

    assertThat(plan.deployable()).as("%s", plan.validation().errors()).isTrue();
    ProductPlan product = plan.products().get(0);
    assertThat(product.product()).isEqualTo(ProductId.of("shop", "items", 2));
    assertThat(product.action()).isEqualTo(ProductPlan.Action.NEW_MAJOR);
    assertThat(product.baseline()).contains(new ProductPlan.Baseline(ITEMS, SemVer.parse("1.0.0")));
    assertThat(product.level()).isEqualTo(ChangeLevel.BREAKING);
    assertThat(product.refusals()).isEmpty();
    assertThat(product.consumersOf("items")).as("they stay on major 1").containsExactly(REPORT);
  }

  @Test
  void aVersionBumpSmallerThanTheChangesIsRefused() throws IOException {
    Path patch =
        Files.writeString(
            specs.resolve("patch-bump.yaml"),
            Files.readString(specs.resolve("column-added.yaml"))
                .replace("version: 1.1.0", "version: 1.0.1"));

    Plan plan = mesh.lifecycle().planFiles(List.of(patch));

    assertThat(plan.level()).isEqualTo(ChangeLevel.MINOR);
    assertThat(plan.deployable()).isFalse();
    assertThat(plan.validation().errors())
        .singleElement()
        .satisfies(
            problem -> {
              assertThat(problem.path()).isEqualTo("metadata.version");
              assertThat(problem.line()).isEqualTo(6);
              assertThat(problem.message())
                  .isEqualTo(
                      "version 1.0.1 is a patch release of 1.0.0 but the changes are minor (port"
                          + " 'items': column 'color' added (string, nullable)); make it 1.1.0 or"
                          + " later");
            });
    assertThatThrownBy(() -> plan.validation().orThrow())
        .isInstanceOfSatisfying(
            QuantaException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CHANGE_REFUSED));
  }

  @Test
  void plansNewUnchangedAndUpstreamProductsOfABatchInOrder() {
    Plan plan = mesh.lifecycle().planFiles(TestMeshes.specs(specs, "item-report", "base"));

    assertThat(plan.products())
        .extracting(ProductPlan::product, ProductPlan::action, ProductPlan::level)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                ITEMS, ProductPlan.Action.UNCHANGED, ChangeLevel.NONE),
            org.assertj.core.groups.Tuple.tuple(
                REPORT, ProductPlan.Action.UNCHANGED, ChangeLevel.NONE));
    assertThat(plan.deployable()).isTrue();
  }
}
