package io.quanta.governance.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.quanta.error.ErrorCode;
import io.quanta.error.QuantaException;
import io.quanta.governance.Principal;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** JWTs of an identity provider: HS256 with a shared secret, RS256 with a JWKS file. */
class JwtVerifierTest {
  private static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final String ISSUER = "https://idp.example.com";
  private static final String AUDIENCE = "quanta";
  private static final String SECRET_ENV = "QUANTA_JWT_SECRET";
  private static final String SECRET = "a shared secret of at least 32 bytes, as HS256 needs";
  private static final Map<String, String> ENVIRONMENT = Map.of(SECRET_ENV, SECRET);

  private static RSAKey signingKey;
  private static RSAKey otherKey;

  @TempDir Path temp;

  @BeforeAll
  static void generateKeys() throws JOSEException {
    signingKey = new RSAKeyGenerator(2048).keyID("key-1").generate();
    otherKey = new RSAKeyGenerator(2048).keyID("key-2").generate();
  }

  /** Alice, of the analysts and marketing, a PII reader, valid for an hour. */
  private static JWTClaimsSet.Builder alice() {
    return new JWTClaimsSet.Builder()
        .subject("alice")
        .issuer(ISSUER)
        .audience(AUDIENCE)
        .issueTime(Date.from(NOW.minusSeconds(10)))
        .expirationTime(Date.from(NOW.plus(Duration.ofHours(1))))
        .claim("groups", List.of("analysts", "marketing"))
        .claim("roles", "pii-reader");
  }

  private static JwtSettings hs256Settings() {
    return new JwtSettings(
        Optional.of(ISSUER),
        Optional.of(AUDIENCE),
        Optional.of(SECRET_ENV),
        Optional.empty(),
        JwtSettings.ClaimNames.DEFAULTS);
  }

  private static JwtVerifier hs256() {
    return new JwtVerifier(hs256Settings(), ENVIRONMENT::get, CLOCK);
  }

  private static String hs256(JWTClaimsSet claims, String secret) throws JOSEException {
    return sign(new JWSHeader(JWSAlgorithm.HS256), claims, new MACSigner(bytes(secret)));
  }

  private static String rs256(JWTClaimsSet claims, RSAKey key, boolean withKeyId)
      throws JOSEException {
    JWSHeader.Builder header = new JWSHeader.Builder(JWSAlgorithm.RS256);
    if (withKeyId) {
      header.keyID(key.getKeyID());
    }
    return sign(header.build(), claims, new RSASSASigner(key));
  }

