package io.quanta.platform.trust;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A product's observability port (docs/trust.md): its objectives and where they stand, the checks
 * of its latest run, its ports' latest profiles as the caller may see them, and its run history.
 *
 * @param product {@code domain/name}
 * @param major the major version
 * @param sloStatus {@link SloStatus#overall} of every objective
 * @param slos every declared objective of every port
 * @param checks the quality checks (expectations, run-measured objectives, drift) of the latest
 *     finished run
 * @param checkedRun the run those checks belong to, or null
 * @param profiles the latest profile of each port, for the caller
 * @param runs the newest runs, newest first
 * @param schedule when {@code quanta up} runs the product by itself
 */
public record ProductTrust(
    String product,
    int major,
    String sloStatus,
    List<SloStatus> slos,
    List<CheckResult> checks,
    String checkedRun,
    List<PortProfile> profiles,
    List<RunHistory> runs,
    ScheduleView schedule) {
  public ProductTrust {
    slos = List.copyOf(slos);
    checks = List.copyOf(checks);
    profiles = List.copyOf(profiles);
    runs = List.copyOf(runs);
  }

  /** One check's outcome, as shown to consumers. */
  public record CheckResult(
      String port,
      String kind,
      String name,
      String severity,
      String status,
      String observed,
      String threshold,
      Long failingRows,
      Long totalRows,
      String message,
      String checkedAt) {}

  /**
   * A port's latest profile for the caller.
   *
   * @param port the port
   * @param run the run that computed it, or null
   * @param rows the rows profiled
   * @param profiledAt when
   * @param columns the column profiles (a masked column shows only its name and the mask)
   * @param withheld why there is no profile for the caller, or null
   */
  public record PortProfile(
      String port, String run, Long rows, String profiledAt, JsonNode columns, String withheld) {}

  /**
   * The product's schedule.
   *
   * @param declared the schedule as declared ({@code manual} without one)
   * @param nextRun when a cron or interval next starts it (ISO-8601), or null; retries and upstream
   *     commits are decided by the running scheduler
   * @param nextReason {@code cron} or {@code interval}, or null
   */
  public record ScheduleView(String declared, String nextRun, String nextReason) {}

  /** A run as the history shows it. */
  public record RunHistory(
      String id,
      String state,
      String trigger,
      String startedAt,
      String finishedAt,
      long rowsWritten,
      int checksFailed,
      String error) {}
}
