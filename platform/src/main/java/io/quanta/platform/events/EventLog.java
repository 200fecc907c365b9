package io.quanta.platform.events;

import static java.util.Objects.requireNonNull;

import io.quanta.engine.DuckDbSession;
import io.quanta.engine.Sessions;
import io.quanta.engine.Sql;
import io.quanta.error.QuantaException;
import io.quanta.platform.lifecycle.DeployedSpecs;
import io.quanta.platform.registry.PortSnapshotRecord;
import io.quanta.platform.registry.Registry;
import io.quanta.ports.sql.Values;
import io.quanta.spec.AccessMode;
import io.quanta.spec.Column;
import io.quanta.spec.Output;
import io.quanta.spec.PortId;
import io.quanta.spec.SystemColumns;
import io.quanta.storage.Warehouse;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A port's events: every row its runs appended (new and corrected facts), in commit order, each
 * with an offset that never changes. The log is the port's history itself (DESIGN.md §5): a
 * snapshot's events are the rows of the data file its run added, so any consumer, new or restarted,
 * can read from any offset without a broker; the Kafka publisher copies the same log to a topic.
 *
 * <p>Thread safe.
 */
public final class EventLog {
  private final Registry registry;
  private final DeployedSpecs specs;
  private final Warehouse warehouse;
  private final Sessions sessions;
  private final Map<Long, List<String>> addedFiles = new ConcurrentHashMap<>();
  private final Object commits = new Object();
  private long commitCount; // guarded by commits

  public EventLog(Registry registry, DeployedSpecs specs, Warehouse warehouse, Sessions sessions) {
    this.registry = requireNonNull(registry, "registry is null");
    this.specs = requireNonNull(specs, "specs is null");
    this.warehouse = requireNonNull(warehouse, "warehouse is null");
    this.sessions = requireNonNull(sessions, "sessions is null");
  }

  /**
   * The number of events the port has: the offset its next event will have.
   *
   * @throws QuantaException {@code NOT_FOUND} for a port no deployed product has, or one not served
   *     as events
   */
  public long endOffset(PortId port) {
    servedOutput(port);
    return registry.runs().latestSnapshot(port).map(PortSnapshotRecord::endOffset).orElse(0L);
  }

  /**
   * Up to {@code max} events of the port, from offset {@code from} on, in offset order; fewer (or
   * none) when the log has no more yet.
   *
   * @throws QuantaException {@code NOT_FOUND} for a port no deployed product has
   */
  public List<Event> read(PortId port, long from, int max) {
    List<Event> events = new ArrayList<>();
    scan(port, from, max, events::add);
    return events;
  }

  /** Takes the events a {@link #scan} streams. */
  @FunctionalInterface
  public interface Sink<X extends Exception> {
    /**
     * Takes the next event.
     *
     * @return false to stop the scan
     */
    boolean accept(Event event) throws X;
  }

  /**
   * Streams up to {@code max} events of the port, from offset {@code from} on, in offset order, to
   * the sink, until the end of the log as it is now or until the sink says stop. Each snapshot's
   * file is read once, front to back, however many events it holds: what a consumer catching up on
   * millions of events needs (reading them in pages would read the file again for every page).
   *
   * @return the offset after the last event delivered (or {@code from} when there was none)
   * @throws QuantaException {@code NOT_FOUND} for a port no deployed product has, or one not served
   *     as events
   * @throws X what the sink throws, which stops the scan
   */
  public <X extends Exception> long scan(PortId port, long from, long max, Sink<X> sink) throws X {
    Output output = servedOutput(port);
    long next = Math.max(0, from);
    long remaining = max;
    while (remaining > 0) {
      List<PortSnapshotRecord> snapshots = registry.runs().snapshotsWithEventsFrom(port, next, 64);
      if (snapshots.isEmpty()) {
        return next;
      }
      for (PortSnapshotRecord snapshot : snapshots) {
        long skip = Math.max(0, next - snapshot.firstOffset());
        List<String> files =
            addedFiles.computeIfAbsent(
                snapshot.snapshotId(), id -> warehouse.load(port).addedDataFiles(id));
        long[] delivered = {0};
        boolean more =
            scanSnapshot(
                port,
                output,
                snapshot,
                files,
                skip,
                remaining,
                event -> {
                  delivered[0]++;
                  return sink.accept(event);
                });
        next = snapshot.firstOffset() + skip + delivered[0];
        remaining -= delivered[0];
        if (!more || remaining <= 0) {
          return next;
        }
      }
    }
    return next;
  }

  private Output servedOutput(PortId port) {
    Output output =
        specs
            .get(port.product())
            .output(port.port())
            .orElseThrow(() -> QuantaException.notFound("No output port " + port));
    if (!output.serves(AccessMode.EVENTS)) {
      throw QuantaException.notFound(
          port
              + " is not served as events: its product serves it through "
              + output.accessDescription()
              + " (the output's access in its spec)");
    }
    return output;
  }

