package io.quanta.governance.identity;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Quanta's opaque bearer tokens: {@code qnt_} followed by 32 random bytes in base64url without
 * padding (43 characters). A token has a short public id, the first {@value #ID_LENGTH} characters
 * after the prefix, which lists and revokes it without showing it, and a hash, the only form the
 * registry stores.
 *
 * <p>Thread safe.
 */
public final class Tokens {
  /**
   * What every Quanta token starts with, so that a leaked one is recognisable (secret scanners).
   */
  public static final String PREFIX = "qnt_";

  /** How many characters after the prefix make a token's id. */
  public static final int ID_LENGTH = 8;

  private static final int RANDOM_BYTES = 32;
  private static final int ENCODED_LENGTH = 43;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

  private Tokens() {}

  /**
   * A new token.
   *
   * @param token the secret, shown to its owner once
   * @param id its public id
   * @param hash what the registry stores
   */
  public record Generated(String token, String id, String hash) {
    public Generated {
      requireNonNull(token, "token is null");
      requireNonNull(id, "id is null");
      requireNonNull(hash, "hash is null");
    }

    @Override
    public String toString() {
      return PREFIX + id + "…";
    }
  }

  /** A new random token, its id and its hash. */
  public static Generated generate() {
    while (true) {
      byte[] bytes = new byte[RANDOM_BYTES];
      RANDOM.nextBytes(bytes);
      String token = PREFIX + ENCODER.encodeToString(bytes);
      // An id starting with '-' would read as an option on a command line (quanta token revoke).
      if (token.charAt(PREFIX.length()) != '-') {
        return new Generated(token, id(token), hash(token));
      }
    }
  }

  /** Whether the text has the shape of a Quanta token (not whether such a token exists). */
  public static boolean isToken(String text) {
    if (text == null
        || !text.startsWith(PREFIX)
        || text.length() != PREFIX.length() + ENCODED_LENGTH) {
      return false;
    }
    for (int i = PREFIX.length(); i < text.length(); i++) {
      char c = text.charAt(i);
      boolean base64url =
          (c >= 'A' && c <= 'Z')
              || (c >= 'a' && c <= 'z')
              || (c >= '0' && c <= '9')
              || c == '-'
              || c == '_';
      if (!base64url) {
        return false;
      }
    }
    return true;
  }

  /**
   * The token's public id.
   *
   * @throws IllegalArgumentException if the text is not a Quanta token
   */
  public static String id(String token) {
    if (!isToken(token)) {
      throw new IllegalArgumentException("not a Quanta token (qnt_ and 43 characters)");
    }
    return token.substring(PREFIX.length(), PREFIX.length() + ID_LENGTH);
  }

  /**
   * The hash the registry stores: SHA-256 of the whole token, in hex. A token is 256 random bits,
   * so nobody can guess it from its hash and a fast hash is enough; a slow password hash (bcrypt,
   * Argon2) only protects low-entropy secrets, and would slow down every request.
   */
  public static String hash(String token) {
    requireNonNull(token, "token is null");
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
