package io.quanta.platform.registry;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * A warning of a run that does not fail it.
 *
 * @param kind what it is about: {@code deprecated-input}
 * @param input the run's input it is about, when it is about one
 * @param message a sentence a user acts on
 * @param warnedAt when
 */
public record RunWarning(String kind, Optional<String> input, String message, Instant warnedAt) {
  /** The kind of a warning about an input reading a deprecated product version. */
  public static final String DEPRECATED_INPUT = "deprecated-input";

  public RunWarning {
    requireNonNull(kind, "kind is null");
    requireNonNull(input, "input is null");
    requireNonNull(message, "message is null");
    requireNonNull(warnedAt, "warnedAt is null");
  }
}
