package io.quanta.platform.lifecycle;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drops the tables of retired versions once the mesh's retention has passed, while {@code quanta
 * up} serves: at once, then every {@code period}, on a thread of its own ({@link
 * DeprecationService#dropExpiredTables}). A failure is logged and retried at the next period.
 */
public final class RetentionTask implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RetentionTask.class);

  private final ScheduledExecutorService scheduler =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "quanta-retention");
            thread.setDaemon(true);
            return thread;
          });

  private RetentionTask() {}

  /** Drops expired tables now and every {@code period}. */
  public static RetentionTask start(DeprecationService deprecations, Duration period) {
    requireNonNull(deprecations, "deprecations is null");
    RetentionTask task = new RetentionTask();
    task.scheduler.scheduleWithFixedDelay(
        () -> {
          try {
            deprecations.dropExpiredTables();
          } catch (RuntimeException e) {
            LOG.warn("Cannot drop the tables of retired versions: {}", e.getMessage());
          }
        },
        0,
        period.toMillis(),
        TimeUnit.MILLISECONDS);
    return task;
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
    try {
      scheduler.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
