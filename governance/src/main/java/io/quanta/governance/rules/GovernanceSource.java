package io.quanta.governance.rules;

import static java.util.Objects.requireNonNull;

/**
 * One governance file as written.
 *
 * @param file the file's name as problems should show it
 * @param text the file's YAML text
 */
public record GovernanceSource(String file, String text) {
  public GovernanceSource {
    requireNonNull(file, "file is null");
    requireNonNull(text, "text is null");
  }
}
