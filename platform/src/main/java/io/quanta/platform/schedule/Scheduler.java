package io.quanta.platform.schedule;

import static java.util.Objects.requireNonNull;

import io.quanta.error.ErrorCode;
import io.quanta.error.QuantaException;
import io.quanta.platform.Mesh;
import io.quanta.platform.lifecycle.DeployedSpecs;
import io.quanta.platform.registry.PortSnapshotRecord;
import io.quanta.platform.registry.ProductVersion;
import io.quanta.platform.registry.Registry;
import io.quanta.platform.registry.RunRecord;
import io.quanta.platform.registry.RunState;
import io.quanta.platform.registry.RunStore;
import io.quanta.platform.run.RunService;
import io.quanta.platform.schedule.ScheduleStatus.Due;
import io.quanta.platform.schedule.ScheduleStatus.Reason;
import io.quanta.spec.ProductId;
import io.quanta.spec.ProductInput;
import io.quanta.spec.ProductSpec;
import io.quanta.spec.Schedule;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each deployed product by itself, as its {@code schedule} says (docs/scheduling.md): on its
 * cron expression, every interval, and when an upstream product commits a snapshot it has not read.
 * A failed scheduled run is retried with exponential back-off, then left until the product's next
 * regular trigger. There is no central DAG: each product reacts to its own inputs, so a chain of
 * products runs in order because each commit triggers the next product.
 *
 * <p>Every check reads the registry, so runs and commits of other processes on the same data folder
 * (a {@code quanta run} in another terminal) count like this process's own, and a scheduler started
 * after a restart runs what became due while it was stopped, once, without running anything again.
 * Commits of this process are noticed at once; those of others at the next check.
 *
 * <p>One thread checks the products; scheduled runs go to a pool of two threads, one run at a time
 * per product. Products without a schedule are never run. Thread safe.
 */
public final class Scheduler implements AutoCloseable {
  /** How often a scheduler started by {@link #start(Mesh)} checks the products. */
  public static final Duration DEFAULT_CHECK_PERIOD = Duration.ofSeconds(1);