  private static String sign(
      JWSHeader header, JWTClaimsSet claims, com.nimbusds.jose.JWSSigner signer)
      throws JOSEException {
    SignedJWT jwt = new SignedJWT(header, claims);
    jwt.sign(signer);
    return jwt.serialize();
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** A JWKS file of the keys' public halves, as an identity provider publishes it. */
  private Path jwks(RSAKey... keys) throws IOException {
    Path file = temp.resolve("jwks.json");
    List<com.nimbusds.jose.jwk.JWK> publicKeys =
        java.util.Arrays.stream(keys)
            .map(key -> (com.nimbusds.jose.jwk.JWK) key.toPublicJWK())
            .toList();
    Files.writeString(file, new JWKSet(publicKeys).toString());
    return file;
  }

  private JwtVerifier rs256(Path jwks) {
    return new JwtVerifier(
        new JwtSettings(
            Optional.of(ISSUER),
            Optional.of(AUDIENCE),
            Optional.empty(),
            Optional.of(jwks),
            JwtSettings.ClaimNames.DEFAULTS),
        name -> null,
        CLOCK);
  }

  private static AbstractThrowableAssert<?, ? extends Throwable> assertRefused(
      JwtVerifier verifier, String token) {
    return assertThatThrownBy(() -> verifier.verify(token))
        .isInstanceOf(QuantaException.class)
        .satisfies(
            e -> assertThat(((QuantaException) e).code()).isEqualTo(ErrorCode.UNAUTHENTICATED));
  }

  @Nested
  class Hs256 {
    @Test
    void aValidTokenIsItsSubjectWithGroupsAndRoles() throws JOSEException {
      Principal principal = hs256().verify(hs256(alice().build(), SECRET));

      assertThat(principal)
          .isEqualTo(
              new Principal(
                  "alice",
                  java.util.Set.of("analysts", "marketing"),
                  java.util.Set.of("pii-reader"),
                  Map.of(),
                  false));
    }

    @Test
    void aTokenSignedWithAnotherSecretIsRefused() throws JOSEException {
      String forged = hs256(alice().build(), "another secret, just as long as the real one");
      assertRefused(hs256(), forged)
          .hasMessage("The JWT's signature is not valid for the mesh's HS256 secret");
    }

    @Test
    void withoutItsSecretOnTheServerEveryHs256TokenIsRefused() throws JOSEException {
      JwtVerifier unset = new JwtVerifier(hs256Settings(), name -> null, CLOCK);
      assertRefused(unset, hs256(alice().build(), SECRET))
          .hasMessageContaining("the environment variable QUANTA_JWT_SECRET")
          .hasMessageContaining("is not set on the server");

      JwtVerifier tooShort = new JwtVerifier(hs256Settings(), name -> "short", CLOCK);
      assertRefused(tooShort, hs256(alice().build(), SECRET))
          .hasMessageContaining("too short: it needs at least 32 bytes")
          .hasMessageNotContaining("short,");
    }

    @Test
    void anRs256TokenIsRefusedWhenTheMeshHasNoJwksFile() throws JOSEException {
      assertRefused(hs256(), rs256(alice().build(), signingKey, true))
          .hasMessageContaining("signed with RS256 but the mesh takes no RS256 tokens")
          .hasMessageContaining("auth.jwt.jwks-file");
    }
  }

  @Nested
  class Rs256 {
    @Test
    void aTokenSignedByAKeyOfTheJwksFileIsValid() throws Exception {
      JwtVerifier verifier = rs256(jwks(otherKey, signingKey));

      assertThat(verifier.verify(rs256(alice().build(), signingKey, true)).user())
          .isEqualTo("alice");
      assertThat(verifier.verify(rs256(alice().subject("bob").build(), otherKey, true)).user())
          .isEqualTo("bob");
    }

    @Test
    void aTokenWithoutKeyIdNeedsAFileOfOneKey() throws Exception {
      String token = rs256(alice().build(), signingKey, false);

      assertThat(rs256(jwks(signingKey)).verify(token).user()).isEqualTo("alice");
      assertRefused(rs256(jwks(signingKey, otherKey)), token)
          .hasMessageContaining("names no key id (kid)")
          .hasMessageContaining("2 RSA keys");
    }

    @Test
    void aTokenSignedByAnotherKeyIsRefused() throws Exception {
      // Signed by a key the mesh does not have, claiming the id of one it has.
      RSAKey impostor = new RSAKeyGenerator(2048).keyID("key-1").generate();
      assertRefused(rs256(jwks(signingKey)), rs256(alice().build(), impostor, true))
          .hasMessage(
              "The JWT's signature is not valid for the key 'key-1' of the mesh's JWKS file");
    }

    @Test
    void anUnknownKeyIdIsRefusedNamingTheKnownOnes() throws Exception {
      assertRefused(rs256(jwks(signingKey)), rs256(alice().build(), otherKey, true))
          .hasMessage(
              "The JWT is signed with an unknown key id 'key-2'; the mesh's JWKS file has the key"
                  + " ids [key-1]");
    }

    @Test
    void keysRotateWhenTheFileChangesWithoutARestart() throws Exception {
      Path file = jwks(signingKey);
      JwtVerifier verifier = rs256(file);
      String before = rs256(alice().build(), signingKey, true);
      String after = rs256(alice().build(), otherKey, true);
      assertThat(verifier.verify(before).user()).isEqualTo("alice");
      assertRefused(verifier, after).hasMessageContaining("unknown key id 'key-2'");

      jwks(otherKey);

      assertThat(verifier.verify(after).user()).isEqualTo("alice");
      assertRefused(verifier, before).hasMessageContaining("unknown key id 'key-1'");
    }

    @Test
    void anHs256TokenSignedWithThePublicKeyIsRefused() throws Exception {
      // The classic confusion: a verifier that took the RSA public key as an HMAC secret.
      JwtVerifier verifier = rs256(jwks(signingKey));
      byte[] publicKey = signingKey.toPublicJWK().toRSAPublicKey().getEncoded();
      String confused =
          sign(new JWSHeader(JWSAlgorithm.HS256), alice().build(), new MACSigner(publicKey));
      assertRefused(verifier, confused)
          .hasMessageContaining("signed with HS256 but the mesh takes no HS256 tokens");
    }

    @Test
    void anUnreadableJwksFileIsAServerErrorThatDoesNotShowThePath() throws Exception {
      Path file = jwks(signingKey);
      JwtVerifier verifier = rs256(file);
      Files.writeString(file, "{not json");

      assertThatThrownBy(() -> verifier.verify(rs256(alice().build(), signingKey, true)))
          .isInstanceOf(QuantaException.class)
          .hasMessage(
              "The mesh cannot read its JWKS file to check the JWT; the server log says why")
          .satisfies(e -> assertThat(((QuantaException) e).code()).isEqualTo(ErrorCode.INTERNAL));
    }
  }

  @Nested
  class TimesIssuerAndAudience {
    @Test
    void anExpiredTokenIsRefusedBeyondTheClockSkew() throws JOSEException {
      Instant expired = NOW.minus(JwtVerifier.CLOCK_SKEW).minusSeconds(1);
      assertRefused(hs256(), hs256(alice().expirationTime(Date.from(expired)).build(), SECRET))
          .hasMessage("The JWT expired at " + expired);

      Instant justExpired = NOW.minusSeconds(30);
      assertThat(
              hs256().verify(hs256(alice().expirationTime(Date.from(justExpired)).build(), SECRET)))
          .extracting(Principal::user)
          .isEqualTo("alice");
    }

    @Test
    void aTokenWithoutExpiryIsRefused() throws JOSEException {
      assertRefused(hs256(), hs256(alice().expirationTime(null).build(), SECRET))
          .hasMessageContaining("has no expiry (exp)");
    }

    @Test
    void aTokenNotYetValidIsRefused() throws JOSEException {
      Instant later = NOW.plus(Duration.ofMinutes(5));
      assertRefused(hs256(), hs256(alice().notBeforeTime(Date.from(later)).build(), SECRET))
          .hasMessage("The JWT is not valid before " + later);
    }

    @Test
    void anotherIssuerIsRefused() throws JOSEException {
      assertRefused(hs256(), hs256(alice().issuer("https://evil.example").build(), SECRET))
          .hasMessage(
              "The JWT's issuer is 'https://evil.example', not 'https://idp.example.com' as the"
                  + " mesh expects");
      assertRefused(hs256(), hs256(alice().issuer(null).build(), SECRET))
          .hasMessageContaining("names no issuer (iss)");
    }

    @Test
    void anotherAudienceIsRefused() throws JOSEException {
      assertRefused(hs256(), hs256(alice().audience("billing").build(), SECRET))
          .hasMessage("The JWT's audience is [billing]; the mesh expects 'quanta'");
      assertRefused(hs256(), hs256(alice().audience((String) null).build(), SECRET))
          .hasMessageContaining("names no audience (aud)");
      assertThat(
              hs256().verify(hs256(alice().audience(List.of("billing", "quanta")).build(), SECRET)))
          .extracting(Principal::user)
          .isEqualTo("alice");
    }

    @Test
    void withoutIssuerAndAudienceSettingsAnyAreAccepted() throws JOSEException {
      JwtVerifier lenient =
          new JwtVerifier(
              new JwtSettings(
                  Optional.empty(),
                  Optional.empty(),
                  Optional.of(SECRET_ENV),
                  Optional.empty(),
                  JwtSettings.ClaimNames.DEFAULTS),
              ENVIRONMENT::get,
              CLOCK);
      assertThat(lenient.verify(hs256(alice().issuer(null).audience("x").build(), SECRET)).user())
          .isEqualTo("alice");
    }
  }

  @Nested
  class RefusedShapes {
    @Test
    void anUnsignedTokenIsRefused() throws Exception {
      String unsigned = new PlainJWT(alice().build()).serialize();
      assertThat(JwtVerifier.isJwt(unsigned)).isTrue();
      assertRefused(hs256(), unsigned).hasMessageContaining("is not signed (alg: none)");

      // The same with a signature of the real token copied onto it.
      String signed = hs256(alice().build(), SECRET);
      String header = Base64URL.encode("{\"alg\":\"none\"}").toString();
      String noneWithSignature = header + signed.substring(signed.indexOf('.'));
      assertRefused(hs256(), noneWithSignature);
    }

    @Test
    void otherAlgorithmsAreRefused() throws JOSEException {
      String hs384 =
          sign(
              new JWSHeader(JWSAlgorithm.HS384),
              alice().build(),
              new MACSigner(bytes(SECRET + " and some more bytes for HS384")));
      assertRefused(hs256(), hs384)
          .hasMessage(
              "The JWT is signed with HS384; the mesh accepts HS256 (a shared secret) and RS256"
                  + " (keys of a JWKS file)");
    }

    @Test
    void aMalformedTokenIsRefused() {
      assertRefused(hs256(), "not.a.jwt")
          .hasMessageStartingWith("The bearer token is not a well-formed JWT");
      assertThat(JwtVerifier.isJwt("qnt_abc")).isFalse();
      assertThat(JwtVerifier.isJwt("a.b.c.d.e")).isFalse();
    }

    @Test
    void aTokenWithoutUserIsRefused() throws JOSEException {
      assertRefused(hs256(), hs256(alice().subject(null).build(), SECRET))
          .hasMessage("The JWT has no 'sub' claim naming the user");
    }

    @Test
    void settingsWithoutAKeyAreRejected() {
      assertThatThrownBy(
              () ->
                  new JwtSettings(
                      Optional.empty(),
                      Optional.empty(),
                      Optional.empty(),
                      Optional.empty(),
                      JwtSettings.ClaimNames.DEFAULTS))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("JWTs need a key");
    }
  }

  @Nested
  class Claims {
    private final JwtVerifier verifier =
        new JwtVerifier(
            new JwtSettings(
                Optional.empty(),
                Optional.empty(),
                Optional.of(SECRET_ENV),
                Optional.empty(),
                new JwtSettings.ClaimNames(
                    "preferred_username",
                    "grp",
                    "realm_roles",
                    List.of("country", "departments", "level", "missing"))),
            ENVIRONMENT::get,
            CLOCK);

    @Test
    void theConfiguredClaimsMakeThePrincipal() throws JOSEException {
      JWTClaimsSet claims =
          alice()
              .claim("preferred_username", "alice.smith")
              .claim("grp", "analysts")
              .claim("realm_roles", List.of("governance", "pii-reader"))
              .claim("country", "DE")
              .claim("departments", List.of("sales", "marketing"))
              .claim("level", 3)
              .claim("salary", "not copied")
              .build();

      Principal principal = verifier.verify(hs256(claims, SECRET));

      assertThat(principal.user()).isEqualTo("alice.smith");
      assertThat(principal.groups()).containsExactly("analysts");
      assertThat(principal.roles()).containsExactlyInAnyOrder("governance", "pii-reader");
      assertThat(principal.attributes())
          .containsExactly(
              Map.entry("country", "DE"),
              Map.entry("departments", List.of("sales", "marketing")),
              Map.entry("level", "3"));
      assertThat(principal.anonymous()).isFalse();
    }

    @Test
    void aClaimThatIsNeitherTextNorAListOfTextIsRefused() throws JOSEException {
      JWTClaimsSet claims =
          alice()
              .claim("preferred_username", "alice")
              .claim("grp", Map.of("name", "analysts"))
              .build();
      assertRefused(verifier, hs256(claims, SECRET))
          .hasMessageStartingWith("The JWT's claim 'grp' must be a string or a list of strings");

      assertRefused(verifier, hs256(alice().build(), SECRET))
          .hasMessage("The JWT has no 'preferred_username' claim naming the user");
    }
  }
}
