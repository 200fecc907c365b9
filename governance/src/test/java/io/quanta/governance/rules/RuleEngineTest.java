package io.quanta.governance.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.quanta.governance.policy.PolicySet;
import io.quanta.spec.ProductSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Rules of the test governance ({@code rules/mesh}) checked against the test specs. */
class RuleEngineTest {
  private final Governance governance =
      GovernanceParser.parse(RuleTestFiles.governance("mesh")).governance();
  private final ProductSpec profiles = RuleTestFiles.spec("profiles.yaml");
  private final ProductSpec listens = RuleTestFiles.spec("listens.yaml");

  @Test
  void aSpecThatMeetsEveryRuleHasNoViolationButTheOneThatCannotBeEvaluated() {
    List<Violation> violations =
        RuleEngine.check(
            profiles, PolicySet.EMPTY, governance, MeshContext.of(List.of(), List.of(profiles)));

    // profiles links its own port (users/user-profiles:2/profiles.user_id): the link exists once
    // the spec is deployed. Its email is covered by the global emails-hashed mask.
    assertThat(violations)
        .singleElement()
        .satisfies(
            violation -> {
              assertThat(violation.ruleId()).isEqualTo("tagged-with-a-tier");
              assertThat(violation.severity()).isEqualTo(RuleSeverity.WARN);
              assertThat(violation.message())
                  .startsWith("A product says its tier. (the check could not be evaluated")
                  .contains("tier");
              assertThat(violation.path()).isEqualTo("metadata");
            });
  }

  @Test
  void eachViolationNamesItsRuleAndWhereInTheSpec() {
    List<Violation> violations =
        RuleEngine.check(
            listens,
            RuleTestFiles.local(listens),
            governance,
            MeshContext.of(List.of(), List.of(listens)));

    assertThat(violations)
        .extracting(Violation::toString)
        .containsExactly(
            file()
                + ":7:10: error [owned-by-a-team] A product is owned by a team's address"
                + " (...-team@example.com).",
            file()
                + ":13:5: warn [event-time] Every output port declares its eventTime. (port"
                + " 'listens')",
            file()
                + ":19:49: error [identifiers-registered] A column's semantic is a registered"
                + " identifier type. (column 'country' of port 'listens')",
            file()
                + ":17:65: error [links-exist] A link names a column of the mesh. (link"
                + " users/user-profiles:2/profiles.user_id of column 'user_id' of port 'listens')",
            file()
                + ":4:3: warn [tagged-with-a-tier] A product says its tier. (the check could"
                + " not be evaluated, which counts as broken: product.tier in [\"gold\","
                + " \"silver\"]: evaluation error at <input>:7: key 'tier' is not present in"
                + " map.)");
  }

  @Test
  void aLinkExistsWhenItsTargetIsDeployedOrInTheSameBatch() {
    List<Violation> alone =
        RuleEngine.check(
            listens, PolicySet.EMPTY, governance, MeshContext.of(List.of(), List.of(listens)));
    List<Violation> withProfilesDeployed =
        RuleEngine.check(
            listens,
            PolicySet.EMPTY,
            governance,
            MeshContext.of(List.of(profiles), List.of(listens)));

    assertThat(alone).extracting(Violation::ruleId).contains("links-exist");
    assertThat(withProfilesDeployed).extracting(Violation::ruleId).doesNotContain("links-exist");
  }

  @Test
  void aPiiColumnIsMaskedByAGlobalOrItsProductsOwnMask() {
    List<Violation> withItsMask =
        RuleEngine.check(listens, RuleTestFiles.local(listens), governance, MeshContext.EMPTY);
    List<Violation> withoutItsMask =
        RuleEngine.check(listens, PolicySet.EMPTY, governance, MeshContext.EMPTY);

    assertThat(withItsMask).extracting(Violation::ruleId).doesNotContain("pii-masked");
    assertThat(withoutItsMask)
        .filteredOn(violation -> violation.ruleId().equals("pii-masked"))
        .singleElement()
        .satisfies(
            violation -> {
              assertThat(violation.isError()).isTrue();
              assertThat(violation.path()).isEqualTo("outputs[0].schema[1].classification");
              assertThat(violation.problem().toString())
                  .isEqualTo(
                      file()
                          + ":18:56: outputs[0].schema[1].classification: pii-masked: A pii column"
                          + " has a mask. (column 'birth_date' of port 'listens')");
            });
  }

  private String file() {
    return listens.source().file();
  }
}
