package io.quanta.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quanta.error.ErrorCode;
import io.quanta.error.Problem;
import io.quanta.error.QuantaException;
import io.quanta.governance.policy.Rules;
import io.quanta.governance.rules.Violation;
import io.quanta.platform.governance.GovernanceService;
import io.quanta.platform.lifecycle.Deployment;
import io.quanta.platform.lifecycle.Validation;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Deploys checked against the mesh's governance: the shipped rules, applied versions, policies. */
class GovernanceTest {
  @TempDir Path temp;
  private Path specs;
  private Path dataDir;

  @BeforeEach
  void copySpecs() {
    specs = TestMeshes.copy("governance/specs", temp.resolve("specs"));
    dataDir = temp.resolve("mesh");
  }

  @Test
  void aSpecThatMeetsTheShippedRulesDeploysWithoutWarnings() {
    try (Mesh mesh = Mesh.open(dataDir)) {
      Validation validation = mesh.lifecycle().validateFiles(List.of(spec("registrations")));

      assertThat(validation.errors()).isEmpty();
      assertThat(validation.warnings()).isEmpty();
      assertThat(mesh.lifecycle().deploy(validation))
          .extracting(Deployment::change)
          .containsExactly(Deployment.Change.CREATED);
    }
  }

  @ParameterizedTest(name = "{0} breaks {1}")
  @CsvSource({
    "no-owner, owner-and-description, 4:3, metadata",
    "double-underscore, column-names-snake-case, 20:16, outputs[0].schema[0].name",
    "unregistered-identifier, identifiers-registered, 20:49, outputs[0].schema[0].semantic",
  })
  void eachShippedErrorRuleRefusesASpecThatBreaksIt(
      String name, String rule, String location, String path) {
    try (Mesh mesh = Mesh.open(dataDir)) {
      assertThatThrownBy(() -> mesh.lifecycle().deployFiles(List.of(spec(name))))
          .isInstanceOfSatisfying(
              QuantaException.class,
              refused -> {
                assertThat(refused.code()).isEqualTo(ErrorCode.GOVERNANCE_VIOLATION);
                assertThat(refused.code().httpStatus()).isEqualTo(422);
                assertThat(refused.getMessage())
                    .startsWith("Refused by governance: 1 rule broken in " + spec(name));
                assertThat(refused.problems())
                    .singleElement()
                    .satisfies(
                        problem -> {
                          assertThat(problem.file()).isEqualTo(spec(name).toString());
                          assertThat(problem.line() + ":" + problem.column()).isEqualTo(location);
                          assertThat(problem.path()).isEqualTo(path);
                          assertThat(problem.message()).startsWith(rule + ": ");
                        });
              });
      assertThat(mesh.registry().products().list()).isEmpty();
    }
  }

  @ParameterizedTest(name = "{0} breaks {1}")
  @CsvSource({
    "no-event-time, output-event-time, 13:5, outputs[0].eventTime",
    "dangling-link, links-exist, 20:46, outputs[0].schema[0].links",
  })
  void aWarnRuleLetsTheDeployThroughWithAWarning(
      String name, String rule, String location, String path) {
    try (Mesh mesh = Mesh.open(dataDir)) {
      Validation validation = mesh.lifecycle().validateFiles(List.of(spec(name)));

      assertThat(validation.errors()).isEmpty();
      assertThat(validation.violations())
          .singleElement()
          .satisfies(
              violation -> {
                assertThat(violation.ruleId()).isEqualTo(rule);
                assertThat(violation.isError()).isFalse();
                assertThat(violation.line() + ":" + violation.column()).isEqualTo(location);
                assertThat(violation.path()).isEqualTo(path);
              });
      assertThat(validation.warnings())
          .singleElement()
          .extracting(Problem::message)
          .asString()
          .startsWith(rule + ": ");
      assertThat(mesh.lifecycle().deploy(validation))
          .extracting(Deployment::change)
          .containsExactly(Deployment.Change.CREATED);
    }
  }

  @Test
  void aLinkToAProductOfTheSameBatchExists() throws IOException {
    // The dangling link's target, deployed with it.
    Path catalog = specs.resolve("account-catalog.yaml");
    Files.writeString(
        catalog,
        Files.readString(spec("registrations"))
            .replace("domain: users", "domain: accounts")
            .replace("name: registrations", "name: account-catalog")
            .replace("- name: users\n    sql", "- name: accounts\n    sql"));
    try (Mesh mesh = Mesh.open(dataDir)) {
      Validation validation =
          mesh.lifecycle().validateFiles(List.of(spec("dangling-link"), catalog));

      assertThat(validation.errors()).isEmpty();
      assertThat(validation.violations()).isEmpty();
    }
  }

