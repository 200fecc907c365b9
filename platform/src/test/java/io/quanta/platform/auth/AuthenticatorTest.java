package io.quanta.platform.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.quanta.error.ErrorCode;
import io.quanta.error.QuantaException;
import io.quanta.governance.Principal;
import io.quanta.governance.identity.JwtSettings;
import io.quanta.platform.registry.Registry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which credentials make which principal, and why the others are refused. */
class AuthenticatorTest {
  private static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");
  private static final String SECRET = "a shared secret of at least 32 bytes, as HS256 needs";
  private static final AuthSettings ANONYMOUS_READS = new AuthSettings(true, Optional.empty());
  private static final AuthSettings WITH_JWT =
      new AuthSettings(
          false,
          Optional.of(
              new JwtSettings(
                  Optional.of("https://idp.example.com"),
                  Optional.empty(),
                  Optional.of("IDP_SECRET"),
                  Optional.empty(),
                  JwtSettings.ClaimNames.DEFAULTS)));

  @TempDir Path dataDir;
  private Registry registry;
  private TestClock clock;
  private String token;

  @BeforeEach
  void open() {
    registry = Registry.open(dataDir);
    clock = new TestClock(NOW);
    token =
        new TokenService(registry.tokens(), clock)
            .create(Principal.user("alice"), "", Optional.empty())
            .token();
  }

  @AfterEach
  void close() {
    registry.close();
  }

  private Authenticator authenticator(AuthSettings settings) {
    return new Authenticator(registry.tokens(), settings, Map.of("IDP_SECRET", SECRET)::get, clock);
  }

  private AbstractThrowableAssert<?, ? extends Throwable> assertRefused(
      AuthSettings settings, Optional<String> credentials) {
    return assertThatThrownBy(() -> authenticator(settings).authenticate(credentials))
        .isInstanceOf(QuantaException.class)
        .satisfies(
            e -> assertThat(((QuantaException) e).code()).isEqualTo(ErrorCode.UNAUTHENTICATED));
  }

  @Test
  void withoutCredentialsARequestIsRefusedAndToldHowToGetAToken() {
    for (Optional<String> none : List.of(Optional.<String>empty(), Optional.of("  "))) {
      assertRefused(AuthSettings.DEFAULTS, none)
          .hasMessage(
              "This mesh needs a token: create a token with `quanta token create --user NAME` and"
                  + " send it as 'Authorization: Bearer <token>' (CLI: --token or $QUANTA_TOKEN;"
                  + " JDBC: token= in the URL)");
    }
    assertThat(authenticator(AuthSettings.DEFAULTS).allowsAnonymous()).isFalse();
  }

  @Test
  void withoutCredentialsARequestIsAnonymousWhereTheMeshAllowsIt() {
    Authenticator anonymous = authenticator(ANONYMOUS_READS);

    assertThat(anonymous.allowsAnonymous()).isTrue();
    assertThat(anonymous.authenticate(Optional.empty())).isEqualTo(Principal.ANONYMOUS);
    // Credentials that are sent are still checked: a bad token is not anonymous.
    assertThat(anonymous.authenticate(Optional.of("Bearer " + token)).user()).isEqualTo("alice");
    assertRefused(ANONYMOUS_READS, Optional.of("Bearer qnt_" + "x".repeat(43)))
        .hasMessageContaining("is not known to this mesh");
  }

  @Test
  void aTokenIsTakenWithOrWithoutTheBearerScheme() {
    Authenticator authenticator = authenticator(AuthSettings.DEFAULTS);

    assertThat(authenticator.authenticate(Optional.of("Bearer " + token)).user())
        .isEqualTo("alice");
    assertThat(authenticator.authenticate(Optional.of("bearer   " + token + " ")).user())
        .isEqualTo("alice");
    assertThat(authenticator.authenticate(Optional.of(token)).user()).isEqualTo("alice");
  }

  @Test
  void anUnknownTokenIsRefusedByItsIdOnly() {
    String unknown = "qnt_" + "A".repeat(43);
    assertRefused(AuthSettings.DEFAULTS, Optional.of("Bearer " + unknown))
        .hasMessageStartingWith("The token qnt_AAAAAAAA... is not known to this mesh")
        .hasMessageNotContaining(unknown);
  }

  @Test
  void aMalformedTokenIsRefused() {
    assertRefused(AuthSettings.DEFAULTS, Optional.of("Bearer " + token.substring(0, 20)))
        .hasMessage("The token is malformed (a Quanta token is qnt_ and 43 characters)");
    assertRefused(AuthSettings.DEFAULTS, Optional.of("Bearer hunter2"))
        .hasMessageStartingWith("The bearer token is neither a Quanta token (qnt_...) nor a JWT");
    assertRefused(AuthSettings.DEFAULTS, Optional.of("Bearer"))
        .hasMessageStartingWith("The bearer token is neither");
  }

  @Test
  void anotherSchemeIsRefused() {
    assertRefused(AuthSettings.DEFAULTS, Optional.of("Basic YWxpY2U6c2VjcmV0"))
        .hasMessageStartingWith(
            "The request authenticates with 'Basic'; this mesh takes bearer tokens only");
    assertRefused(AuthSettings.DEFAULTS, Optional.of("Token " + token))
        .hasMessageStartingWith("The request authenticates with 'Token'");
  }

  @Test
  void aJwtIsRefusedWhereTheMeshHasNoIdentityProvider() throws JOSEException {
    assertRefused(AuthSettings.DEFAULTS, Optional.of("Bearer " + jwt("alice", SECRET)))
        .hasMessageStartingWith("This mesh does not accept JWTs (its quanta.yaml has no auth.jwt)");
  }

  @Test
  void aJwtOfTheIdentityProviderIsItsSubject() throws JOSEException {
    Authenticator authenticator = authenticator(WITH_JWT);

    Principal principal = authenticator.authenticate(Optional.of("Bearer " + jwt("bob", SECRET)));

    assertThat(principal)
        .isEqualTo(new Principal("bob", Set.of("analysts"), Set.of(), Map.of(), false));
    // The mesh's own tokens keep working beside JWTs.
    assertThat(authenticator.authenticate(Optional.of("Bearer " + token)).user())
        .isEqualTo("alice");
    assertRefused(WITH_JWT, Optional.of("Bearer " + jwt("bob", SECRET + " but another one")))
        .hasMessageContaining("signature is not valid");
  }

  private String jwt(String user, String secret) throws JOSEException {
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader(JWSAlgorithm.HS256),
            new JWTClaimsSet.Builder()
                .subject(user)
                .issuer("https://idp.example.com")
                .expirationTime(Date.from(NOW.plus(Duration.ofHours(1))))
                .claim("groups", List.of("analysts"))
                .build());
    jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
    return jwt.serialize();
  }
}
