package io.quanta.governance.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quanta.error.Problem;
import io.quanta.governance.Principal;
import io.quanta.governance.Reader;
import io.quanta.spec.Output;
import io.quanta.spec.ProductSpec;
import io.quanta.spec.SpecParser;
import io.quanta.spec.SpecSource;
import io.quanta.spec.YamlTree;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Local and global policies read from YAML, decided for several readers. */
class PolicyEngineTest {
  private final ProductSpec spec = spec("profiles.yaml");
  private final PolicySet local = local(spec);
  private final PolicySet global = global("mesh.yaml");
  private final Output profiles = spec.output("profiles").orElseThrow();
  private final Output bands = spec.output("bands").orElseThrow();

  @Test
  void readsEveryKindOfRule() {
    assertThat(local.access())
        .extracting(Rules.Access::id)
        .containsExactly("staff-only", "no-contractors");
    assertThat(local.masks())
        .singleElement()
        .satisfies(
            mask -> {
              assertThat(mask.mask().method()).isEqualTo(MaskMethod.GENERALIZE);
              assertThat(mask.mask().to()).contains("month");
            });
    assertThat(local.rowFilters().get(0).parameters()).containsExactly("country");
    assertThat(local.minGroupSizes().get(0).k()).isEqualTo(10);
    assertThat(global.masks().get(0).qualifiedId()).isEqualTo("global:pii-hashed");
  }

  @Test
  void anAnalystGetsPersonalDataHashedAndOnlyTheirCountry() {
    Principal ana =
        new Principal("ana", Set.of("analysts"), Set.of(), Map.of("country", "DE"), false);
    PortDecision decision = PolicyEngine.decide(Reader.of(ana), spec, profiles, global, local);

    assertThat(decision.allowed()).isTrue();
    assertThat(decision.masks()).containsOnlyKeys("email", "birth_date");
    // The strictest mask wins: the mesh's hash over the product's month.
    assertThat(decision.masks().get("birth_date").mask().method()).isEqualTo(MaskMethod.HASH);
    assertThat(decision.masks().get("birth_date").rule()).isEqualTo("global:pii-hashed");
    assertThat(decision.filters())
        .singleElement()
        .satisfies(
            filter -> {
              assertThat(filter.where()).isEqualTo("country = :country");
              assertThat(filter.parameters())
                  .containsExactly(new PortDecision.Parameter("country", "DE"));
            });
    assertThat(decision.rulesMatched())
        .contains("local:staff-only", "global:pii-hashed", "local:own-country");
  }

  @Test
  void aPiiReaderSeesPersonalDataAndTheGovernanceRoleEveryRow() {
    Principal reader =
        new Principal("pia", Set.of(), Set.of("pii-reader", "governance"), Map.of(), false);
    PortDecision decision = PolicyEngine.decide(Reader.of(reader), spec, profiles, global, local);

    assertThat(decision.allowed()).isTrue();
    assertThat(decision.masks()).isEmpty();
    assertThat(decision.filters()).isEmpty();
    assertThat(decision.reasons())
        .anyMatch(reason -> reason.startsWith("global:pii-hashed: email in clear"));
  }

  @Test
  void aReaderWithoutTheAttributeGetsNoRows() {
    PortDecision decision =
        PolicyEngine.decide(Reader.of(Principal.user("bob")), spec, profiles, global, local);
    assertThat(decision.filters().get(0).parameters())
        .containsExactly(new PortDecision.Parameter("country", null));
  }

  @Test
  void denialsSayWhichRuleDenied() {
    PortDecision anonymous =
        PolicyEngine.decide(Reader.of(Principal.ANONYMOUS), spec, profiles, global, local);
    assertThat(anonymous.allowed()).isFalse();
    assertThat(anonymous.reasons())
        .contains(
            "denied by global:no-anonymous-personal-data: principal.anonymous && product.domain == 'users'");

    Principal contractor = new Principal("cy", Set.of("contractors"), Set.of(), Map.of(), false);
    PortDecision denied = PolicyEngine.decide(Reader.of(contractor), spec, profiles, global, local);
    assertThat(denied.allowed()).isFalse();
    assertThat(denied.reasons())
        .anyMatch(reason -> reason.startsWith("denied by local:no-contractors"));
    assertThat(denied.masks()).isEmpty();
  }

