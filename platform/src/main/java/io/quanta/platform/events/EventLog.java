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
    Output output = servedOutput(port);
    long start = Math.max(0, from);
    List<Event> events = new ArrayList<>();
    for (PortSnapshotRecord snapshot : registry.runs().snapshotsWithEventsFrom(port, start, 64)) {
      if (events.size() >= max) {
        break;
      }
      long skip = Math.max(0, start - snapshot.firstOffset());
      List<String> files =
          addedFiles.computeIfAbsent(
              snapshot.snapshotId(), id -> warehouse.load(port).addedDataFiles(id));
      readSnapshot(port, output, snapshot, files, skip, max - events.size(), events);
    }
    return events;
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
    while (true) {
      List<Event> batch = read(port, next, 1_000);
      for (Event event : batch) {
        if (!follower.accept(event)) {
          return;
        }
        next = event.offset() + 1;
      }
      if (batch.isEmpty()) {
        if (!follower.caughtUp()) {
          return;
        }
        long waitUntil = next;
        while (endOffset(port) <= waitUntil) {
          Thread.sleep(poll.toMillis());
          if (!follower.caughtUp()) {
            return;
          }
        }
      }
    }
  }

  private void readSnapshot(
      PortId port,
      Output output,
      PortSnapshotRecord snapshot,
      List<String> files,
      long skip,
      int max,
      List<Event> events) {
    try (DuckDbSession session = sessions.open()) {
      session.lockDown(files);
      // A run adds one data file per port, whose row numbers are the events' order; a snapshot
      // with several files numbers them across files.
      String sql =
          files.size() == 1
              ? "SELECT * FROM read_parquet("
                  + Sql.list(files)
                  + ") WHERE file_row_number >= "
                  + skip
                  + " ORDER BY file_row_number LIMIT "
                  + max
              : "SELECT * FROM (SELECT *, row_number() OVER (ORDER BY filename, file_row_number)"
                  + " - 1 AS __quanta_event FROM read_parquet("
                  + Sql.list(files)
                  + ")) WHERE __quanta_event >= "
                  + skip
                  + " ORDER BY __quanta_event LIMIT "
                  + max;
      long offset = snapshot.firstOffset() + skip;
      try (var statement = session.connection().createStatement();
          ResultSet rows = statement.executeQuery(sql)) {
        while (rows.next()) {
          events.add(event(port, output, offset++, rows));
        }
      }
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