  private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);
  private static final int RUN_THREADS = 2;

  /** How many of a product's newest runs are read to count its consecutive failures. */
  private static final int FAILURES_COUNTED = 20;

  private final Registry registry;
  private final DeployedSpecs specs;
  private final RunService runs;
  private final Clock clock;
  private final ScheduledExecutorService checker =
      Executors.newSingleThreadScheduledExecutor(runnable -> daemon(runnable, "quanta-scheduler"));
  private final ThreadPoolExecutor workers;

  /** Confined to the checker thread. */
  private final Map<ProductId, ProductState> states = new HashMap<>();

  private volatile Map<ProductId, ScheduleStatus> statuses = Map.of();
  private final AtomicBoolean checkQueued = new AtomicBoolean();
  private final AtomicLong checks = new AtomicLong();
  private volatile boolean closed;

  Scheduler(Registry registry, DeployedSpecs specs, RunService runs, Clock clock) {
    this.registry = requireNonNull(registry, "registry is null");
    this.specs = requireNonNull(specs, "specs is null");
    this.runs = requireNonNull(runs, "runs is null");
    this.clock = requireNonNull(clock, "clock is null");
    AtomicInteger threads = new AtomicInteger();
    this.workers =
        new ThreadPoolExecutor(
            RUN_THREADS,
            RUN_THREADS,
            0,
            TimeUnit.MILLISECONDS,
            // At most one queued or running task per product: the queue holds fewer tasks than
            // there are products.
            new LinkedBlockingQueue<>(),
            runnable -> daemon(runnable, "quanta-scheduled-run-" + threads.incrementAndGet()));
  }

  /**
   * The next run a schedule plans from the registry alone (cron or interval; retries and upstream
   * commits are known to a running scheduler only): for status pages of any process.
   */
  public static Optional<ScheduleStatus.Due> nextPlanned(
      io.quanta.spec.Schedule schedule,
      Instant firstDeployedAt,
      Optional<Instant> lastStartedAt,
      Instant now) {
    return DueTimes.next(schedule, firstDeployedAt, lastStartedAt, Optional.empty(), false, now);
  }

  /** Starts scheduling the mesh's products, checking them every second. */
  public static Scheduler start(Mesh mesh) {
    return start(mesh, DEFAULT_CHECK_PERIOD);
  }

  /**
   * Starts scheduling the mesh's products: checks them now, then every {@code period}, and at once
   * after every run this process commits. Times are read from the mesh's clock.
   */
  public static Scheduler start(Mesh mesh, Duration period) {
    requireNonNull(mesh, "mesh is null");
    requireNonNull(period, "period is null");
    if (period.isNegative() || period.isZero()) {
      throw new IllegalArgumentException("period must be positive");
    }
    Scheduler scheduler = new Scheduler(mesh.registry(), mesh.specs(), mesh.runs(), mesh.clock());
    mesh.runs().onCommit(run -> scheduler.checkSoon());
    scheduler.checker.scheduleWithFixedDelay(
        scheduler::checkSafely, 0, period.toMillis(), TimeUnit.MILLISECONDS);
    return scheduler;
  }

  /**
   * Where a product stands with the scheduler, as of its latest check.
   *
   * @return empty for a product that is not deployed, has no schedule, or was not checked yet
   */
  public Optional<ScheduleStatus> status(ProductId product) {
    return Optional.ofNullable(statuses.get(requireNonNull(product, "product is null")));
  }

  /** Every scheduled product's status as of the latest check, by product. */
  public List<ScheduleStatus> statuses() {
    return statuses.values().stream()
        .sorted(Comparator.comparing(ScheduleStatus::product))
        .toList();
  }

  /** How many checks have completed; tests wait on it to know the scheduler looked again. */
  long checks() {
    return checks.get();
  }

  /**
   * Stops scheduling: no run starts any more, and the runs in progress are waited for (up to a
   * minute) so that they commit or fail cleanly. Idempotent.
   */
  @Override
  public void close() {
    closed = true;
    checker.shutdown();
    workers.shutdown();
    try {
      checker.awaitTermination(30, TimeUnit.SECONDS);
      if (workers.getActiveCount() > 0) {
        LOG.info("Waiting for {} scheduled runs to finish", workers.getActiveCount());
      }
      if (!workers.awaitTermination(60, TimeUnit.SECONDS)) {
        LOG.warn("Scheduled runs still in progress after a minute; interrupting them");
        workers.shutdownNow();
      }
    } catch (InterruptedException e) {
      workers.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  /** Asks for a check as soon as the checker is free; several requests make one check. */
  private void checkSoon() {
    if (closed || !checkQueued.compareAndSet(false, true)) {
      return;
    }
    try {
      checker.execute(
          () -> {
            checkQueued.set(false);
            checkSafely();
          });
    } catch (RejectedExecutionException e) {
      checkQueued.set(false);
    }
  }

  private void checkSafely() {
    try {
      check();
    } catch (RuntimeException e) {
      // A failed check must not stop the periodic ones.
      LOG.warn("Cannot check the products' schedules: {}", e.getMessage(), e);
    }
  }

  /** Looks at every deployed product and starts those that are due. Checker thread only. */
  private void check() {
    if (closed) {
      return;
    }
    Instant now = clock.instant();
    Set<ProductId> scheduled = new HashSet<>();
    for (ProductVersion version : registry.products().list()) {
      ProductId product = version.id();
      try {
        ProductSpec spec = specs.spec(version);
        Schedule schedule = spec.schedule();
        if (schedule.isManual()) {
          continue;
        }
        scheduled.add(product);
        ProductState state = states.computeIfAbsent(product, id -> seed(id, schedule));
        if (!state.inFlight) {
          startIfDue(version, spec, state, now);
        }
      } catch (RuntimeException e) {
        LOG.warn("Cannot check the schedule of {}: {}", product, e.getMessage());
      }
    }
    // A product retired or made manual is forgotten, once its run in progress has ended.
    states
        .entrySet()
        .removeIf(entry -> !scheduled.contains(entry.getKey()) && !entry.getValue().inFlight);
    publishStatuses();
    checks.incrementAndGet();
  }

  private void startIfDue(
      ProductVersion version, ProductSpec spec, ProductState state, Instant now) {
    ProductId product = version.id();
    Schedule schedule = spec.schedule();
    Optional<RunStore.RunStart> last = registry.runs().lastStart(product);
    state.lastTrigger = last.map(RunStore.RunStart::trigger);
    Optional<String> lastRun = last.map(run -> run.runId() + " " + run.state().text());
    if (!lastRun.equals(state.lastRunCounted)) {
      // Runs of any process count; the history is read again only when a run started or ended.
      state.consecutiveFailures = failureStreak(recentFinishedRuns(product, FAILURES_COUNTED));
      state.lastRunCounted = lastRun;
    }
    Map<String, Long> upstream = Map.of();
    boolean upstreamCommitted = false;
    if (schedule.onUpstreamCommit()) {
      upstream = latestUpstreamSnapshots(spec);
      upstreamCommitted = hasUnread(product, upstream, state.attempted);
    }
    state.next =
        DueTimes.next(
            schedule,
            version.firstDeployedAt(),
            last.map(RunStore.RunStart::startedAt),
            state.retryAt,
            upstreamCommitted,
            now);
    if (state.next.isEmpty() || !state.next.get().isDueAt(now)) {
      return;
    }
    Optional<RunStore.RunningRun> running = registry.runs().running(product);
    if (running.isPresent() && running.get().process().mayBeAlive()) {
      // Another process is running it: its commit or failure shows at a later check.
      return;
    }
    Reason reason = state.next.get().reason();
    if (reason == Reason.RETRY) {
      LOG.warn("Retrying {} (retry {} of {})", product, state.retriesDone + 1, schedule.retries());
    } else {
      LOG.info("Running {}: {}", product, describe(reason));
    }
    state.inFlight = true;
    state.inFlightReason = reason;
    if (!upstream.isEmpty()) {
      state.attempted = upstream;
    }
    workers.execute(() -> runScheduled(product, reason));
  }

  /** Runs the product on a worker thread, then hands how it ended to the checker thread. */
  private void runScheduled(ProductId product, Reason reason) {
    if (closed) {
      return;
    }
    // Whatever happens, the checker hears that the run ended, or the product would never run again.
    Runnable ended = () -> failed(product, "the run stopped on an internal error", clock.instant());
    try {
      runs.run(product, reason.trigger());
      ended = () -> succeeded(product);
    } catch (QuantaException e) {
      ended =
          e.code() == ErrorCode.CONFLICT
              ? () -> refused(product)
              : failure(product, e.getMessage());
    } catch (RuntimeException e) {
      ended = failure(product, Objects.requireNonNullElse(e.getMessage(), e.toString()));
    } finally {
      Runnable report = ended;
      if (!closed) {
        try {
          checker.execute(
              () -> {
                report.run();
                checkSafely();
              });
        } catch (RejectedExecutionException e) {
          // closed meanwhile: nothing is scheduled any more
        }
      }
    }
  }

  /** Records a failure; the back-off counts from when the run ended, as the registry says. */
  private Runnable failure(ProductId product, String reason) {
    Instant failedAt;
    try {
      failedAt =
          registry.runs().list(product, 1).stream()
              .filter(run -> run.state() == RunState.FAILED)
              .findFirst()
              .flatMap(RunRecord::finishedAt)
              .orElseGet(clock::instant);
    } catch (RuntimeException e) {
      failedAt = clock.instant();
    }
    Instant at = failedAt;
    return () -> failed(product, reason, at);
  }

  /** A scheduled run committed. Checker thread only. */
  private void succeeded(ProductId product) {
    ProductState state = states.get(product);
    if (state != null) {
      state.inFlight = false;
      state.retriesDone = 0;
      state.retryAt = Optional.empty();
      state.attempted = Map.of();
    }
  }

  /**
   * A scheduled run was refused because another process started a run of the product meanwhile:
   * nothing failed, the product is tried again at a later check. Checker thread only.
   */
  private void refused(ProductId product) {
    ProductState state = states.get(product);
    if (state != null) {
      state.inFlight = false;
    }
  }

  /** A scheduled run failed: plans its retry, if it has retries left. Checker thread only. */
  private void failed(ProductId product, String reason, Instant failedAt) {
    ProductState state = states.get(product);
    if (state == null) {
      return;
    }
    state.inFlight = false;
    Reason trigger = state.inFlightReason;
    // A retry continues the round of its regular trigger; any other trigger starts a new round.
    state.retriesDone = trigger == Reason.RETRY ? state.retriesDone + 1 : 0;
    Schedule schedule = specs.find(product).map(ProductSpec::schedule).orElse(Schedule.MANUAL);
    if (state.retriesDone < schedule.retries()) {
      Duration wait = DueTimes.backoff(schedule.backoff(), state.retriesDone + 1);
      state.retryAt = Optional.of(failedAt.plus(wait));
      LOG.warn(
          "Scheduled run of {} ({}) failed: {}; retry {} of {} in {}",
          product,
          trigger.trigger(),
          reason,
          state.retriesDone + 1,
          schedule.retries(),
          wait);
    } else {
      state.retryAt = Optional.empty();
      LOG.warn(
          "Scheduled run of {} ({}) failed: {}; {}, waiting for its next trigger",
          product,
          trigger.trigger(),
          reason,
          schedule.retries() == 0
              ? "it declares no retries"
              : "gave up after " + schedule.retries() + " retries");
    }
  }

  /**
   * What the registry says of a product not seen before (on start, or when first deployed): a retry
   * still pending from before a restart, and what its last failed run read.
   */
  private ProductState seed(ProductId product, Schedule schedule) {
    ProductState state = new ProductState();
    List<RunRecord> finished = recentFinishedRuns(product, schedule.retries() + 1);
    int failures = failureStreak(finished);
    // The retries among the newest failures, up to the regular trigger that started them.
    int retries = 0;
    while (retries < failures && finished.get(retries).trigger().equals(Reason.RETRY.trigger())) {
      retries++;
    }
    if (failures > 0) {
      RunRecord newest = finished.get(0);
      // A failed run's upstream snapshots were tried already: not a new upstream commit.
      Map<String, Long> read = new LinkedHashMap<>();
      newest
          .inputs()
          .forEach(input -> input.snapshotId().ifPresent(id -> read.put(input.input(), id)));
      state.attempted = read;
      if (isScheduled(newest.trigger())) {
        state.retriesDone = retries;
        if (retries < schedule.retries()) {
          Instant failedAt = newest.finishedAt().orElse(newest.startedAt());
          state.retryAt =
              Optional.of(failedAt.plus(DueTimes.backoff(schedule.backoff(), retries + 1)));
        }
      }
    }
    return state;
  }

  /** The product's newest runs that ended, newest first. */
  private List<RunRecord> recentFinishedRuns(ProductId product, int limit) {
    return registry.runs().list(product, limit + 1).stream()
        .filter(run -> run.state() != RunState.RUNNING)
        .limit(limit)
        .toList();
  }

  /** How many of the runs, newest first, failed before one succeeded. */
  private static int failureStreak(List<RunRecord> newestFirst) {
    int failures = 0;
    while (failures < newestFirst.size() && newestFirst.get(failures).state() == RunState.FAILED) {
      failures++;
    }
    return failures;
  }

  /** The newest snapshot of every upstream port the product reads, by input name. */
  private Map<String, Long> latestUpstreamSnapshots(ProductSpec spec) {
    Map<String, Long> latest = new LinkedHashMap<>();
    for (ProductInput input : spec.productInputs()) {
      registry
          .runs()
          .latestSnapshot(input.port())
          .map(PortSnapshotRecord::snapshotId)
          .ifPresent(snapshot -> latest.put(input.name(), snapshot));
    }
    return latest;
  }

  /**
   * Whether an upstream port has a snapshot that the product's last committed run did not read and
   * that no scheduled run tried already.
   */
  private boolean hasUnread(
      ProductId product, Map<String, Long> latest, Map<String, Long> attempted) {
    for (Map.Entry<String, Long> input : latest.entrySet()) {
      Long snapshot = input.getValue();
      if (snapshot.equals(attempted.get(input.getKey()))) {
        continue;
      }
      Optional<Long> read =
          registry
              .runs()
              .lastCommittedInput(product, input.getKey())
              .flatMap(RunRecord.RunInputRecord::snapshotId);
      if (!read.equals(Optional.of(snapshot))) {
        return true;
      }
    }
    return false;
  }

  private void publishStatuses() {
    Map<ProductId, ScheduleStatus> view = new HashMap<>();
    states.forEach(
        (product, state) ->
            view.put(
                product,
                new ScheduleStatus(
                    product, state.next, state.lastTrigger, state.consecutiveFailures)));
    statuses = Map.copyOf(view);
  }

  private static boolean isScheduled(String trigger) {
    for (Reason reason : Reason.values()) {
      if (reason.trigger().equals(trigger)) {
        return true;
      }
    }
    return false;
  }

  private static String describe(Reason reason) {
    return switch (reason) {
      case CRON -> "its cron expression fired";
      case INTERVAL -> "its interval has passed";
      case UPSTREAM -> "an upstream product committed";
      case RETRY -> "retry";
    };
  }

  private static Thread daemon(Runnable runnable, String name) {
    Thread thread = new Thread(runnable, name);
    thread.setDaemon(true);
    return thread;
  }

  /** What the scheduler knows of one product between checks. Checker thread only. */
  private static final class ProductState {
    /** A run of it is queued or in progress on the workers. */
    boolean inFlight;

    Reason inFlightReason = Reason.INTERVAL;

    /** Retries run since the last regular trigger. */
    int retriesDone;

    Optional<Instant> retryAt = Optional.empty();
    int consecutiveFailures;

    /** The newest run (id and state) when the failures were last counted. */
    Optional<String> lastRunCounted = Optional.empty();

    /** The upstream snapshots, by input, that the latest scheduled run set out to read. */
    Map<String, Long> attempted = Map.of();

    Optional<Due> next = Optional.empty();
    Optional<String> lastTrigger = Optional.empty();
  }
}