  @Test
  void smallGroupsAreSuppressedOnTheAggregatePortOnly() {
    PortDecision decision =
        PolicyEngine.decide(Reader.of(Principal.user("bob")), spec, bands, global, local);
    assertThat(decision.minGroupSizes())
        .containsExactly(new PortDecision.AppliedMinGroupSize("local:k10", "users", 10));
    assertThat(decision.masks()).isEmpty();
    assertThat(decision.filters()).isEmpty();
  }

  @Test
  void aLocalMaskWeakerThanTheMeshsIsRefused() {
    List<Problem> problems = PolicyChecks.check(spec, local, global, spec.locations());
    assertThat(problems)
        .singleElement()
        .satisfies(
            problem -> {
              assertThat(problem.path()).isEqualTo("policies.masks[0].method");
              assertThat(problem.message())
                  .contains(
                      "generalize mask of 'birth_date' in port 'profiles' is weaker than global:pii-hashed (hash)")
                  .contains("never loosen");
              assertThat(problem.line()).isEqualTo(39);
            });
    assertThat(PolicyChecks.check(spec, local, PolicySet.EMPTY, spec.locations())).isEmpty();
  }

  @Test
  void referencesToUnknownPortsAndColumnsAndBadExpressionsAreReportedWhereTheyAre() {
    String text =
        """
        policies:
          access:
            - {allow: "principal.groups.contains('x'"}
          masks:
            - {column: phone, method: hash}
            - {column: email, method: scramble}
            - {column: country, method: truncate}
          rowFilters:
            - {ports: [nope], where: "country = :country", params: {region: principal.user}}
          minGroupSize:
            - {ports: [bands], k: 1, countColumn: users}
        """;
    YamlTree.Result yaml = YamlTree.read("bad.yaml", text);
    PolicyParser.Result parsed =
        PolicyParser.parse(
            yaml.tree().orElseThrow().path("policies"),
            "policies",
            yaml.locations(),
            PolicyScope.LOCAL);
    assertThat(parsed.problems())
        .extracting(Problem::toString)
        .anySatisfy(
            p ->
                assertThat(p)
                    .startsWith("bad.yaml:3:")
                    .contains("policies.access[0].allow: invalid CEL"))
        .anySatisfy(
            p -> assertThat(p).contains("policies.masks[1].method: unknown mask method 'scramble'"))
        .anySatisfy(
            p -> assertThat(p).contains("policies.masks[2].length: truncate needs 'length'"))
        .anySatisfy(
            p ->
                assertThat(p)
                    .contains(
                        "policies.rowFilters[0].params.region: 'where' has no parameter :region"))
        .anySatisfy(p -> assertThat(p).contains("policies.minGroupSize[0].k:"));
    List<Problem> checks =
        PolicyChecks.check(spec, parsed.policies(), PolicySet.EMPTY, yaml.locations());
    assertThat(checks)
        .extracting(Problem::message)
        .anySatisfy(m -> assertThat(m).isEqualTo("no port has a column 'phone'"))
        .anySatisfy(m -> assertThat(m).startsWith("the product has no output port 'nope'"));
  }

  private static ProductSpec spec(String name) {
    return SpecParser.create().parse(new SpecSource(name, Path.of("."), read(name))).orThrow();
  }

  private static PolicySet local(ProductSpec spec) {
    PolicyParser.Result result =
        PolicyParser.parse(spec.policies(), "policies", spec.locations(), PolicyScope.LOCAL);
    assertThat(result.problems()).isEmpty();
    return result.policies();
  }

  private static PolicySet global(String name) {
    YamlTree.Result yaml = YamlTree.read(name, read(name));
    JsonNode tree = yaml.tree().orElseThrow();
    PolicyParser.Result result =
        PolicyParser.parse(tree.path("policies"), "policies", yaml.locations(), PolicyScope.GLOBAL);
    assertThat(result.problems()).isEmpty();
    return result.policies();
  }

  private static String read(String name) {
    try (InputStream in = PolicyEngineTest.class.getResourceAsStream("/policies/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
