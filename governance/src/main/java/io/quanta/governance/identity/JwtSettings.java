package io.quanta.governance.identity;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * How the mesh accepts JWTs of an organisation's identity provider: which keys sign them, which
 * issuer and audience they must name, and which claims say who the user is.
 *
 * @param issuer the {@code iss} every token must have, if the mesh checks it
 * @param audience a value the token's {@code aud} must contain, if the mesh checks it
 * @param hs256SecretEnv the name of the environment variable holding the HS256 shared secret (never
 *     the secret itself, which does not belong in a file)
 * @param jwksFile a JSON Web Key Set file with the RS256 public keys
 * @param claims the claims naming the user, groups, roles and attributes
 */
public record JwtSettings(
    Optional<String> issuer,
    Optional<String> audience,
    Optional<String> hs256SecretEnv,
    Optional<Path> jwksFile,
    ClaimNames claims) {

  public JwtSettings {
    requireNonNull(issuer, "issuer is null");
    requireNonNull(audience, "audience is null");
    requireNonNull(hs256SecretEnv, "hs256SecretEnv is null");
    requireNonNull(jwksFile, "jwksFile is null");
    requireNonNull(claims, "claims is null");
    if (hs256SecretEnv.isEmpty() && jwksFile.isEmpty()) {
      throw new IllegalArgumentException(
          "JWTs need a key: the environment variable of an HS256 secret, or an RS256 JWKS file");
    }
  }

  /**
   * Which claims of a token say who its user is.
   *
   * @param user the claim holding the user's name (default {@code sub})
   * @param groups the claim holding the user's groups, a string or a list (default {@code groups})
   * @param roles the claim holding the user's roles, a string or a list (default {@code roles})
   * @param attributes the claims copied to the principal's attributes under their own names
   *     (default none)
   */
  public record ClaimNames(String user, String groups, String roles, List<String> attributes) {
    public static final ClaimNames DEFAULTS = new ClaimNames("sub", "groups", "roles", List.of());

    public ClaimNames {
      requireNonNull(user, "user is null");
      requireNonNull(groups, "groups is null");
      requireNonNull(roles, "roles is null");
      attributes = List.copyOf(attributes);
    }
  }
}
