package io.quanta.platform.schedule;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import io.quanta.platform.schedule.ScheduleStatus.Due;
import io.quanta.platform.schedule.ScheduleStatus.Reason;
import io.quanta.spec.Schedule;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When a product is next due: a function of its schedule and of what the registry says about its
 * runs, so that a scheduler started afresh comes to the same answer as one that never stopped.
 * Thread safe.
 */
final class DueTimes {
  private static final CronParser CRON_PARSER =
      new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
  private static final Map<String, ExecutionTime> EXECUTION_TIMES = new ConcurrentHashMap<>();

  private DueTimes() {}

  /**
   * The earliest of the product's triggers.
   *
   * <ul>
   *   <li>cron: the first fire time after its last run started, or after it was first deployed if
   *       it never ran; fire times missed meanwhile make it due once, not once per missed fire;
   *   <li>interval: its last run's start plus the interval; at once if it never ran;
   *   <li>upstream: now, if an upstream port has a snapshot the product has not read;
   *   <li>retry: the time the back-off of its last failed scheduled run ends.
   * </ul>
   *
   * @param firstDeployedAt when the product's major version was first deployed
   * @param lastStartedAt when its newest run started, whoever started it
   * @param retryAt when a retry is due, if one is pending
   * @param upstreamCommitted whether an upstream port it reads committed since it last read it
   * @return empty for a manual product, and for one that only an upstream commit starts and none is
   *     waiting
   */
  static Optional<Due> next(
      Schedule schedule,
      Instant firstDeployedAt,
      Optional<Instant> lastStartedAt,
      Optional<Instant> retryAt,
      boolean upstreamCommitted,
      Instant now) {
    List<Due> candidates = new ArrayList<>();
    retryAt.ifPresent(at -> candidates.add(new Due(at, Reason.RETRY)));
    schedule
        .cron()
        .flatMap(cron -> nextCronFire(cron, latest(firstDeployedAt, lastStartedAt)))
        .ifPresent(at -> candidates.add(new Due(at, Reason.CRON)));
    schedule
        .interval()
        .map(
            interval ->
                lastStartedAt.map(started -> started.plus(interval)).orElse(firstDeployedAt))
        .ifPresent(at -> candidates.add(new Due(at, Reason.INTERVAL)));
    if (schedule.onUpstreamCommit() && upstreamCommitted) {
      candidates.add(new Due(now, Reason.UPSTREAM));
    }
    return candidates.stream().min(Comparator.comparing(Due::at));
  }

  /**
   * The first fire time of a five-field Unix cron expression, evaluated in UTC, strictly after a
   * time.
   *
   * @throws IllegalArgumentException if the expression is not a valid cron expression
   */
  static Optional<Instant> nextCronFire(String cron, Instant after) {
    ExecutionTime executionTime =
        EXECUTION_TIMES.computeIfAbsent(
            cron, expression -> ExecutionTime.forCron(CRON_PARSER.parse(expression).validate()));
    Optional<Instant> fire =
        executionTime.nextExecution(after.atZone(ZoneOffset.UTC)).map(ZonedDateTime::toInstant);
    if (fire.isPresent() && !fire.get().isAfter(after)) {
      // Cron fires on whole minutes: the one after a fire time is at least a minute later.
      fire =
          executionTime
              .nextExecution(fire.get().plusSeconds(1).atZone(ZoneOffset.UTC))
              .map(ZonedDateTime::toInstant);
    }
    return fire;
  }

  /** The wait before retry number {@code retry} (1 for the first): back-off doubled each time. */
  static Duration backoff(Duration backoff, int retry) {
    if (retry < 1) {
      throw new IllegalArgumentException("retry must be at least 1");
    }
    return backoff.multipliedBy(1L << Math.min(retry - 1, 30));
  }

  private static Instant latest(Instant first, Optional<Instant> second) {
    return second.filter(time -> time.isAfter(first)).orElse(first);
  }
}
