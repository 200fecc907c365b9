package io.quanta.platform.registry;

import static java.util.Objects.requireNonNull;

import io.quanta.error.ErrorCode;
import io.quanta.error.QuantaException;
import io.quanta.spec.PortId;
import io.quanta.spec.ProductId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/** Runs and the port snapshots they committed. Thread safe. */
public final class RunStore {
  private static final String COLUMNS =
      "id, domain, name, major, version, trigger, state, started_at, inputs_as_of, processed_at,"
          + " finished_at, rows_written, error, host, pid";

  /** The condition selecting one product version; bind it with {@code bindMethods(productId)}. */
  static final String OF_PRODUCT = "domain = :domain AND name = :name AND major = :major";

  private final Jdbi jdbi;

  RunStore(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /**
   * Records a run as started.
   *
   * @throws QuantaException with {@code CONFLICT} if a run of the product version is already in
   *     progress
   */
  public void start(
      String id,
      ProductId product,
      String version,
      String trigger,
      Instant startedAt,
      Instant inputsAsOf,
      ProcessIdentity process) {
    try {
      jdbi.useHandle(
          handle ->
              handle
                  .createUpdate(
                      "INSERT INTO runs (id, domain, name, major, version, trigger, state, started_at,"
                          + " inputs_as_of, host, pid, process_started_at)"
                          + " VALUES (?, ?, ?, ?, ?, ?, 'running', ?, ?, ?, ?, ?)")
                  .bind(0, id)
                  .bind(1, product.domain())
                  .bind(2, product.name())
                  .bind(3, product.major())
                  .bind(4, version)
                  .bind(5, trigger)
                  .bind(6, Times.format(startedAt))
                  .bind(7, Times.format(inputsAsOf))
                  .bind(8, process.host())
                  .bind(9, process.pid())
                  .bind(10, process.startedAt().map(Times::format).orElse(null))
                  .execute());
    } catch (UnableToExecuteStatementException e) {
      if (String.valueOf(e.getMessage()).contains("UNIQUE")) {
        throw new QuantaException(
            ErrorCode.CONFLICT, "A run of " + product + " is already in progress", e);
      }
      throw e;
    }
  }

  /** The run in progress for a product version, if any, with the process running it. */
  public Optional<RunningRun> running(ProductId product) {
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery(
                    "SELECT id, host, pid, process_started_at, processed_at FROM runs WHERE "
                        + OF_PRODUCT
                        + " AND state = 'running'")
                .bindMethods(product)
                .map(
                    (row, context) ->
                        new RunningRun(
                            row.getString(1),
                            new ProcessIdentity(
                                row.getString(2),
                                row.getLong(3),
                                Optional.ofNullable(Times.parse(row.getString(4)))),
                            Optional.ofNullable(Times.parse(row.getString(5)))))
                .findOne());
  }

  /**
   * A run in progress and where it runs.
   *
   * @param id the run
   * @param process the process running it
   * @param processedAt the time it reserved for its rows, once it has
   */
  public record RunningRun(String id, ProcessIdentity process, Optional<Instant> processedAt) {}

  /** Records the processing time a run writes its rows with, before it writes them. */
  public void processing(String runId, Instant processedAt) {
    jdbi.useHandle(
        handle ->
            handle
                .createUpdate("UPDATE runs SET processed_at = ? WHERE id = ? AND state = 'running'")
                .bind(0, Times.format(processedAt))
                .bind(1, runId)
                .execute());
  }

  /**
   * Commits a run: its results per port and input, and the new snapshot of every port it changed,
   * which from then on is what reads see as of its processing time.
   */
  public void succeed(
      Handle handle,
      String runId,
      ProductId product,
      Instant processedAt,
      Instant finishedAt,
      List<RunRecord.RunPortResult> ports,
      List<RunRecord.RunInputRecord> inputs) {
    long rows = 0;
    for (RunRecord.RunPortResult port : ports) {
      rows += port.rowsAdded();
      handle
          .createUpdate(
              "INSERT INTO run_ports (run_id, port, rows_computed, rows_added, rows_corrected,"
                  + " snapshot_id) VALUES (?, ?, ?, ?, ?, ?)")
          .bind(0, runId)
          .bind(1, port.port())
          .bind(2, port.rowsComputed())
          .bind(3, port.rowsAdded())
          .bind(4, port.rowsCorrected())
          .bind(5, port.snapshotId().orElse(null))
          .execute();
      if (port.snapshotId().isPresent()) {
        handle
            .createUpdate(
                "INSERT INTO port_snapshots (domain, name, major, port, processed_at, snapshot_id,"
                    + " run_id, events, first_offset) SELECT :domain, :name, :major, :port,"
                    + " :processedAt, :snapshot, :run, :events, coalesce(max(first_offset +"
                    + " events), 0) FROM port_snapshots WHERE "
                    + OF_PRODUCT
                    + " AND port = :port")
            .bindMethods(product)
            .bind("port", port.port())
            .bind("processedAt", Times.format(processedAt))
            .bind("snapshot", port.snapshotId().get())
            .bind("run", runId)
            .bind("events", port.rowsAdded())
            .execute();
      }
    }
    insertInputs(handle, runId, inputs);
    int updated =
        handle
            .createUpdate(
                "UPDATE runs SET state = 'succeeded', processed_at = ?, finished_at = ?, rows_written = ?"
                    + " WHERE id = ? AND state = 'running'")
            .bind(0, Times.format(processedAt))
            .bind(1, Times.format(finishedAt))
            .bind(2, rows)
            .bind(3, runId)
            .execute();
    if (updated != 1) {
      throw new QuantaException(
          ErrorCode.CONFLICT,
          "Run " + runId + " is no longer in progress; it was marked as stopped");
    }
  }

