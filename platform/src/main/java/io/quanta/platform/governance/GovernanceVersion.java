package io.quanta.platform.governance;

import static java.util.Objects.requireNonNull;

import io.quanta.governance.rules.Governance;
import io.quanta.governance.rules.GovernanceSource;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A version of the mesh's governance: its files, and the identifiers, rules and policies they make.
 *
 * @param number from 1 in the order versions were applied; 0 for the shipped default
 * @param appliedAt when it was applied; empty for the shipped default
 * @param appliedBy the operating-system user who applied it; empty for the shipped default
 * @param digest the SHA-256 of the files, names and contents in name order
 * @param files the files, by name
 * @param governance what the files say
 */
public record GovernanceVersion(
    int number,
    Optional<Instant> appliedAt,
    Optional<String> appliedBy,
    String digest,
    List<GovernanceSource> files,
    Governance governance) {
  public GovernanceVersion {
    requireNonNull(appliedAt, "appliedAt is null");
    requireNonNull(appliedBy, "appliedBy is null");
    requireNonNull(digest, "digest is null");
    files = List.copyOf(files);
    requireNonNull(governance, "governance is null");
  }

  /** Whether this is the governance Quanta ships, which a mesh has until one is applied. */
  public boolean isShippedDefault() {
    return number == 0;
  }
}
