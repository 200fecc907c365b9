package io.quanta.platform;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Work {@code quanta up} repeats in the background on a daemon thread of its own (refreshing the
 * audit product, watching objectives, dropping the tables of retired versions). A failure is logged
 * and the work runs again at the next period; closing stops it.
 */
public final class PeriodicTask implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PeriodicTask.class);

  private final ScheduledExecutorService scheduler;

  private PeriodicTask(String thread) {
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread started = new Thread(runnable, thread);
              started.setDaemon(true);
              return started;
            });
  }

  /**
   * Runs the work after {@code initialDelay}, then {@code period} after each run ends.
   *
   * @param thread the thread's name
   * @param what what the work does, for the log: "Cannot {what}: {why}"
   */
  public static PeriodicTask start(
      String thread, String what, Duration initialDelay, Duration period, Runnable work) {
    requireNonNull(what, "what is null");
    requireNonNull(work, "work is null");
    PeriodicTask task = new PeriodicTask(requireNonNull(thread, "thread is null"));
    task.scheduler.scheduleWithFixedDelay(
        () -> {
          try {
            work.run();
          } catch (RuntimeException e) {
            LOG.warn("Cannot {}: {}", what, e.getMessage());
          }
        },
        initialDelay.toMillis(),
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
