package io.quanta.platform.registry;

import static java.util.Objects.requireNonNull;

import io.quanta.governance.rules.GovernanceSource;
import java.time.Instant;
import java.util.List;

/**
 * One applied version of the mesh's governance files.
 *
 * @param number the version, from 1 in the order versions were applied (0 is the shipped default)
 * @param appliedAt when it was applied
 * @param appliedBy the operating-system user who applied it
 * @param digest the SHA-256 of the files, names and contents in name order
 * @param files the files, by name (without folder) in name order
 */
public record GovernanceVersionRecord(
    int number, Instant appliedAt, String appliedBy, String digest, List<GovernanceSource> files) {
  public GovernanceVersionRecord {
    requireNonNull(appliedAt, "appliedAt is null");
    requireNonNull(appliedBy, "appliedBy is null");
    requireNonNull(digest, "digest is null");
    files = List.copyOf(files);
  }
}
