package io.quanta.platform.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.quanta.engine.ResultColumn;
import io.quanta.governance.Principal;
import io.quanta.governance.Reader;
import io.quanta.platform.Mesh;
import io.quanta.platform.registry.RunRecord;
import io.quanta.platform.registry.RunState;
import io.quanta.platform.schedule.ScheduleStatus.Due;
import io.quanta.platform.schedule.ScheduleStatus.Reason;
import io.quanta.ports.sql.ReadOptions;
import io.quanta.ports.sql.ResultSink;
import io.quanta.spec.ProductId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scheduler on a real mesh with the specs of {@code schedule/}: the clock is the system's,
 * shifted forward by the tests to jump over intervals, back-offs and nights.
 */
class SchedulerTest {
  private static final ProductId ORDERS = ProductId.of("shop", "orders", 1);
  private static final ProductId TOTALS = ProductId.of("shop", "order-totals", 1);
  private static final ProductId STOCK = ProductId.of("shop", "stock-levels", 1);
  private static final ProductId SALES = ProductId.of("shop", "daily-sales", 1);
  private static final ProductId PAYMENTS = ProductId.of("shop", "payments", 1);
  private static final ProductId REVENUE = ProductId.of("shop", "revenue", 1);

  /** Short, so that tests do not wait; the behaviour does not depend on it. */
  private static final Duration CHECK_PERIOD = Duration.ofMillis(50);

  private static final Duration WAIT_AT_MOST = Duration.ofSeconds(60);

  @TempDir Path temp;
  private Path specs;
  private Path dataDir;
  private final ShiftedClock clock = new ShiftedClock();

  @BeforeEach
  void copySpecs() {
    specs = copy("schedule", temp.resolve("specs"));
    dataDir = temp.resolve("quanta");
  }

