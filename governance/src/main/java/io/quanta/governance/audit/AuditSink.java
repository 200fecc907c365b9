package io.quanta.governance.audit;

/** Where read decisions go. Implementations must not lose one silently, nor block for long. */
@FunctionalInterface
public interface AuditSink {
  /** Keeps nothing: for components whose reads are the platform's own. */
  AuditSink NONE = decision -> {};

  void record(AccessDecision decision);
}
