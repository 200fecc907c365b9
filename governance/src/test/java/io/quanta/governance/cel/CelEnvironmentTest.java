package io.quanta.governance.cel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quanta.governance.Principal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CelEnvironmentTest {
  private final CelEnvironment access =
      CelEnvironment.condition(
          Map.of(
              "principal",
              CelEnvironment.OBJECT,
              "purpose",
              dev.cel.common.types.SimpleType.STRING));

  @Test
  void evaluatesConditionsOverThePrincipal() {
    CelExpression marketing =
        access.compile("'marketing' in principal.groups && purpose == 'campaigns'");
    Principal ana =
        new Principal("ana", Set.of("marketing"), Set.of(), Map.of("country", "DE"), false);

    assertThat(marketing.test(Map.of("principal", ana.toCel(), "purpose", "campaigns"))).isTrue();
    assertThat(marketing.test(Map.of("principal", ana.toCel(), "purpose", "other"))).isFalse();
    assertThat(
            access
                .compile("principal.attributes.country in ['DE', 'FR']")
                .test(Map.of("principal", ana.toCel(), "purpose", "")))
        .isTrue();
    assertThat(
            access
                .compile("principal.roles.exists(r, r == 'pii-reader')")
                .test(Map.of("principal", ana.toCel(), "purpose", "")))
        .isFalse();
  }

  @Test
  void refusesExpressionsThatDoNotCompileWithWhereAndWhatIsAvailable() {
    assertThatThrownBy(() -> access.compile("principal.groups.contains("))
        .isInstanceOf(CelEnvironment.InvalidExpression.class)
        .hasMessageContaining("at 1:")
        .hasMessageContaining("variables: ");
    assertThatThrownBy(() -> access.compile("user == 'ana'"))
        .isInstanceOf(CelEnvironment.InvalidExpression.class)
        .hasMessageContaining("undeclared reference to 'user'");
    assertThatThrownBy(() -> access.compile("purpose + '!'"))
        .isInstanceOf(CelEnvironment.InvalidExpression.class)
        .hasMessageContaining("must be a bool");
    // A field of an object is dynamic: its type is known when it is evaluated.
    assertThatThrownBy(
            () ->
                access
                    .compile("principal.user")
                    .test(Map.of("principal", Principal.user("bob").toCel(), "purpose", "")))
        .isInstanceOf(CelExpression.EvaluationFailure.class)
        .hasMessageContaining("not a bool");
  }

  @Test
  void aMissingAttributeFailsTheEvaluation() {
    CelExpression country = access.compile("principal.attributes.country == 'DE'");
    assertThatThrownBy(
            () -> country.test(Map.of("principal", Principal.user("bob").toCel(), "purpose", "")))
        .isInstanceOf(CelExpression.EvaluationFailure.class)
        .hasMessageContaining("country");
    assertThat(
            access
                .compile(
                    "'country' in principal.attributes && principal.attributes.country == 'DE'")
                .test(Map.of("principal", Principal.user("bob").toCel(), "purpose", "")))
        .isFalse();
  }

  @Test
  void valuesMayBeListsOrStrings() {
    CelEnvironment values =
        CelEnvironment.of(
            Map.of("principal", CelEnvironment.OBJECT), dev.cel.common.types.SimpleType.DYN);
    Principal ana =
        new Principal("ana", Set.of("a", "b"), Set.of(), Map.of("regions", List.of("EU")), false);
    assertThat(values.compile("principal.groups").evaluate(Map.of("principal", ana.toCel())))
        .asList()
        .containsExactly("a", "b");
    assertThat(values.compile("principal.user").evaluate(Map.of("principal", ana.toCel())))
        .isEqualTo("ana");
  }
}
