package io.quanta.governance.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.quanta.error.Problem;
import java.util.List;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/** Governance files read from YAML, and every way one can be wrong. */
class GovernanceParserTest {
  @Test
  void readsIdentifiersRulesAndPoliciesAcrossFiles() {
    GovernanceParser.Result result = GovernanceParser.parse(RuleTestFiles.governance("mesh"));

    assertThat(result.problems()).isEmpty();
    Governance governance = result.governance();
    SoftAssertions softly = new SoftAssertions();
    softly.assertThat(governance.identifierNames()).containsExactly("user-id", "iso-3166-alpha2");
    softly
        .assertThat(governance.rules())
        .extracting(Rule::id)
        .containsExactly(
            "owned-by-a-team",
            "event-time",
            "pii-masked",
            "identifiers-registered",
            "links-exist",
            "tagged-with-a-tier");
    Rule eventTime = governance.rule("event-time").orElseThrow();
    softly.assertThat(eventTime.severity()).isEqualTo(RuleSeverity.WARN);
    softly.assertThat(eventTime.subject()).isEqualTo(RuleSubject.OUTPUT);
    softly.assertThat(eventTime.field()).contains("eventTime");
    softly.assertThat(eventTime.origin()).isEqualTo("rules.yaml:10");
    softly
        .assertThat(governance.rule("owned-by-a-team").orElseThrow().subject())
        .as("for: product is the default")
        .isEqualTo(RuleSubject.PRODUCT);
    softly.assertThat(governance.policies().masks()).hasSize(1);
    softly.assertAll();
  }

  @Test
  void aRuleThatDoesNotCompileIsAProblemOfItsFileAndLine() {
    List<Problem> problems = GovernanceParser.parse(RuleTestFiles.governance("broken")).problems();

    assertThat(problems)
        .filteredOn(problem -> problem.path().equals("rules[1].check"))
        .singleElement()
        .satisfies(
            problem -> {
              assertThat(problem.file()).isEqualTo("rules.yaml");
              assertThat(problem.line()).isEqualTo(12);
              assertThat(problem.message()).startsWith("invalid CEL: ");
            });
  }

  @Test
  void aRuleSeesOnlyTheVariablesOfWhatItIsFor() {
    List<Problem> problems = GovernanceParser.parse(RuleTestFiles.governance("broken")).problems();

    assertThat(problems)
        .filteredOn(problem -> problem.path().equals("rules[2].check"))
        .singleElement()
        .satisfies(
            problem -> {
              assertThat(problem.line()).isEqualTo(17);
              assertThat(problem.message())
                  .contains("undeclared reference to 'column'")
                  .contains("product")
                  .contains("mesh");
            });
  }

  @Test
  void reportsEveryProblemOfARuleAtOnce() {
    List<Problem> problems = GovernanceParser.parse(RuleTestFiles.governance("broken")).problems();

    assertThat(problems)
        .filteredOn(problem -> problem.path().startsWith("rules[3]"))
        .extracting(problem -> problem.line() + " " + problem.path() + ": " + problem.message())
        .containsExactlyInAnyOrder(
            "25 rules[3].owner: unknown field 'owner'; expected id, severity, for, check, message,"
                + " field",
            "20 rules[3].id: a rule id is lowercase letters, digits, '-', '_' and '.', at most 63"
                + " characters; got 'Bad Id'",
            "21 rules[3].severity: severity is error (refuses the deploy) or warn; got 'fatal'",
            "22 rules[3].for: 'for' is one of product, output, column, link; got 'table'",
            "24 rules[3].message: the message is empty: say what breaking the rule means");
    assertThat(problems).hasSize(7);
  }

  @Test
  void idsAreUniqueAcrossTheFiles() {
    List<Problem> problems =
        GovernanceParser.parse(RuleTestFiles.governance("duplicates")).problems();

    assertThat(problems)
        .extracting(Problem::toString)
        .containsExactly(
            "b.yaml:4:12: identifiers[0].name: the identifier type 'user-id' is also registered in"
                + " a.yaml",
            "b.yaml:6:9: rules[0].id: another rule already has the id 'owner', in a.yaml");
  }

  @Test
  void theIdOfTheBuiltInCheckOfLocalPoliciesIsReserved() {
    List<Problem> problems =
        GovernanceParser.parse(
                List.of(
                    new GovernanceSource(
                        "mesh.yaml",
                        """
                        apiVersion: quanta/v1
                        kind: Governance
                        rules:
                          - id: local-policies
                            severity: warn
                            check: "true"
                            message: Shadows the built-in check.
                        """)))
            .problems();

    assertThat(problems)
        .extracting(Problem::toString)
        .containsExactly(
            "mesh.yaml:4:9: rules[0].id: 'local-policies' is the id of the built-in check of"
                + " products' own policies; choose another");
  }

  @Test
  void aProductSpecIsNotAGovernanceFile() {
    List<Problem> problems =
        GovernanceParser.parse(
                List.of(
                    new GovernanceSource(
                        "product.yaml",
                        "apiVersion: quanta/v1\nkind: DataProduct\nmetadata: {domain: a}\n")))
            .problems();

    assertThat(problems)
        .extracting(Problem::toString)
        .containsExactly(
            "product.yaml:3:1: metadata: unknown field 'metadata'; expected apiVersion, kind,"
                + " description, identifiers, rules, policies",
            "product.yaml:2:7: kind: kind is Governance in a governance file; got 'DataProduct' (a"
                + " product spec is deployed, not applied)");
  }
}
