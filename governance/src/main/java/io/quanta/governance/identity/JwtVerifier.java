package io.quanta.governance.identity;

import static java.util.Objects.requireNonNull;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.quanta.error.ErrorCode;
import io.quanta.error.QuantaException;
import io.quanta.governance.Principal;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies the JWTs of an organisation's identity provider and says which principal each stands
 * for. Accepts HS256 (a secret shared with the provider, read from an environment variable) and
 * RS256 (public keys from a JWKS file, read again when the file changes, so keys rotate without a
 * restart). A token must be signed by one of those keys, carry an expiry ({@code exp}) that has not
 * passed, and, when the settings ask, name the mesh's issuer and audience; {@code exp} and {@code
 * nbf} allow {@link #CLOCK_SKEW} of difference between the clocks.
 *
 * <p>Thread safe.
 */
public final class JwtVerifier {
  /** How far the provider's clock may be from the mesh's. */
  public static final Duration CLOCK_SKEW = Duration.ofSeconds(60);

  private static final Logger LOG = LoggerFactory.getLogger(JwtVerifier.class);

  private final JwtSettings settings;
  private final Clock clock;
  private final Optional<JWSVerifier> hs256;

  /** Why HS256 tokens cannot be verified, when the settings name a secret that is unusable. */
  private final Optional<String> hs256Problem;

  /** Guarded by {@code this}: the JWKS file's keys, and the contents they were parsed from. */
  private LoadedKeys keys;

  private record LoadedKeys(byte[] contents, JWKSet set) {}

  /**
   * A verifier for the settings.
   *
   * @param environment looks up environment variables (the HS256 secret), e.g. {@code
   *     System::getenv}; answers null for an unset variable
   * @param clock the time tokens are checked against
   */
  public JwtVerifier(JwtSettings settings, Function<String, String> environment, Clock clock) {
    this.settings = requireNonNull(settings, "settings is null");
    this.clock = requireNonNull(clock, "clock is null");
    requireNonNull(environment, "environment is null");
    Optional<JWSVerifier> verifier = Optional.empty();
    Optional<String> problem = Optional.empty();
    if (settings.hs256SecretEnv().isPresent()) {
      String variable = settings.hs256SecretEnv().get();
      String secret = environment.apply(variable);
      if (secret == null || secret.isEmpty()) {
        problem =
            Optional.of(
                "the environment variable "
                    + variable
                    + ", which holds the mesh's HS256 secret, is not set on the server");
      } else {
        try {
          verifier = Optional.of(new MACVerifier(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (JOSEException e) {
          problem =
              Optional.of(
                  "the HS256 secret in "
                      + variable
                      + " is too short: it needs at least 32 bytes (256 bits)");
        }
      }
      problem.ifPresent(text -> LOG.warn("HS256 JWTs will be refused: {}", text));
    }
    this.hs256 = verifier;
    this.hs256Problem = problem;
  }

  /** Whether the text has the shape of a JWT: three base64url parts separated by dots. */
  public static boolean isJwt(String text) {
    return text != null && text.chars().filter(c -> c == '.').count() == 2 && !text.contains(" ");
  }

  /**
   * The principal the token stands for.
   *
   * @throws QuantaException {@code UNAUTHENTICATED} saying why the token is refused: malformed, an
   *     algorithm or key id the mesh does not know, a bad signature, expired, not yet valid,
   *     another issuer or audience, no user
   */
  public Principal verify(String token) {
    requireNonNull(token, "token is null");
    JWT parsed;
    JWTClaimsSet claims;
    try {
      parsed = JWTParser.parse(token);
      claims = parsed.getJWTClaimsSet();
    } catch (ParseException e) {
      throw refused("The bearer token is not a well-formed JWT: " + e.getMessage());
    }
    if (parsed instanceof PlainJWT) {
      // alg "none": anybody can write one, so it proves nothing.
      throw refused("The JWT is not signed (alg: none); the mesh accepts HS256 and RS256 JWTs");
    }
    if (!(parsed instanceof SignedJWT jwt)) {
      throw refused("The JWT is encrypted; the mesh accepts signed JWTs (HS256 or RS256)");
    }
    JWSVerifier verifier = verifierFor(jwt);
    boolean valid;
    try {
      valid = jwt.verify(verifier);
    } catch (JOSEException e) {
      throw refused("The JWT's signature cannot be checked: " + e.getMessage());
    }
    if (!valid) {
      throw refused("The JWT's signature is not valid for " + keyName(jwt));
    }
    checkTimes(claims);
    checkIssuerAndAudience(claims);
    return principal(claims);
  }

  private JWSVerifier verifierFor(SignedJWT jwt) {
    JWSAlgorithm algorithm = jwt.getHeader().getAlgorithm();
    if (algorithm.equals(JWSAlgorithm.HS256)) {
      if (settings.hs256SecretEnv().isEmpty()) {
        throw refused(
            "The JWT is signed with HS256 but the mesh takes no HS256 tokens (no"
                + " auth.jwt.hs256-secret-env in its quanta.yaml)");
      }
      return hs256.orElseThrow(
          () -> refused("The JWT is signed with HS256 but " + hs256Problem.orElse("")));
    }
    if (algorithm.equals(JWSAlgorithm.RS256)) {
      if (settings.jwksFile().isEmpty()) {
        throw refused(
            "The JWT is signed with RS256 but the mesh takes no RS256 tokens (no"
                + " auth.jwt.jwks-file in its quanta.yaml)");
      }
      RSAKey key = rsaKey(jwt);
      try {
        return new RSASSAVerifier(key);
      } catch (JOSEException e) {
        throw refused(
            "The key '" + key.getKeyID() + "' of the mesh's JWKS file is not a usable RSA key");
      }
    }
    throw refused(
        "The JWT is signed with "
            + algorithm
            + "; the mesh accepts HS256 (a shared secret) and RS256 (keys of a JWKS file)");
  }

  private RSAKey rsaKey(SignedJWT jwt) {
    JWKSet set = jwks();
    String keyId = jwt.getHeader().getKeyID();
    JWK key;
    if (keyId == null) {
      List<JWK> rsa = set.getKeys().stream().filter(RSAKey.class::isInstance).toList();
      if (rsa.size() != 1) {
        throw refused(
            "The JWT names no key id (kid), and the mesh's JWKS file has "
                + rsa.size()
                + " RSA keys: the token must say which one signed it");
      }
      key = rsa.get(0);
    } else {
      key = set.getKeyByKeyId(keyId);
      if (key == null) {
        List<String> known = set.getKeys().stream().map(JWK::getKeyID).toList();
        throw refused(
            "The JWT is signed with an unknown key id '"
                + keyId
                + "'; the mesh's JWKS file has "
                + (known.isEmpty() ? "no keys" : "the key ids " + known));
      }
    }
    if (!(key instanceof RSAKey rsaKey)) {
      throw refused(
          "The JWT is signed with RS256 but the key '"
              + key.getKeyID()
              + "' of the mesh's JWKS file is a "
              + key.getKeyType()
              + " key, not an RSA key");
    }
    return rsaKey.toPublicJWK();
  }

  /**
   * The JWKS file's keys, parsed again when its contents change (a rotation). The file is small, so
   * reading it on each use is cheaper than trusting modification times.
   */
  private synchronized JWKSet jwks() {
    Path file = settings.jwksFile().orElseThrow();
    try {
      byte[] contents = Files.readAllBytes(file);
      if (keys == null || !Arrays.equals(keys.contents(), contents)) {
        keys = new LoadedKeys(contents, JWKSet.parse(new String(contents, StandardCharsets.UTF_8)));
      }
      return keys.set();
    } catch (IOException | ParseException e) {
      // The file's path and contents stay in the server's log, not in the client's answer.
      LOG.error("Cannot read the JWKS file {}: {}", file, e.getMessage());
      throw new QuantaException(
          ErrorCode.INTERNAL,
          "The mesh cannot read its JWKS file to check the JWT; the server log says why");
    }
  }

  private void checkTimes(JWTClaimsSet claims) {
    Instant now = clock.instant();
    Date expires = claims.getExpirationTime();
    if (expires == null) {
      throw refused("The JWT has no expiry (exp); the mesh accepts only tokens that expire");
    }
    if (now.isAfter(expires.toInstant().plus(CLOCK_SKEW))) {
      throw refused("The JWT expired at " + expires.toInstant());
    }
    Date notBefore = claims.getNotBeforeTime();
    if (notBefore != null && now.plus(CLOCK_SKEW).isBefore(notBefore.toInstant())) {
      throw refused("The JWT is not valid before " + notBefore.toInstant());
    }
  }

  private void checkIssuerAndAudience(JWTClaimsSet claims) {
    if (settings.issuer().isPresent()) {
      String issuer = claims.getIssuer();
      if (issuer == null) {
        throw refused(
            "The JWT names no issuer (iss); the mesh expects '" + settings.issuer().get() + "'");
      }
      if (!issuer.equals(settings.issuer().get())) {
        throw refused(
            "The JWT's issuer is '"
                + issuer
                + "', not '"
                + settings.issuer().get()
                + "' as the mesh expects");
      }
    }
    if (settings.audience().isPresent()) {
      List<String> audience = claims.getAudience();
      if (!audience.contains(settings.audience().get())) {
        throw refused(
            (audience.isEmpty()
                    ? "The JWT names no audience (aud)"
                    : "The JWT's audience is " + audience)
                + "; the mesh expects '"
                + settings.audience().get()
                + "'");
      }
    }
  }

  private Principal principal(JWTClaimsSet claims) {
    JwtSettings.ClaimNames names = settings.claims();
    Object user = claims.getClaim(names.user());
    if (!(user instanceof String name) || name.isBlank()) {
      throw refused(
          "The JWT has no '"
              + names.user()
              + "' claim naming the user"
              + (user == null ? "" : " (it is not a string)"));
    }
    Map<String, Object> attributes = new LinkedHashMap<>();
    for (String claim : names.attributes()) {
      Object value = claims.getClaim(claim);
      if (value != null) {
        List<String> values = strings(claim, value);
        attributes.put(claim, value instanceof List<?> ? values : values.get(0));
      }
    }
    return new Principal(
        name,
        set(names.groups(), claims.getClaim(names.groups())),
        set(names.roles(), claims.getClaim(names.roles())),
        attributes,
        false);
  }

  private static Set<String> set(String claim, Object value) {
    return value == null ? Set.of() : new LinkedHashSet<>(strings(claim, value));
  }

  /** A claim's value as strings: a string, a number or a flag, or a list of them. */
  private static List<String> strings(String claim, Object value) {
    List<String> values = new ArrayList<>();
    for (Object item : value instanceof List<?> list ? list : List.of(value)) {
      if (item instanceof String || item instanceof Number || item instanceof Boolean) {
        values.add(item.toString());
      } else {
        throw refused(
            "The JWT's claim '" + claim + "' must be a string or a list of strings, not " + value);
      }
    }
    return values;
  }

  /** The key a token's signature was checked with, as a message names it. */
  private static String keyName(SignedJWT jwt) {
    if (jwt.getHeader().getAlgorithm().equals(JWSAlgorithm.HS256)) {
      return "the mesh's HS256 secret";
    }
    String keyId = jwt.getHeader().getKeyID();
    return keyId == null
        ? "the RSA key of the mesh's JWKS file"
        : "the key '" + keyId + "' of the mesh's JWKS file";
  }

  private static QuantaException refused(String message) {
    return new QuantaException(ErrorCode.UNAUTHENTICATED, message);
  }
}