  /** Receives the events a {@link #follow} delivers. */
  public interface Follower {
    /**
     * Takes an event.
     *
     * @return false to stop following
     */
    boolean accept(Event event) throws java.io.IOException;

    /**
     * Called whenever the follower has every event there is, before waiting for more.
     *
     * @return false to stop following
     */
    boolean caughtUp() throws java.io.IOException;
  }

  /**
   * Delivers the port's events from offset {@code from} on, then waits for new ones, checking every
   * {@code poll}, until the follower says stop.
   *
   * @throws InterruptedException if the thread is interrupted while waiting
   */
  public void follow(PortId port, long from, java.time.Duration poll, Follower follower)
      throws java.io.IOException, InterruptedException {
    long next = Math.max(0, from);
    boolean[] stopped = {false};
    while (true) {
      long end = endOffset(port);
      if (next < end) {
        next =
            scan(
                port,
                next,
                end - next,
                event -> {
                  if (!follower.accept(event)) {
                    stopped[0] = true;
                    return false;
                  }
                  return true;
                });
        if (stopped[0]) {
          return;
        }
        continue;
      }
      if (!follower.caughtUp()) {
        return;
      }
      while (true) {
        long seen = commitsSoFar(); // before looking, so that no wake-up is missed
        if (endOffset(port) > next) {
          break;
        }
        awaitCommit(seen, poll);
        if (!follower.caughtUp()) {
          return;
        }
      }
    }
  }

  /**
   * Wakes the followers waiting for new events: the mesh calls it when a run of this process
   * commits. Followers also look every {@code poll}, for commits of other processes.
   */
  public void committed() {
    synchronized (commits) {
      commitCount++;
      commits.notifyAll();
    }
  }

  private long commitsSoFar() {
    synchronized (commits) {
      return commitCount;
    }
  }

  /** Waits for a commit after the {@code seen}-th, or for {@code poll}. */
  private void awaitCommit(long seen, java.time.Duration poll) throws InterruptedException {
    synchronized (commits) {
      if (commitCount == seen) {
        commits.wait(Math.max(1, poll.toMillis()));
      }
    }
  }

  /**
   * Streams a snapshot's events from {@code skip} on. A run adds one data file per port, whose row
   * order is its events' order; a snapshot with several files numbers them across the files in the
   * order of their paths. With insertion order preserved, DuckDB returns a file's rows in file
   * order without sorting, and stops reading once the sink has enough.
   *
   * @return false if the sink said stop
   */
  private <X extends Exception> boolean scanSnapshot(
      PortId port,
      Output output,
      PortSnapshotRecord snapshot,
      List<String> files,
      long skip,
      long max,
      Sink<X> sink)
      throws X {
    List<String> ordered = files.stream().sorted().toList();
    try (DuckDbSession session = sessions.open()) {
      session.execute("SET preserve_insertion_order = true");
      session.lockDown(ordered);
      long offset = snapshot.firstOffset();
      long toSkip = skip;
      long remaining = max;
      for (String file : ordered) {
        if (remaining <= 0) {
          return true;
        }
        if (ordered.size() > 1) {
          long rows =
              session.queryLong("SELECT count(*) FROM read_parquet(" + Sql.literal(file) + ")");
          if (toSkip >= rows) {
            toSkip -= rows;
            offset += rows;
            continue;
          }
        }
        String sql =
            "SELECT * FROM read_parquet("
                + Sql.literal(file)
                + ")"
                + (toSkip > 0 ? " WHERE file_row_number >= " + toSkip : "")
                + (remaining < Long.MAX_VALUE ? " LIMIT " + remaining : "");
        offset += toSkip;
        toSkip = 0;
        try (var statement = session.connection().createStatement();
            ResultSet rows = statement.executeQuery(sql)) {
          while (rows.next()) {
            remaining--;
            if (!sink.accept(event(port, output, offset++, rows))) {
              return false;
            }
          }
        }
      }
      return true;
    } catch (SQLException e) {
      throw new IllegalStateException(
          "Cannot read the events of " + port + ": " + e.getMessage(), e);
    }
  }

  private static Event event(PortId port, Output output, long offset, ResultSet row)
      throws SQLException {
    Map<String, Object> value = new LinkedHashMap<>();
    for (Column column : output.schema()) {
      value.put(column.name(), Values.normalize(row.getObject(column.name())));
    }
    Map<String, Object> key = new LinkedHashMap<>();
    for (String column : output.key()) {
      key.put(column, value.get(column));
    }
    return new Event(
        offset,
        port.toString(),
        key,
        String.valueOf(Values.normalize(row.getObject(SystemColumns.EVENT_TIME))),
        String.valueOf(Values.normalize(row.getObject(SystemColumns.PROCESSED_AT))),
        row.getString(SystemColumns.RUN_ID),
        value);
  }
}
