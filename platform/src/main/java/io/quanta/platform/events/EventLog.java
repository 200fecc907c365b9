package io.quanta.platform.events;

import static java.util.Objects.requireNonNull;

import io.quanta.engine.DuckDbSession;
import io.quanta.engine.PortData;
import io.quanta.engine.PortReads;
import io.quanta.engine.Sessions;
import io.quanta.engine.Sql;
import io.quanta.error.ErrorCode;
import io.quanta.error.QuantaException;
import io.quanta.governance.Reader;
import io.quanta.governance.audit.AccessDecision;
import io.quanta.governance.audit.AuditSink;
import io.quanta.governance.policy.PortDecision;
import io.quanta.platform.governance.PolicyService;
import io.quanta.platform.lifecycle.DeployedSpecs;
import io.quanta.platform.registry.PortSnapshotRecord;
import io.quanta.platform.registry.Registry;
import io.quanta.ports.policy.MaskKey;
import io.quanta.ports.policy.PolicyViews;
import io.quanta.ports.sql.Values;
import io.quanta.spec.AccessMode;
import io.quanta.spec.Column;
import io.quanta.spec.Output;
import io.quanta.spec.PortId;
import io.quanta.spec.SystemColumns;
import io.quanta.storage.PortTable;
import io.quanta.storage.Warehouse;
import java.io.IOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A port's events: every row its runs appended (new and corrected facts), in commit order, each
 * with an offset that never changes. The log is the port's history itself (DESIGN.md §5): a
 * snapshot's events are the rows of the data file its run added, so any consumer, new or restarted,
 * can read from any offset without a broker; the Kafka publisher copies the same log to a topic.
 *
 * <p>Every read is a reader's: the port's policies decide whether the reader may read it at all
 * ({@code ACCESS_DENIED} otherwise, before any event), and the events come out as the other ports
 * serve the same rows to that reader, compiled by {@link PolicyViews}: masked columns masked (the
 * event time too when the event-time column is), rows hidden by a row filter or a minimum group
 * size left out. Offsets are the log's whoever reads: a reader from whom rows are hidden sees gaps.
 * Each read, allowed or refused, is audited once ({@code events} mode) with the number of events it
 * delivered.
 *
 * <p>Thread safe.
 */
public final class EventLog {
  /** The virtual column of a row's position in its data file. */
  private static final String ROW_NUMBER = "file_row_number";

  private final Registry registry;
  private final DeployedSpecs specs;
  private final Warehouse warehouse;
  private final Sessions sessions;
  private final PolicyService policies;
  private final MaskKey maskKey;
  private final AuditSink audit;
  private final Clock clock;
  private final Map<Long, AddedFiles> addedFiles = new ConcurrentHashMap<>();

  /** The files a snapshot added, and the field ids of the table's columns when it was read. */
  private record AddedFiles(List<String> files, Map<String, Integer> fieldIds) {}

  private final Object commits = new Object();
  private long commitCount; // guarded by commits

