package io.quanta.governance.audit;

import static java.util.Objects.requireNonNull;

import io.quanta.governance.Principal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One read decision, as the audit log keeps it: who read (or was refused) which port, how, under
 * which rules, and how many rows they got.
 *
 * @param time when the decision was made
 * @param principal who asked
 * @param purpose the purpose they declared
 * @param port the port, e.g. {@code podcasts/play-events:1/events}
 * @param mode how: {@code sql}, {@code files}, {@code rest}, {@code events}
 * @param allowed whether the read was allowed
 * @param rules the qualified ids of the rules that took part
 * @param obligations the obligations applied, one line each (masks, row filters, group sizes)
 * @param fingerprint a hash of the query text (whitespace normalized), empty when the read had none
 * @param rows the rows (or events) returned; 0 for a refusal
 */
public record AccessDecision(
    Instant time,
    Principal principal,
    Optional<String> purpose,
    String port,
    String mode,
    boolean allowed,
    List<String> rules,
    List<String> obligations,
    Optional<String> fingerprint,
    long rows) {
  public AccessDecision {
    requireNonNull(time, "time");
    requireNonNull(principal, "principal");
    requireNonNull(purpose, "purpose");
    requireNonNull(port, "port");
    requireNonNull(mode, "mode");
    rules = List.copyOf(rules);
    obligations = List.copyOf(obligations);
    requireNonNull(fingerprint, "fingerprint");
  }

  /** A short, stable fingerprint of a query: its text with whitespace collapsed, hashed. */
  public static String fingerprint(String sql) {
    String normalized = sql.strip().replaceAll("\\s+", " ");
    try {
      byte[] digest =
          java.security.MessageDigest.getInstance("SHA-256")
              .digest(normalized.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(digest, 0, 8);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