  @Test
  void aLocalPolicyThatLoosensAGlobalOneIsRefused() {
    try (Mesh mesh = Mesh.open(dataDir)) {
      assertThatThrownBy(() -> mesh.lifecycle().deployFiles(List.of(spec("loosens-pii-mask"))))
          .isInstanceOfSatisfying(
              QuantaException.class,
              refused -> {
                assertThat(refused.code()).isEqualTo(ErrorCode.GOVERNANCE_VIOLATION);
                assertThat(refused.problems())
                    .singleElement()
                    .satisfies(
                        problem -> {
                          assertThat(problem.line() + ":" + problem.column()).isEqualTo("28:15");
                          assertThat(problem.path()).isEqualTo("policies.masks[0].method");
                          assertThat(problem.message())
                              .isEqualTo(
                                  "local-policies: the email-domain mask of 'email' in port"
                                      + " 'users' is weaker than global:pii-hashed (hash): a"
                                      + " product's policies may tighten the mesh's, never loosen"
                                      + " them; use hash, redact, null");
                        });
              });
      // Tightening is fine.
      assertThat(mesh.lifecycle().validateFiles(List.of(spec("tightens-pii-mask"))).errors())
          .isEmpty();
    }
  }

  @Test
  void aPiiColumnNeedsAMaskOnceTheMeshHasNoneForIt() throws IOException {
    // The shipped rules without the shipped policies: nothing masks pii columns but the products.
    String shipped = resource(GovernanceService.SHIPPED_DEFAULT);
    Path rulesOnly = Files.createDirectories(temp.resolve("rules-only"));
    Files.writeString(
        rulesOnly.resolve("governance.yaml"),
        shipped.substring(0, shipped.indexOf("\npolicies:") + 1));
    try (Mesh mesh = Mesh.open(dataDir)) {
      mesh.governance().apply(rulesOnly, "test");

      assertThat(mesh.governance().policies().isEmpty()).isTrue();
      Validation unmasked = mesh.lifecycle().validateFiles(List.of(spec("pii-unmasked")));
      assertThat(unmasked.errors())
          .singleElement()
          .satisfies(
              problem -> {
                assertThat(problem.path()).isEqualTo("outputs[0].schema[1].classification");
                assertThat(problem.line()).isEqualTo(21);
                assertThat(problem.message())
                    .startsWith("pii-masked: A column classified pii has a mask")
                    .endsWith("(column 'email' of port 'users')");
              });
      assertThat(mesh.lifecycle().validateFiles(List.of(spec("pii-masked-locally"))).errors())
          .isEmpty();
    }
  }

  @Test
  void theNewestAppliedVersionWinsInEveryProcessOfTheFolder() throws IOException {
    Path v1 = TestMeshes.copy("governance/folder-v1", temp.resolve("v1"));
    Path v2 = TestMeshes.copy("governance/folder-v2", temp.resolve("v2"));
    List<Path> customers = List.of(spec("unregistered-identifier"));
    try (Mesh first = Mesh.open(dataDir);
        Mesh second = Mesh.open(dataDir)) {
      assertThat(first.governance().current().isShippedDefault()).isTrue();
      assertThat(first.lifecycle().validateFiles(customers).violations())
          .extracting(Violation::ruleId)
          .containsExactly("identifiers-registered");

      GovernanceService.Applied applied = first.governance().apply(v1, "alice");
      assertThat(applied.changed()).isTrue();
      assertThat(applied.version().number()).isEqualTo(1);
      assertThat(first.lifecycle().validateFiles(customers).isValid())
          .as("version 1 registers customer-id")
          .isTrue();

      assertThat(second.governance().apply(v2, "bob").version().number()).isEqualTo(2);
      assertThat(second.lifecycle().validateFiles(customers).isValid()).isFalse();
      // The first process notices the version the second applied within about a second.
      await(() -> first.governance().current().number() == 2);
      assertThat(first.lifecycle().validateFiles(customers).isValid()).isFalse();
      assertThat(first.governance().policies().masks())
          .extracting(Rules.ColumnMask::id)
          .containsExactly("pii-redacted");

      assertThat(first.governance().version(1).appliedBy()).contains("alice");
      assertThat(first.governance().version(2).files())
          .extracting(file -> file.file())
          .containsExactly("identifiers.yaml", "rules.yaml");
      GovernanceService.Applied again = first.governance().apply(v2, "carol");
      assertThat(again.changed()).isFalse();
      assertThat(again.version().number()).isEqualTo(2);
    }
    try (Mesh reopened = Mesh.open(dataDir)) {
      assertThat(reopened.governance().current().number()).isEqualTo(2);
      assertThat(reopened.governance().history()).hasSize(2);
    }
  }

  private Path spec(String name) {
    return specs.resolve(name + ".yaml");
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = GovernanceTest.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static void await(BooleanSupplier condition) {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
    while (!condition.getAsBoolean()) {
      assertThat(Instant.now()).as("waited 10 s").isBefore(deadline);
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