  /**
   * @param policies decides what each reader may read of a port
   * @param maskKey the mesh's secret for the {@code hash} mask
   * @param audit where every read decision goes
   * @param clock the time of audited decisions
   */
  public EventLog(
      Registry registry,
      DeployedSpecs specs,
      Warehouse warehouse,
      Sessions sessions,
      PolicyService policies,
      MaskKey maskKey,
      AuditSink audit,
      Clock clock) {
    this.registry = requireNonNull(registry, "registry is null");
    this.specs = requireNonNull(specs, "specs is null");
    this.warehouse = requireNonNull(warehouse, "warehouse is null");
    this.sessions = requireNonNull(sessions, "sessions is null");
    this.policies = requireNonNull(policies, "policies is null");
    this.maskKey = requireNonNull(maskKey, "maskKey is null");
    this.audit = requireNonNull(audit, "audit is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  /**
   * The number of events the port has: the offset its next event will have. The same for every
   * reader (offsets never depend on who reads).
   *
   * @throws QuantaException {@code NOT_FOUND} for a port no deployed product has, or one not served
   *     as events
   */
  public long endOffset(PortId port) {
    servedOutput(port);
    return registry.runs().latestSnapshot(port).map(PortSnapshotRecord::endOffset).orElse(0L);
  }

  /**
   * Up to {@code max} of the events the reader may see, from offset {@code from} on, in offset
   * order; fewer (or none) when the log has no more yet. Audited as one read.
   *
   * @throws QuantaException {@code NOT_FOUND} for a port no deployed product has, or one not served
   *     as events; {@code ACCESS_DENIED} when the reader may not read the port
   */
  public List<Event> read(PortId port, Reader reader, long from, int max) {
    List<Event> events = new ArrayList<>();
    if (max <= 0) {
      return events;
    }
    scan(
        port,
        reader,
        from,
        Long.MAX_VALUE,
        event -> {
          events.add(event);
          return events.size() < max;
        });
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

    /**
     * Hears of an offset whose row the reader may not see (a row filter or a minimum group size
     * hides it), in offset order with the events. Ignored by default: a reader sees a gap.
     *
     * @return false to stop the scan
     */
    default boolean hidden(long offset) throws X {
      return true;
    }
  }

  /**
   * Streams the events the reader may see among the {@code max} offsets from {@code from} on, in
   * offset order, to the sink, until the end of the log as it is now or until the sink says stop.
   * Each snapshot's file is read once, front to back, however many events it holds: what a consumer
   * catching up on millions of events needs (reading them in pages would read the file again for
   * every page). Audited as one read, with the number of events delivered.
   *
   * @return the offset to go on from: after the last event delivered when the sink said stop,
   *     otherwise after the last offset scanned (hidden ones included), or {@code from} when there
   *     was none
   * @throws QuantaException {@code NOT_FOUND} for a port no deployed product has, or one not served
   *     as events; {@code ACCESS_DENIED} when the reader may not read the port (audited, before any
   *     event)
   * @throws X what the sink throws, which stops the scan
   */
  public <X extends Exception> long scan(
      PortId port, Reader reader, long from, long max, Sink<X> sink) throws X {
    Output output = servedOutput(port);
    AuditedRead read = new AuditedRead(port, reader, allow(port, reader));
    try {
      return scan(port, output, read.decision, from, max, read.counting(sink));
    } finally {
      read.record();
    }
  }

  /**
   * What the reader may read of the port, decided now and neither enforced nor audited: for
   * Quanta's own reads on behalf of an audience (the Kafka publisher), which audit through {@link
   * #audit} when they start reading under a decision.
   *
   * @throws QuantaException {@code NOT_FOUND} for a port no deployed product has, or one not served
   *     as events
   */
  public PortDecision decide(PortId port, Reader reader) {
    servedOutput(port);
    return policies.decide(port, requireNonNull(reader, "reader is null"));
  }

  /** Audits an events read under the decision that delivered {@code events} events. */
  public void audit(PortId port, Reader reader, PortDecision decision, long events) {
    audit.record(
        new AccessDecision(
            clock.instant().truncatedTo(ChronoUnit.MICROS),
            reader.principal(),
            reader.purpose(),
            port.toString(),
            AccessMode.EVENTS.specName(),
            decision.allowed(),
            decision.rulesMatched(),
            decision.obligations(),
            Optional.empty(),
            events));
  }

  /**
   * Streams events as {@link #scan(PortId, Reader, long, long, Sink)} does, under a decision the
   * caller made (and audited) with {@link #decide}: for Quanta's own reads on behalf of an
   * audience, which must not audit every scan. Nothing is audited here.
   *
   * @throws IllegalArgumentException for a decision that refuses the port
   */
  public <X extends Exception> long scan(
      PortId port, PortDecision decision, long from, long max, Sink<X> sink) throws X {
    if (!decision.allowed()) {
      throw new IllegalArgumentException("The decision refuses " + port + ": nothing to scan");
    }
    return scan(port, servedOutput(port), decision, from, max, sink);
  }

  private <X extends Exception> long scan(
      PortId port, Output output, PortDecision decision, long from, long max, Sink<X> sink)
      throws X {
    long next = Math.max(0, from);
    long end = max >= Long.MAX_VALUE - next ? Long.MAX_VALUE : next + Math.max(0, max);
    while (next < end) {
      List<PortSnapshotRecord> snapshots = registry.runs().snapshotsWithEventsFrom(port, next, 64);
      if (snapshots.isEmpty()) {
        return next;
      }
      for (PortSnapshotRecord snapshot : snapshots) {
        AddedFiles files =
            addedFiles.computeIfAbsent(
                snapshot.snapshotId(),
                id -> {
                  PortTable table = warehouse.load(port);
                  return new AddedFiles(table.addedDataFiles(id), table.fieldIds());
                });
        Position position =
            scanSnapshot(
                port,
                output,
                decision,
                snapshot,
                files,
                Math.max(next, snapshot.firstOffset()),
                end,
                sink);
        next = position.next();
        if (position.stopped() || next >= end) {
          return next;
        }
      }
    }
    return next;
  }

  private Output servedOutput(PortId port) {
    registry.lifecycle().of(port.product()).requireServing();
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

  /** The reader's decision for the port; a refusal is audited and thrown. */
  private PortDecision allow(PortId port, Reader reader) {
    PortDecision decision = policies.decide(port, requireNonNull(reader, "reader is null"));
    if (!decision.allowed()) {
      audit(port, reader, decision, 0);
      throw refusal(port, reader, decision);
    }
    return decision;
  }

  private static QuantaException refusal(PortId port, Reader reader, PortDecision decision) {
    return new QuantaException(
        ErrorCode.ACCESS_DENIED,
        reader.principal()
            + " may not read the events of "
            + port
            + ": "
            + String.join("; ", decision.reasons()));
  }

  /** Receives the events a {@link #follow} delivers. */
  public interface Follower {
    /**
     * Called once, when the reader may read the port and before any event.
     *
     * @param endOffset the end offset of the log then
     */
    default void started(long endOffset) throws IOException {}

    /**
     * Takes an event.
     *
     * @return false to stop following
     */
    boolean accept(Event event) throws IOException;

    /**
     * Called whenever the follower has every event there is, before waiting for more.
     *
     * @return false to stop following
     */
    boolean caughtUp() throws IOException;
  }

  /**
   * Delivers the events the reader may see from offset {@code from} on, then waits for new ones,
   * checking every {@code poll}, until the follower says stop. The reader's decision is made again
   * whenever new events come: policies changed meanwhile apply to them, and a reader refused since
   * gets {@code ACCESS_DENIED}. Audited once when it ends, with the number of events delivered
   * (once per decision, should the decision change).
   *
   * @throws QuantaException {@code NOT_FOUND} for a port no deployed product has, or one not served
   *     as events; {@code ACCESS_DENIED} when the reader may not read the port (audited, before any
   *     event)
   * @throws InterruptedException if the thread is interrupted while waiting
   */
  public void follow(PortId port, Reader reader, long from, Duration poll, Follower follower)
      throws IOException, InterruptedException {
    Output output = servedOutput(port);
    AuditedRead read = new AuditedRead(port, reader, allow(port, reader));
    try {
      follower.started(endOffset(port));
      long next = Math.max(0, from);
      boolean[] stopped = {false};
      Sink<IOException> sink =
          read.counting(
              event -> {
                if (!follower.accept(event)) {
                  stopped[0] = true;
                  return false;
                }
                return true;
              });
      while (true) {
        long end = endOffset(port);
        if (next < end) {
          next = scan(port, output, read.decision, next, end - next, sink);
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
        read.change(policies.decide(port, reader));
      }
    } finally {
      read.record();
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
  private void awaitCommit(long seen, Duration poll) throws InterruptedException {
    synchronized (commits) {
      if (commitCount == seen) {
        commits.wait(Math.max(1, poll.toMillis()));
      }
    }
  }

  /** Where a snapshot's scan ended: the offset to go on from, and whether the sink said stop. */
  private record Position(long next, boolean stopped) {}

  /**
   * Streams a snapshot's events from offset {@code from} to {@code end} (exclusive, or the
   * snapshot's end), as the decision lets the reader see them. A run adds one data file per port,
   * whose row order is its events' order; a snapshot with several files numbers them across the
   * files in the order of their paths. With insertion order preserved, DuckDB returns a file's rows
   * in file order without sorting, and stops reading once the sink has enough. A row's offset comes
   * from its position in its file, so rows the decision hides leave gaps, told to the sink.
   */
  private <X extends Exception> Position scanSnapshot(
      PortId port,
      Output output,
      PortDecision decision,
      PortSnapshotRecord snapshot,
      AddedFiles files,
      long from,
      long end,
      Sink<X> sink)
      throws X {
    List<String> ordered = files.files().stream().sorted().toList();
    // Read by field id: a file written before a column was added reads it as null.
    PortData data =
        new PortData(output.schema(), ordered, List.of(), files.fieldIds(), java.util.Set.of());
    long stop = Math.min(end, snapshot.endOffset());
    try (DuckDbSession session = sessions.open()) {
      session.execute("SET preserve_insertion_order = true");
      // The same SQL as every other port's: masks in the projection, the rest as a condition.
      PolicyViews views = new PolicyViews(maskKey);
      String projection =
          String.join(", ", views.projection(output, decision, List.of(ROW_NUMBER)));
      String condition = views.condition(decision).map(where -> " WHERE " + where).orElse("");
      views.bind(session);
      session.lockDown(ordered);
      long base = snapshot.firstOffset(); // the offset of the current file's first row
      long next = from;
      for (String file : ordered) {
        if (next >= stop) {
          break;
        }
        long rows =
            ordered.size() == 1
                ? snapshot.events()
                : session.queryLong("SELECT count(*) FROM read_parquet(" + Sql.literal(file) + ")");
        long fileEnd = Math.min(base + rows, stop);
        if (next < fileEnd) {
          long first = next - base;
          long last = fileEnd - base;
          String sql =
              "SELECT "
                  + projection
                  + " FROM ("
                  + PortReads.rows(data, List.of(file), List.of(ROW_NUMBER))
                  + (first > 0 ? " WHERE " + ROW_NUMBER + " >= " + first : "")
                  + " LIMIT "
                  + (last - first)
                  + ") AS __quanta_rows"
                  + condition;
          try (var statement = session.connection().createStatement();
              ResultSet result = statement.executeQuery(sql)) {
            while (result.next()) {
              long offset = base + result.getLong(ROW_NUMBER);
              if (offset < next) {
                // Offsets come from file positions: rows out of file order would shift them.
                throw new IllegalStateException(
                    "DuckDB returned row " + offset + " of " + port + " after " + (next - 1));
              }
              for (; next < offset; next++) {
                if (!sink.hidden(next)) {
                  return new Position(next + 1, true);
                }
              }
              next = offset + 1;
              if (!sink.accept(event(port, output, offset, result))) {
                return new Position(next, true);
              }
            }
          }
          for (; next < fileEnd; next++) {
            if (!sink.hidden(next)) {
              return new Position(next + 1, true);
            }
          }
        }
        base += rows;
      }
      return new Position(next, false);
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
        text(row.getObject(SystemColumns.EVENT_TIME)), // null when masked to null
        text(row.getObject(SystemColumns.PROCESSED_AT)),
        row.getString(SystemColumns.RUN_ID),
        value);
  }

  private static String text(Object value) throws SQLException {
    Object normalized = Values.normalize(value);
    return normalized == null ? null : String.valueOf(normalized);
  }

  /**
   * One reader's read of a port, audited once per decision it read under: with the events delivered
   * under it.
   */
  private final class AuditedRead {
    private final PortId port;
    private final Reader reader;
    private PortDecision decision;
    private long events;
    private boolean recorded;

    AuditedRead(PortId port, Reader reader, PortDecision decision) {
      this.port = port;
      this.reader = reader;
      this.decision = decision;
    }

    /** The sink, counting the events it takes. */
    <X extends Exception> Sink<X> counting(Sink<X> sink) {
      return new Sink<>() {
        @Override
        public boolean accept(Event event) throws X {
          events++;
          return sink.accept(event);
        }

        @Override
        public boolean hidden(long offset) throws X {
          return sink.hidden(offset);
        }
      };
    }

    /**
     * Reads on under a new decision: what the previous one delivered is audited; a refusal is
     * audited and thrown.
     */
    void change(PortDecision next) {
      if (next.equals(decision)) {
        return;
      }
      record();
      decision = next;
      events = 0;
      recorded = false;
      if (!next.allowed()) {
        record();
        throw refusal(port, reader, next);
      }
    }

    void record() {
      if (!recorded) {
        recorded = true;
        audit(port, reader, decision, events);
      }
    }
  }
}
