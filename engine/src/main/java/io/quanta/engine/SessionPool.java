package io.quanta.engine;

import static java.util.Objects.requireNonNull;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fresh DuckDB sessions opened ahead of time. Opening an in-memory DuckDB costs about 12 ms
 * (registering its built-in functions); a background thread keeps a few opened and configured so
 * that a query does not wait for it. A session is never reused: each one is closed by the caller
 * after one query or run, so no state, view or setting crosses from one caller to the next.
 *
 * <p>The background thread starts on the first {@link #open()}, so short-lived processes that never
 * open a session pay nothing. Thread safe.
 */
public final class SessionPool implements Sessions, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SessionPool.class);

  private final EngineSettings settings;
  private final BlockingQueue<DuckDbSession> ready;
  private final java.util.concurrent.ExecutorService closer =
      java.util.concurrent.Executors.newSingleThreadExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "quanta-duckdb-close");
            thread.setDaemon(true);
            return thread;
          });
  private Thread filler;
  private volatile boolean closed;

  /**
   * @param spares how many sessions to keep opened ahead, at least 1
   */
  public SessionPool(EngineSettings settings, int spares) {
    this.settings = requireNonNull(settings, "settings is null");
    if (spares < 1) {
      throw new IllegalArgumentException("spares must be at least 1");
    }
    this.ready = new ArrayBlockingQueue<>(spares);
  }

  @Override
  public DuckDbSession open() {
    if (closed) {
      throw new IllegalStateException("the session pool is closed");
    }
    startFiller();
    DuckDbSession session = ready.poll();
    if (session == null) {
      session = DuckDbSession.open(settings);
    }
    session.closeWith(this::closeLater);
    return session;
  }

  private void closeLater(java.sql.Connection connection) {
    try {
      closer.execute(() -> closeQuietly(connection));
    } catch (java.util.concurrent.RejectedExecutionException e) {
      closeQuietly(connection);
    }
  }

  private static void closeQuietly(java.sql.Connection connection) {
    try {
      connection.close();
    } catch (java.sql.SQLException e) {
      LOG.warn("Could not close a DuckDB session: {}", e.getMessage());
    }
  }

  private synchronized void startFiller() {
    if (filler != null) {
      return;
    }
    filler = new Thread(this::fill, "quanta-duckdb-sessions");
    filler.setDaemon(true);
    filler.start();
  }

  private void fill() {
    while (!closed) {
      DuckDbSession session = null;
      try {
        session = DuckDbSession.open(settings);
        ready.put(session);
        session = null;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      } catch (RuntimeException e) {
        LOG.warn("Could not open a DuckDB session ahead of time: {}", e.getMessage());
        sleepQuietly();
      } finally {
        if (session != null) {
          session.close();
        }
      }
    }
  }

  private static void sleepQuietly() {
    try {
      Thread.sleep(1_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    closed = true;
    synchronized (this) {
      if (filler != null) {
        filler.interrupt();
        try {
          filler.join(5_000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
    DuckDbSession session;
    while ((session = ready.poll()) != null) {
      session.close();
    }
    closer.shutdown();
    try {
      closer.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
