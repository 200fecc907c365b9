package io.quanta.platform.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.quanta.platform.schedule.ScheduleStatus.Due;
import io.quanta.platform.schedule.ScheduleStatus.Reason;
import io.quanta.spec.Schedule;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** When a product is due, computed from its schedule and its runs, at a fixed time. */
class DueTimesTest {
  private static final Clock NOW =
      Clock.fixed(Instant.parse("2026-11-21T10:15:00Z"), ZoneOffset.UTC);
  private static final Instant DEPLOYED = Instant.parse("2026-11-18T09:00:00Z");

  @Test
  void cronFiresAtTheNextMatchingMinuteInUtcStrictlyAfterTheTime() {
    assertThat(DueTimes.nextCronFire("0 2 * * *", NOW.instant()))
        .contains(Instant.parse("2026-11-22T02:00:00Z"));
    assertThat(DueTimes.nextCronFire("*/15 * * * *", NOW.instant()))
        .as("10:15 itself is the time given, not after it")
        .contains(Instant.parse("2026-11-21T10:30:00Z"));
    assertThat(DueTimes.nextCronFire("0 9 * * 1-5", Instant.parse("2026-11-20T10:00:00Z")))
        .as("from a Friday morning to Monday")
        .contains(Instant.parse("2026-11-23T09:00:00Z"));
  }

  @Test
  void aCronProductIsDueAtTheFirstFireAfterItsLastRunOnceHoweverManyItMissed() {
    Schedule nightly = schedule(Optional.of("0 2 * * *"), Optional.empty(), false);
    Optional<Due> due =
        DueTimes.next(
            nightly,
            DEPLOYED,
            Optional.of(Instant.parse("2026-11-19T02:00:03Z")),
            Optional.empty(),
            false,
            NOW.instant());
    assertThat(due).contains(new Due(Instant.parse("2026-11-20T02:00:00Z"), Reason.CRON));
    assertThat(due.get().isDueAt(NOW.instant())).isTrue();
  }

  @Test
  void aCronProductThatNeverRanIsDueAtTheFirstFireAfterItsDeployment() {
    Schedule nightly = schedule(Optional.of("0 2 * * *"), Optional.empty(), false);
    Instant deployedThisMorning = Instant.parse("2026-11-21T09:00:00Z");
    Optional<Due> due =
        DueTimes.next(
            nightly, deployedThisMorning, Optional.empty(), Optional.empty(), false, NOW.instant());
    assertThat(due).contains(new Due(Instant.parse("2026-11-22T02:00:00Z"), Reason.CRON));
    assertThat(due.get().isDueAt(NOW.instant())).isFalse();
  }

  @Test
  void anIntervalCountsFromTheStartOfTheLastRunAndAProductThatNeverRanIsDueAtOnce() {
    Schedule hourly = schedule(Optional.empty(), Optional.of(Duration.ofHours(1)), false);
    assertThat(
            DueTimes.next(
                hourly,
                DEPLOYED,
                Optional.of(Instant.parse("2026-11-21T09:45:00Z")),
                Optional.empty(),
                false,
                NOW.instant()))
        .contains(new Due(Instant.parse("2026-11-21T10:45:00Z"), Reason.INTERVAL));
    Optional<Due> neverRan =
        DueTimes.next(hourly, DEPLOYED, Optional.empty(), Optional.empty(), false, NOW.instant());
    assertThat(neverRan).contains(new Due(DEPLOYED, Reason.INTERVAL));
    assertThat(neverRan.get().isDueAt(NOW.instant())).isTrue();
  }

  @Test
  void theEarliestTriggerWins() {
    Schedule hourly = schedule(Optional.empty(), Optional.of(Duration.ofHours(1)), false);
    Optional<Instant> lastStart = Optional.of(Instant.parse("2026-11-21T09:45:00Z"));
    assertThat(
            DueTimes.next(
                hourly,
                DEPLOYED,
                lastStart,
                Optional.of(Instant.parse("2026-11-21T10:16:00Z")),
                false,
                NOW.instant()))
        .contains(new Due(Instant.parse("2026-11-21T10:16:00Z"), Reason.RETRY));
    assertThat(
            DueTimes.next(
                hourly,
                DEPLOYED,
                lastStart,
                Optional.of(Instant.parse("2026-11-21T12:00:00Z")),
                false,
                NOW.instant()))
        .as("a back-off longer than the interval: the interval comes first")
        .contains(new Due(Instant.parse("2026-11-21T10:45:00Z"), Reason.INTERVAL));
  }

  @Test
  void anUpstreamCommitMakesAProductDueNowAndNothingElseDoes() {
    Schedule reactive = schedule(Optional.empty(), Optional.empty(), true);
    assertThat(
            DueTimes.next(
                reactive, DEPLOYED, Optional.empty(), Optional.empty(), true, NOW.instant()))
        .contains(new Due(NOW.instant(), Reason.UPSTREAM));
    assertThat(
            DueTimes.next(
                reactive,
                DEPLOYED,
                Optional.of(Instant.parse("2026-11-20T10:00:00Z")),
                Optional.empty(),
                false,
                NOW.instant()))
        .isEmpty();
  }

  @Test
  void aManualProductIsNeverDue() {
    assertThat(
            DueTimes.next(
                Schedule.MANUAL, DEPLOYED, Optional.empty(), Optional.empty(), true, NOW.instant()))
        .isEmpty();
  }

  @Test
  void theBackOffDoublesWithEachRetry() {
    Duration backoff = Duration.ofSeconds(30);
    assertThat(DueTimes.backoff(backoff, 1)).isEqualTo(Duration.ofSeconds(30));
    assertThat(DueTimes.backoff(backoff, 2)).isEqualTo(Duration.ofMinutes(1));
    assertThat(DueTimes.backoff(backoff, 3)).isEqualTo(Duration.ofMinutes(2));
  }

  private static Schedule schedule(
      Optional<String> cron, Optional<Duration> interval, boolean onUpstreamCommit) {
    return new Schedule(
        cron, interval, onUpstreamCommit, Schedule.DEFAULT_RETRIES, Schedule.DEFAULT_BACKOFF);
  }
}
