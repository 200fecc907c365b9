package io.quanta.platform.registry;

import static java.util.Objects.requireNonNull;

import io.quanta.spec.ProductId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A run of a product version: when it ran, what it read and wrote, and how it ended.
 *
 * @param id the run's id, which every row it wrote carries in {@code _run_id}
 * @param product the product version run
 * @param version the full version of the spec it ran
 * @param trigger what started it: {@code cli}, {@code api}, {@code demo}, or the scheduler's {@code
 *     schedule}, {@code upstream} and {@code retry}
 * @param state running, succeeded or failed
 * @param startedAt when it started
 * @param inputsAsOf the processing time its upstream inputs were read as of
 * @param processedAt the processing time of the rows it wrote, once chosen
 * @param finishedAt when it ended
 * @param rowsWritten rows appended over all ports
 * @param error why it failed
 * @param ports what it wrote per port
 * @param inputs what it read per input
 */
public record RunRecord(
    String id,
    ProductId product,
    String version,
    String trigger,
    RunState state,
    Instant startedAt,
    Instant inputsAsOf,
    Optional<Instant> processedAt,
    Optional<Instant> finishedAt,
    long rowsWritten,
    Optional<String> error,
    List<RunPortResult> ports,
    List<RunInputRecord> inputs) {
  public RunRecord {
    requireNonNull(id, "id is null");
    requireNonNull(product, "product is null");
    requireNonNull(state, "state is null");
    ports = List.copyOf(ports);
    inputs = List.copyOf(inputs);
  }

  /**
   * What a run wrote to one port.
   *
   * @param port the port's name
   * @param rowsComputed rows its SQL returned
   * @param rowsAdded rows appended (new and corrected facts)
   * @param rowsCorrected rows superseding an earlier version of their key
   * @param snapshotId the snapshot committed, empty when nothing changed
   */
  public record RunPortResult(
      String port,
      long rowsComputed,
      long rowsAdded,
      long rowsCorrected,
      Optional<Long> snapshotId) {}

  /**
   * What a run read from one input.
   *
   * @param input the input's name
   * @param source the upstream port or the file path
   * @param snapshotId for a product input, the upstream snapshot read (empty when it had no data)
   * @param watermark for an incremental database or topic input, where the next run starts
   */
  public record RunInputRecord(
      String input, String source, Optional<Long> snapshotId, Optional<String> watermark) {
    public RunInputRecord(String input, String source, Optional<Long> snapshotId) {
      this(input, source, snapshotId, Optional.empty());
    }
  }
}
