package io.quanta.platform.trust;

import static java.util.Objects.requireNonNull;

/**
 * Where one service level objective of a port stands.
 *
 * @param port the output port
 * @param objective {@code freshness}, {@code timeliness.p50}, {@code timeliness.p95}, {@code
 *     completeness}, {@code volume} or {@code availability}
 * @param target what was promised, e.g. {@code <= PT24H}
 * @param observed what was measured, or null before anything was
 * @param status {@code met}, {@code breached} or {@code not-evaluated}
 * @param checkedAt when it was measured (ISO-8601), or null
 * @param message a sentence saying what was found
 */
public record SloStatus(
    String port,
    String objective,
    String target,
    String observed,
    String status,
    String checkedAt,
    String message) {
  public static final String MET = "met";
  public static final String BREACHED = "breached";
  public static final String NOT_EVALUATED = "not-evaluated";
  public static final String NONE_DECLARED = "none-declared";

  public SloStatus {
    requireNonNull(port, "port is null");
    requireNonNull(objective, "objective is null");
    requireNonNull(target, "target is null");
    requireNonNull(status, "status is null");
    requireNonNull(message, "message is null");
  }

  /**
   * The status of several objectives together: {@code breached} if one is, else {@code met} if one
   * was measured, else {@code not-evaluated}; {@code none-declared} for none.
   */
  public static String overall(java.util.List<SloStatus> statuses) {
    if (statuses.isEmpty()) {
      return NONE_DECLARED;
    }
    if (statuses.stream().anyMatch(s -> s.status().equals(BREACHED))) {
      return BREACHED;
    }
    if (statuses.stream().anyMatch(s -> s.status().equals(MET))) {
      return MET;
    }
    return NOT_EVALUATED;
  }
}
