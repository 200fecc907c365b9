package io.quanta.governance.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

class TokensTest {
  @Test
  void aTokenIsThePrefixAnd43Base64UrlCharactersWithItsIdAndHash() {
    Tokens.Generated generated = Tokens.generate();

    SoftAssertions soft = new SoftAssertions();
    soft.assertThat(generated.token()).matches("qnt_[A-Za-z0-9_-]{43}");
    soft.assertThat(generated.token().charAt(4)).isNotEqualTo('-');
    soft.assertThat(generated.id()).isEqualTo(generated.token().substring(4, 12));
    soft.assertThat(generated.hash()).matches("[0-9a-f]{64}");
    soft.assertThat(generated.hash()).isEqualTo(Tokens.hash(generated.token()));
    soft.assertThat(Tokens.isToken(generated.token())).isTrue();
    soft.assertThat(Tokens.id(generated.token())).isEqualTo(generated.id());
    soft.assertAll();
  }

  @Test
  void theHashIsSha256OfTheWholeToken() {
    // echo -n 'qnt_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' | sha256sum
    assertThat(Tokens.hash("qnt_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"))
        .isEqualTo("3aaa1fe01808851e48578298ace323b5a1f23330d04a9c9196672af981ee6f87");
  }

  @Test
  void everyTokenIsNew() {
    Set<String> tokens = new HashSet<>();
    Set<String> hashes = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      Tokens.Generated generated = Tokens.generate();
      tokens.add(generated.token());
      hashes.add(generated.hash());
    }
    assertThat(tokens).hasSize(1000);
    assertThat(hashes).hasSize(1000);
  }

  @Test
  void theGeneratedTokenDoesNotPrintItsSecret() {
    Tokens.Generated generated = Tokens.generate();
    assertThat(generated.toString())
        .isEqualTo("qnt_" + generated.id() + "…")
        .doesNotContain(generated.token())
        .doesNotContain(generated.hash());
  }

  @Test
  void onlyTheExactShapeIsAToken() {
    String token = Tokens.generate().token();
    assertThat(Tokens.isToken(null)).isFalse();
    assertThat(Tokens.isToken("")).isFalse();
    assertThat(Tokens.isToken(token.substring(0, token.length() - 1))).isFalse();
    assertThat(Tokens.isToken(token + "A")).isFalse();
    assertThat(Tokens.isToken("qnt-" + token.substring(4))).isFalse();
    assertThat(Tokens.isToken("qnt_" + "A".repeat(42) + "=")).isFalse();
    assertThat(Tokens.isToken("qnt_" + "A".repeat(42) + "+")).isFalse();
    assertThat(Tokens.isToken("eyJhbGciOiJIUzI1NiJ9.e30.sig")).isFalse();
    assertThatThrownBy(() -> Tokens.id("qnt_short"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a Quanta token");
  }
}
