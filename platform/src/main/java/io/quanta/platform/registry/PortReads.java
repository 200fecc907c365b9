package io.quanta.platform.registry;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * The allowed reads of a port by one principal in one mode for one purpose, summed up from the
 * access audit over a window.
 *
 * @param port the port, e.g. {@code podcasts/play-events:1/events}
 * @param user who read
 * @param groups the principal's groups at its latest read in the window
 * @param roles the principal's roles at its latest read in the window
 * @param anonymous whether the reads carried no credentials
 * @param mode how: {@code sql}, {@code files}, {@code rest}, {@code events}, {@code input}
 * @param purpose the purpose declared, when one was
 * @param reads how many reads
 * @param lastReadAt the latest of them
 */
public record PortReads(
    String port,
    String user,
    Set<String> groups,
    Set<String> roles,
    boolean anonymous,
    String mode,
    Optional<String> purpose,
    long reads,
    Instant lastReadAt) {
  public PortReads {
    requireNonNull(port, "port is null");
    requireNonNull(user, "user is null");
    groups = Set.copyOf(groups);
    roles = Set.copyOf(roles);
    requireNonNull(mode, "mode is null");
    requireNonNull(purpose, "purpose is null");
    requireNonNull(lastReadAt, "lastReadAt is null");
  }
}
