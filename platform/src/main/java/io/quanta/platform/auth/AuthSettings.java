package io.quanta.platform.auth;

import static java.util.Objects.requireNonNull;

import io.quanta.governance.identity.JwtSettings;
import java.util.Optional;

/**
 * How the mesh authenticates requests: the {@code auth} section of {@code quanta.yaml}.
 *
 * @param anonymous whether a request without credentials is served, as the anonymous principal
 *     (otherwise it is refused)
 * @param jwt how JWTs of an identity provider are verified, when the mesh accepts them
 */
public record AuthSettings(boolean anonymous, Optional<JwtSettings> jwt) {
  /** Every request needs a token of {@code quanta token create}; no JWTs. */
  public static final AuthSettings DEFAULTS = new AuthSettings(false, Optional.empty());

  public AuthSettings {
    requireNonNull(jwt, "jwt is null");
  }
}