  /** Records a run as failed, with why. */
  public void fail(
      String runId, Instant finishedAt, String error, List<RunRecord.RunInputRecord> inputs) {
    jdbi.useTransaction(handle -> fail(handle, runId, finishedAt, error, inputs));
  }

  /** Marks the run failed in the caller's transaction. */
  public void fail(
      org.jdbi.v3.core.Handle handle,
      String runId,
      Instant finishedAt,
      String error,
      List<RunRecord.RunInputRecord> inputs) {
    insertInputs(handle, runId, inputs);
    handle
        .createUpdate(
            "UPDATE runs SET state = 'failed', finished_at = ?, error = ? WHERE id = ? AND"
                + " state = 'running'")
        .bind(0, Times.format(finishedAt))
        .bind(1, error)
        .bind(2, runId)
        .execute();
  }

  public Optional<RunRecord> find(String runId) {
    return jdbi.withHandle(
        handle -> {
          Optional<RunRecord> run =
              handle
                  .createQuery("SELECT " + COLUMNS + " FROM runs WHERE id = ?")
                  .bind(0, runId)
                  .map((row, context) -> run(row))
                  .findOne();
          return run.map(found -> withDetails(handle, found));
        });
  }

  /** The newest runs of a product version, newest first. */
  public List<RunRecord> list(ProductId product, int limit) {
    return jdbi.withHandle(
        handle -> {
          List<RunRecord> runs =
              handle
                  .createQuery(
                      "SELECT "
                          + COLUMNS
                          + " FROM runs WHERE "
                          + OF_PRODUCT
                          + " ORDER BY started_at DESC, id DESC LIMIT :limit")
                  .bindMethods(product)
                  .bind("limit", limit)
                  .map((row, context) -> run(row))
                  .list();
          List<RunRecord> detailed = new ArrayList<>();
          runs.forEach(run -> detailed.add(withDetails(handle, run)));
          return detailed;
        });
  }