  @Test
  void runsADownstreamProductAfterItsUpstreamCommits() throws IOException {
    try (Mesh mesh = Mesh.open(dataDir, clock)) {
      deploy(mesh, "orders", "order-totals");
      try (Scheduler scheduler = Scheduler.start(mesh, CHECK_PERIOD)) {
        awaitChecks(scheduler, 3);
        assertThat(mesh.registry().runs().list(TOTALS, 10))
            .as("its upstream never committed")
            .isEmpty();
        assertThat(scheduler.status(TOTALS))
            .hasValueSatisfying(status -> assertThat(status.next()).isEmpty());

        RunRecord orders = mesh.runs().run(ORDERS, "cli");
        RunRecord totals = awaitFinishedRuns(mesh, TOTALS, 1).get(0);
        assertThat(totals.state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(totals.trigger()).isEqualTo("upstream");
        assertThat(totals.inputs())
            .singleElement()
            .satisfies(
                input ->
                    assertThat(input.snapshotId()).isEqualTo(orders.ports().get(0).snapshotId()));
        assertThat(rows(mesh, "SELECT customer, total, orders FROM shop.order_totals.totals"))
            .containsExactly("alice|20.00|2", "bob|30.00|1");

        // A `quanta run` in another terminal: its commit reaches this scheduler through the
        // registry only, not through this process's commit listeners.
        Files.writeString(
            specs.resolve("data/orders.csv"), "o4,carol,5.00\n", StandardOpenOption.APPEND);
        RunRecord otherProcessRun;
        try (Mesh otherProcess = Mesh.open(dataDir, clock)) {
          otherProcessRun = otherProcess.runs().run(ORDERS, "cli");
        }
        RunRecord again = awaitFinishedRuns(mesh, TOTALS, 2).get(0);
        assertThat(again.state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(again.trigger()).isEqualTo("upstream");
        assertThat(again.inputs().get(0).snapshotId())
            .isEqualTo(otherProcessRun.ports().get(0).snapshotId());
        assertThat(rows(mesh, "SELECT customer, total, orders FROM shop.order_totals.totals"))
            .containsExactly("alice|20.00|2", "bob|30.00|1", "carol|5.00|1");
        assertThat(scheduler.status(TOTALS))
            .hasValueSatisfying(
                status -> {
                  assertThat(status.lastTrigger()).contains("upstream");
                  assertThat(status.consecutiveFailures()).isZero();
                });

        awaitChecks(scheduler, 3);
        assertThat(mesh.registry().runs().list(TOTALS, 10))
            .as("each upstream commit is read once")
            .hasSize(2);
        assertThat(mesh.registry().runs().list(ORDERS, 10))
            .as("the upstream has no schedule: only the runs asked for")
            .extracting(RunRecord::trigger)
            .containsExactly("cli", "cli");
      }
    }
  }

  @Test
  void aRestartedSchedulerRunsWhatBecameDueMeanwhileAndNothingElse() throws IOException {
    try (Mesh mesh = Mesh.open(dataDir, clock)) {
      deploy(mesh, "orders", "order-totals", "stock-levels");
      try (Scheduler scheduler = Scheduler.start(mesh, CHECK_PERIOD)) {
        mesh.runs().run(ORDERS, "cli");
        awaitFinishedRuns(mesh, TOTALS, 1);
        awaitFinishedRuns(mesh, STOCK, 1);
      }

      // While no scheduler runs: new orders are committed, and the stock's hour is not over.
      Files.writeString(
          specs.resolve("data/orders.csv"), "o4,carol,5.00\n", StandardOpenOption.APPEND);
      mesh.runs().run(ORDERS, "cli");

      try (Scheduler restarted = Scheduler.start(mesh, CHECK_PERIOD)) {
        RunRecord missed = awaitFinishedRuns(mesh, TOTALS, 2).get(0);
        assertThat(missed.trigger()).isEqualTo("upstream");
        awaitChecks(restarted, 3);
        assertThat(mesh.registry().runs().list(TOTALS, 10)).hasSize(2);
        assertThat(mesh.registry().runs().list(STOCK, 10))
            .as("its interval has not passed since its run before the restart")
            .hasSize(1);
      }
    }
  }

  @Test
  void anIntervalProductRunsAgainEachTimeItsIntervalHasPassed() {
    try (Mesh mesh = Mesh.open(dataDir, clock)) {
      deploy(mesh, "stock-levels");
      try (Scheduler scheduler = Scheduler.start(mesh, CHECK_PERIOD)) {
        RunRecord first = awaitFinishedRuns(mesh, STOCK, 1).get(0);
        assertThat(first.state()).isEqualTo(RunState.SUCCEEDED);
        awaitStatus(
            scheduler,
            STOCK,
            status ->
                status
                    .next()
                    .equals(
                        Optional.of(
                            new Due(
                                first.startedAt().plus(Duration.ofHours(1)), Reason.INTERVAL))));
        awaitChecks(scheduler, 3);
        assertThat(mesh.registry().runs().list(STOCK, 10)).as("not due yet").hasSize(1);

        clock.advance(Duration.ofHours(1));
        RunRecord second = awaitFinishedRuns(mesh, STOCK, 2).get(0);
        clock.advance(Duration.ofHours(1));
        awaitFinishedRuns(mesh, STOCK, 3);

        assertThat(second.startedAt())
            .isAfterOrEqualTo(first.startedAt().plus(Duration.ofHours(1)));
        assertThat(mesh.registry().runs().list(STOCK, 10))
            .allSatisfy(
                run -> {
                  assertThat(run.trigger()).isEqualTo("schedule");
                  assertThat(run.state()).isEqualTo(RunState.SUCCEEDED);
                });
      }
    }
  }

  @Test
  void aCronProductRunsAtItsNextFireTimeAndOnceForFiresItMissed() {
    // Far from 02:00 whenever the test runs, so that no fire comes while it sets up.
    clock.advanceTo(nextTwoOClock(clock.instant()).plus(Duration.ofHours(10)));
    try (Mesh mesh = Mesh.open(dataDir, clock)) {
      deploy(mesh, "daily-sales");
      Instant deployedAt = mesh.registry().products().find(SALES).orElseThrow().firstDeployedAt();
      Instant firstFire = nextTwoOClock(deployedAt);
      try (Scheduler scheduler = Scheduler.start(mesh, CHECK_PERIOD)) {
        ScheduleStatus waiting = awaitStatus(scheduler, SALES, status -> status.next().isPresent());
        assertThat(waiting.next()).contains(new Due(firstFire, Reason.CRON));
        awaitChecks(scheduler, 3);
        assertThat(mesh.registry().runs().list(SALES, 10)).isEmpty();

        // The mesh was down for three nights.
        clock.advanceTo(firstFire.plus(Duration.ofDays(2)).plusSeconds(30));
        RunRecord run = awaitFinishedRuns(mesh, SALES, 1).get(0);
        assertThat(run.trigger()).isEqualTo("schedule");
        assertThat(run.state()).isEqualTo(RunState.SUCCEEDED);
        ScheduleStatus after =
            awaitStatus(
                scheduler,
                SALES,
                status ->
                    status.next().map(due -> due.at().isAfter(run.startedAt())).orElse(false));
        assertThat(after.next()).contains(new Due(nextTwoOClock(run.startedAt()), Reason.CRON));
        awaitChecks(scheduler, 3);
        assertThat(mesh.registry().runs().list(SALES, 10)).hasSize(1);
      }
    }
  }

  @Test
  void aFailingProductIsRetriedWithBackOffThenWaitsForItsNextTrigger() throws IOException {
    try (Mesh mesh = Mesh.open(dataDir, clock)) {
      deploy(mesh, "payments", "revenue");
      // The payment provider's export is late.
      Path export = specs.resolve("data/payments.csv");
      Path late = temp.resolve("payments-export.csv");
      Files.move(export, late);
      try (Scheduler scheduler = Scheduler.start(mesh, CHECK_PERIOD)) {
        RunRecord failed = awaitFinishedRuns(mesh, PAYMENTS, 1).get(0);
        assertThat(failed.state()).isEqualTo(RunState.FAILED);
        assertThat(failed.trigger()).isEqualTo("schedule");
        ScheduleStatus firstRetry = awaitStatus(scheduler, PAYMENTS, retryPending(1));
        assertThat(firstRetry.next())
            .contains(new Due(failed.finishedAt().orElseThrow().plusSeconds(60), Reason.RETRY));
        awaitChecks(scheduler, 3);
        assertThat(mesh.registry().runs().list(PAYMENTS, 10)).as("backing off").hasSize(1);

        clock.advance(Duration.ofMinutes(1));
        RunRecord retried = awaitFinishedRuns(mesh, PAYMENTS, 2).get(0);
        assertThat(retried.state()).isEqualTo(RunState.FAILED);
        assertThat(retried.trigger()).isEqualTo("retry");
        ScheduleStatus secondRetry = awaitStatus(scheduler, PAYMENTS, retryPending(2));
        assertThat(secondRetry.next())
            .as("the back-off doubles")
            .contains(new Due(retried.finishedAt().orElseThrow().plusSeconds(120), Reason.RETRY));

        clock.advance(Duration.ofMinutes(2));
        RunRecord lastRetry = awaitFinishedRuns(mesh, PAYMENTS, 3).get(0);
        assertThat(lastRetry.trigger()).isEqualTo("retry");
        ScheduleStatus gaveUp =
            awaitStatus(scheduler, PAYMENTS, status -> status.consecutiveFailures() == 3);
        assertThat(gaveUp.next())
            .as("after its 2 retries it waits for its interval")
            .contains(new Due(lastRetry.startedAt().plus(Duration.ofHours(1)), Reason.INTERVAL));
        assertThat(gaveUp.lastTrigger()).contains("retry");

        // The export arrives; the product runs at its next trigger, not before.
        Files.move(late, export);
        clock.advance(Duration.ofMinutes(30));
        awaitChecks(scheduler, 3);
        assertThat(mesh.registry().runs().list(PAYMENTS, 10)).hasSize(3);
        assertThat(mesh.registry().runs().list(REVENUE, 10))
            .as("a failed upstream run commits nothing, so triggers nothing")
            .isEmpty();

        clock.advance(Duration.ofMinutes(30));
        RunRecord recovered = awaitFinishedRuns(mesh, PAYMENTS, 4).get(0);
        assertThat(recovered.state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(recovered.trigger()).isEqualTo("schedule");
        RunRecord revenue = awaitFinishedRuns(mesh, REVENUE, 1).get(0);
        assertThat(revenue.trigger()).isEqualTo("upstream");
        assertThat(rows(mesh, "SELECT received FROM shop.revenue.revenue"))
            .containsExactly("42.50");
        assertThat(awaitStatus(scheduler, PAYMENTS, status -> status.consecutiveFailures() == 0))
            .satisfies(
                status ->
                    assertThat(status.next())
                        .contains(
                            new Due(
                                recovered.startedAt().plus(Duration.ofHours(1)), Reason.INTERVAL)));
      }
    }
  }

  @Test
  void aRetryPendingWhenTheSchedulerStopsIsStillDueAfterARestart() throws IOException {
    try (Mesh mesh = Mesh.open(dataDir, clock)) {
      deploy(mesh, "payments");
      Files.delete(specs.resolve("data/payments.csv"));
      RunRecord failed;
      try (Scheduler scheduler = Scheduler.start(mesh, CHECK_PERIOD)) {
        failed = awaitFinishedRuns(mesh, PAYMENTS, 1).get(0);
        awaitStatus(scheduler, PAYMENTS, retryPending(1));
      }
      try (Scheduler restarted = Scheduler.start(mesh, CHECK_PERIOD)) {
        ScheduleStatus status = awaitStatus(restarted, PAYMENTS, retryPending(1));
        assertThat(status.next())
            .contains(new Due(failed.finishedAt().orElseThrow().plusSeconds(60), Reason.RETRY));
        assertThat(status.lastTrigger()).contains("schedule");

        clock.advance(Duration.ofMinutes(1));
        RunRecord retried = awaitFinishedRuns(mesh, PAYMENTS, 2).get(0);
        assertThat(retried.trigger()).isEqualTo("retry");
        assertThat(awaitStatus(restarted, PAYMENTS, retryPending(2)).next())
            .contains(new Due(retried.finishedAt().orElseThrow().plusSeconds(120), Reason.RETRY));
      }
    }
  }

  @Test
  void aProductWithoutScheduleIsNeverRun() {
    try (Mesh mesh = Mesh.open(dataDir, clock)) {
      deploy(mesh, "orders");
      try (Scheduler scheduler = Scheduler.start(mesh, CHECK_PERIOD)) {
        awaitChecks(scheduler, 3);
        clock.advance(Duration.ofDays(30));
        awaitChecks(scheduler, 3);
        assertThat(mesh.registry().runs().list(ORDERS, 10)).isEmpty();
        assertThat(scheduler.status(ORDERS)).isEmpty();
        assertThat(scheduler.statuses()).isEmpty();
      }
    }
  }

  private static Predicate<ScheduleStatus> retryPending(int failures) {
    return status ->
        status.consecutiveFailures() == failures
            && status.next().map(due -> due.reason() == Reason.RETRY).orElse(false);
  }

  /** The first 02:00 UTC strictly after the time. */
  private static Instant nextTwoOClock(Instant after) {
    ZonedDateTime time = after.atZone(ZoneOffset.UTC);
    LocalDate day =
        time.toLocalTime().isBefore(LocalTime.of(2, 0))
            ? time.toLocalDate()
            : time.toLocalDate().plusDays(1);
    return day.atTime(2, 0).toInstant(ZoneOffset.UTC);
  }

  private void deploy(Mesh mesh, String... names) {
    mesh.lifecycle()
        .deployFiles(Stream.of(names).map(name -> specs.resolve(name + ".yaml")).toList());
  }

  /** Waits until the product has that many runs that ended; returns its runs, newest first. */
  private static List<RunRecord> awaitFinishedRuns(Mesh mesh, ProductId product, int count) {
    return await(
        () ->
            mesh.registry().runs().list(product, 100).stream()
                .filter(run -> run.state() != RunState.RUNNING)
                .toList(),
        runs -> runs.size() >= count,
        count + " finished runs of " + product);
  }

  private static ScheduleStatus awaitStatus(
      Scheduler scheduler, ProductId product, Predicate<ScheduleStatus> condition) {
    return await(
            () -> scheduler.status(product),
            status -> status.isPresent() && condition.test(status.get()),
            "the status of " + product)
        .orElseThrow();
  }

  /** Waits until the scheduler has completed that many more checks of every product. */
  private static void awaitChecks(Scheduler scheduler, int checks) {
    long target = scheduler.checks() + checks;
    await(scheduler::checks, done -> done >= target, checks + " checks");
  }

  private static <T> T await(Supplier<T> value, Predicate<T> done, String what) {
    Instant deadline = Instant.now().plus(WAIT_AT_MOST);
    T current = value.get();
    while (!done.test(current)) {
      assertThat(Instant.now())
          .as("waited for " + what + "; last seen: " + current)
          .isBefore(deadline);
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
      current = value.get();
    }
    return current;
  }

  private static List<String> rows(Mesh mesh, String sql) {
    List<String> rows = new ArrayList<>();
    mesh.queries()
        .query(
            Reader.of(Principal.user("tester")),
            sql + " ORDER BY 1",
            ReadOptions.LATEST,
            new ResultSink() {
              @Override
              public void columns(List<ResultColumn> columns) {}

              @Override
              public boolean row(List<Object> values) {
                rows.add(values.stream().map(String::valueOf).collect(Collectors.joining("|")));
                return true;
              }
            });
    return rows;
  }

  private static Path copy(String resourceFolder, Path target) {
    try {
      Path source =
          Path.of(SchedulerTest.class.getClassLoader().getResource(resourceFolder).toURI());
      try (Stream<Path> files = Files.walk(source)) {
        for (Path file : files.toList()) {
          Path destination = target.resolve(source.relativize(file).toString());
          if (Files.isDirectory(file)) {
            Files.createDirectories(destination);
          } else {
            Files.copy(file, destination, StandardCopyOption.REPLACE_EXISTING);
          }
        }
      }
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
