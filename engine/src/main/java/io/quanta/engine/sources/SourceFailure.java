package io.quanta.engine.sources;

/**
 * An input source could not be read: an unreachable database or cluster, a missing table or topic,
 * a malformed record. The message says which input, what and where.
 */
public final class SourceFailure extends RuntimeException {
  public SourceFailure(String message, Throwable cause) {
    super(message, cause);
  }
}
