package io.quanta.governance.policy;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * How a column is masked. Methods are ranked by how much of the value they keep: a local policy may
 * only replace a global mask with one of at least the same rank (it tightens, never loosens).
 */
public enum MaskMethod {
  /** Keeps the first {@code length} characters of a string. */
  TRUNCATE("truncate", 1),
  /** Rounds a date or timestamp down to a {@code to} unit, or a number down to a {@code step}. */
  GENERALIZE("generalize", 1),
  /** Keeps the domain of an email address: {@code ***@example.com}. */
  EMAIL_DOMAIN("email-domain", 1),
  /**
   * A keyed hash (HMAC-SHA-256 with the mesh's secret) of the value as text, in hex: equal values
   * stay equal, so masked identifiers still join across products, and nothing else is kept.
   */
  HASH("hash", 2),
  /** A string becomes {@code ****}, any other value null; nulls stay null. */
  REDACT("redact", 3),
  /** Every value becomes null. */
  NULL("null", 3);

  private final String specName;
  private final int rank;

  MaskMethod(String specName, int rank) {
    this.specName = specName;
    this.rank = rank;
  }

  public String specName() {
    return specName;
  }

  /** How little of the value the method keeps: higher keeps less. */
  public int rank() {
    return rank;
  }

  public static Optional<MaskMethod> fromSpecName(String name) {
    String wanted = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
    return Arrays.stream(values()).filter(method -> method.specName.equals(wanted)).findFirst();
  }

  /** The spec names of every method, for messages. */
  public static String names() {
    return String.join(", ", Arrays.stream(values()).map(MaskMethod::specName).toList());
  }
}
