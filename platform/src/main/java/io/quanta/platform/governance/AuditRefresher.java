package io.quanta.platform.governance;

import static java.util.Objects.requireNonNull;

import io.quanta.platform.Mesh;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps {@code governance/access-audit} fresh while {@code quanta up} serves: refreshes it
 * periodically ({@link AuditProduct#refresh}) on a thread of its own. A failed refresh is logged
 * and retried at the next period; the decisions stay in the registry meanwhile.
 */
public final class AuditRefresher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AuditRefresher.class);

  private final ScheduledExecutorService scheduler =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "quanta-audit-refresh");
            thread.setDaemon(true);
            return thread;
          });

  private AuditRefresher() {}

  /** Refreshes the audit product every {@code period}, the first time after a few seconds. */
  public static AuditRefresher start(Mesh mesh, Duration period) {
    requireNonNull(mesh, "mesh is null");
    AuditRefresher refresher = new AuditRefresher();
    refresher.scheduler.scheduleWithFixedDelay(
        () -> {
          try {
            AuditProduct.refresh(mesh);
          } catch (RuntimeException e) {
            LOG.warn("Cannot refresh {}: {}", AuditProduct.ID, e.getMessage());
          }
        },
        Math.min(5_000, period.toMillis()),
        period.toMillis(),
        TimeUnit.MILLISECONDS);
    return refresher;
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