  /**
   * The product version's newest run, whatever its state: its id, what started it, when, and its
   * state.
   *
   * @return empty if the product version never ran
   */
  public Optional<RunStart> lastStart(ProductId product) {
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery(
                    "SELECT id, trigger, started_at, state FROM runs WHERE "
                        + OF_PRODUCT
                        + " ORDER BY started_at DESC, id DESC LIMIT 1")
                .bindMethods(product)
                .map(
                    (row, context) ->
                        new RunStart(
                            row.getString(1),
                            row.getString(2),
                            Instant.parse(row.getString(3)),
                            RunState.of(row.getString(4))))
                .findOne());
  }

  /**
   * When a run started, what started it, and where it is now.
   *
   * @param runId the run
   * @param trigger what started it: {@code cli}, {@code api}, {@code schedule}...
   * @param startedAt when it started
   * @param state running, succeeded or failed
   */
  public record RunStart(String runId, String trigger, Instant startedAt, RunState state) {
    public RunStart {
      requireNonNull(runId, "runId is null");
      requireNonNull(trigger, "trigger is null");
      requireNonNull(startedAt, "startedAt is null");
      requireNonNull(state, "state is null");
    }
  }

  /** The processing time of the product version's newest committed run. */
  public Optional<Instant> lastProcessedAt(ProductId product) {
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery(
                    "SELECT max(processed_at) FROM runs WHERE "
                        + OF_PRODUCT
                        + " AND state = 'succeeded'")
                .bindMethods(product)
                .mapTo(String.class)
                .findOne()
                .map(Times::parse));
  }

  /** The port's newest committed snapshot, if it has any. */
  public Optional<PortSnapshotRecord> latestSnapshot(PortId port) {
    return snapshot(port, Optional.empty());
  }

  /** The snapshot reads of the port see as of a processing time, if it had one then. */
  public Optional<PortSnapshotRecord> snapshotAsOf(PortId port, Instant asOf) {
    return snapshot(port, Optional.of(asOf));
  }

  private Optional<PortSnapshotRecord> snapshot(PortId port, Optional<Instant> asOf) {
    return jdbi.withHandle(
        handle -> {
          var query =
              handle
                  .createQuery(
                      "SELECT processed_at, snapshot_id, run_id, first_offset, events FROM"
                          + " port_snapshots WHERE "
                          + OF_PRODUCT
                          + " AND port = :port"
                          + (asOf.isPresent() ? " AND processed_at <= :asOf" : "")
                          + " ORDER BY processed_at DESC LIMIT 1")
                  .bindMethods(port.product())
                  .bind("port", port.port());
          asOf.ifPresent(time -> query.bind("asOf", Times.format(time)));
          return query
              .map(
                  (row, context) ->
                      new PortSnapshotRecord(
                          port,
                          Instant.parse(row.getString(1)),
                          row.getLong(2),
                          row.getString(3),
                          row.getLong(4),
                          row.getLong(5)))
              .findOne();
        });
  }

  /**
   * The snapshots of a port holding events at or after the offset, oldest first: the events of a
   * snapshot are {@code firstOffset} to {@code firstOffset + events - 1}.
   */
  public List<PortSnapshotRecord> snapshotsWithEventsFrom(PortId port, long offset, int limit) {
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery(
                    "SELECT processed_at, snapshot_id, run_id, first_offset, events FROM"
                        + " port_snapshots WHERE "
                        + OF_PRODUCT
                        + " AND port = :port AND first_offset + events > :offset AND events > 0"
                        + " ORDER BY first_offset LIMIT :limit")
                .bindMethods(port.product())
                .bind("port", port.port())
                .bind("offset", offset)
                .bind("limit", limit)
                .map(
                    (row, context) ->
                        new PortSnapshotRecord(
                            port,
                            Instant.parse(row.getString(1)),
                            row.getLong(2),
                            row.getString(3),
                            row.getLong(4),
                            row.getLong(5)))
                .list());
  }

  /**
   * The earliest processing time of a run in progress among the product versions, if any: data as
   * of that time or later may still change.
   */
  public Optional<Instant> earliestInFlight(Collection<ProductId> products) {
    Optional<Instant> earliest = Optional.empty();
    for (ProductId product : products) {
      Optional<Instant> processing = running(product).flatMap(RunningRun::processedAt);
      if (processing.isPresent()
          && (earliest.isEmpty() || processing.get().isBefore(earliest.get()))) {
        earliest = processing;
      }
    }
    return earliest;
  }

  private static void insertInputs(
      Handle handle, String runId, List<RunRecord.RunInputRecord> inputs) {
    for (RunRecord.RunInputRecord input : inputs) {
      handle
          .createUpdate(
              "INSERT OR REPLACE INTO run_inputs (run_id, input, source, snapshot_id, watermark)"
                  + " VALUES (?, ?, ?, ?, ?)")
          .bind(0, runId)
          .bind(1, input.input())
          .bind(2, input.source())
          .bind(3, input.snapshotId().orElse(null))
          .bind(4, input.watermark().orElse(null))
          .execute();
    }
  }

  /**
   * What the product version's newest committed run recorded for an input: the upstream snapshot it
   * read and where an incremental source stopped.
   */
  public Optional<RunRecord.RunInputRecord> lastCommittedInput(ProductId product, String input) {
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery(
                    "SELECT i.input, i.source, i.snapshot_id, i.watermark FROM run_inputs i JOIN"
                        + " runs r ON r.id = i.run_id WHERE r.domain = :domain AND r.name = :name"
                        + " AND r.major = :major AND r.state = 'succeeded' AND i.input = :input"
                        + " ORDER BY r.processed_at DESC LIMIT 1")
                .bindMethods(product)
                .bind("input", input)
                .map(
                    (row, context) ->
                        new RunRecord.RunInputRecord(
                            row.getString(1),
                            row.getString(2),
                            nullableLong(row, 3),
                            Optional.ofNullable(row.getString(4))))
                .findOne());
  }

  /** The processing time of a committed snapshot of a port. */
  public Optional<Instant> processedAtOf(PortId port, long snapshotId) {
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery(
                    "SELECT processed_at FROM port_snapshots WHERE "
                        + OF_PRODUCT
                        + " AND port = :port AND snapshot_id = :snapshot")
                .bindMethods(port.product())
                .bind("port", port.port())
                .bind("snapshot", snapshotId)
                .mapTo(String.class)
                .findOne()
                .map(Times::parse));
  }

  private static RunRecord withDetails(Handle handle, RunRecord run) {
    List<RunRecord.RunPortResult> ports =
        handle
            .createQuery(
                "SELECT port, rows_computed, rows_added, rows_corrected, snapshot_id FROM run_ports"
                    + " WHERE run_id = ? ORDER BY port")
            .bind(0, run.id())
            .map(
                (row, context) ->
                    new RunRecord.RunPortResult(
                        row.getString(1),
                        row.getLong(2),
                        row.getLong(3),
                        row.getLong(4),
                        nullableLong(row, 5)))
            .list();
    List<RunRecord.RunInputRecord> inputs =
        handle
            .createQuery(
                "SELECT input, source, snapshot_id, watermark FROM run_inputs WHERE run_id = ?"
                    + " ORDER BY input")
            .bind(0, run.id())
            .map(
                (row, context) ->
                    new RunRecord.RunInputRecord(
                        row.getString(1),
                        row.getString(2),
                        nullableLong(row, 3),
                        Optional.ofNullable(row.getString(4))))
            .list();
    return new RunRecord(
        run.id(),
        run.product(),
        run.version(),
        run.trigger(),
        run.state(),
        run.startedAt(),
        run.inputsAsOf(),
        run.processedAt(),
        run.finishedAt(),
        run.rowsWritten(),
        run.error(),
        ports,
        inputs);
  }

  private static Optional<Long> nullableLong(ResultSet row, int column) throws SQLException {
    long value = row.getLong(column);
    return row.wasNull() ? Optional.empty() : Optional.of(value);
  }

  private static RunRecord run(ResultSet row) throws SQLException {
    return new RunRecord(
        row.getString("id"),
        ProductId.of(row.getString("domain"), row.getString("name"), row.getInt("major")),
        row.getString("version"),
        row.getString("trigger"),
        RunState.of(row.getString("state")),
        Instant.parse(row.getString("started_at")),
        Instant.parse(row.getString("inputs_as_of")),
        Optional.ofNullable(Times.parse(row.getString("processed_at"))),
        Optional.ofNullable(Times.parse(row.getString("finished_at"))),
        row.getLong("rows_written"),
        Optional.ofNullable(row.getString("error")),
        List.of(),
        List.of());
  }

  /**
   * A product version's runs, summed up for metrics.
   *
   * @param product {@code domain/name:major}
   * @param rowsWritten rows written by its committed runs
   * @param lastDuration how long its latest finished run took
   * @param lastProcessedAt the processing time of its newest committed run
   */
  public record RunSummary(
      String product,
      long succeeded,
      long failed,
      long running,
      long rowsWritten,
      Optional<java.time.Duration> lastDuration,
      Optional<Instant> lastProcessedAt) {}

  /** Every product version's runs, summed up. */
  public List<RunSummary> summaries() {
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery(
                    "SELECT domain, name, major,"
                        + " sum(state = 'succeeded'), sum(state = 'failed'), sum(state = 'running'),"
                        + " sum(CASE WHEN state = 'succeeded' THEN rows_written ELSE 0 END),"
                        + " max(CASE WHEN state = 'succeeded' THEN processed_at END),"
                        + " (SELECT r2.started_at FROM runs r2 WHERE r2.domain = r.domain"
                        + "  AND r2.name = r.name AND r2.major = r.major AND r2.finished_at IS NOT NULL"
                        + "  ORDER BY r2.finished_at DESC LIMIT 1),"
                        + " max(finished_at)"
                        + " FROM runs r GROUP BY domain, name, major ORDER BY domain, name, major")
                .map(
                    (row, context) -> {
                      Optional<Instant> lastStart =
                          Optional.ofNullable(row.getString(9)).map(Times::parse);
                      Optional<Instant> lastFinish =
                          Optional.ofNullable(row.getString(10)).map(Times::parse);
                      Optional<java.time.Duration> duration =
                          lastStart.isPresent() && lastFinish.isPresent()
                              ? Optional.of(
                                  java.time.Duration.between(lastStart.get(), lastFinish.get()))
                              : Optional.empty();
                      return new RunSummary(
                          row.getString(1) + "/" + row.getString(2) + ":" + row.getInt(3),
                          row.getLong(4),
                          row.getLong(5),
                          row.getLong(6),
                          row.getLong(7),
                          duration,
                          Optional.ofNullable(row.getString(8)).map(Times::parse));
                    })
                .list());
  }
}
