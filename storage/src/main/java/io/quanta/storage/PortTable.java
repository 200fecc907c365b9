package io.quanta.storage;

import static java.util.Objects.requireNonNull;

import io.quanta.error.ErrorCode;
import io.quanta.error.QuantaException;
import io.quanta.spec.PortId;
import io.quanta.spec.SystemColumns;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileMetadata;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Metrics;
import org.apache.iceberg.MetricsConfig;
import org.apache.iceberg.RowDelta;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableScan;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.parquet.ParquetUtil;
import org.apache.iceberg.types.Types;

/**
 * The Iceberg table of one output port of one major version. Rows are only ever appended; a
 * correction appends the new row and marks the row it supersedes with a position delete, so the
 * table's current snapshot is the port's latest state, each older snapshot is the state as of its
 * commit, and the data files alone are the full history.
 *
 * <p>Runs stage a snapshot first (invisible to readers), record it in the registry, then publish
 * it: see {@link #stage} and {@link #publish}.
 *
 * <p>Not thread safe: one run writes a port at a time.
 */
public final class PortTable {
  /** Snapshot summary property: the run that wrote the snapshot. */
  public static final String RUN_ID_PROPERTY = "quanta.run-id";

  /** Snapshot summary property: the processing time of the run, written in every row. */
  public static final String PROCESSED_AT_PROPERTY = "quanta.processed-at";

  private final PortId port;
  private final Table table;
  private final FileIO io;
  private Integer writtenSchemaId; // the schema of the field ids handed out last

  PortTable(PortId port, Table table) {
    this.port = requireNonNull(port, "port is null");
    this.table = requireNonNull(table, "table is null");
    this.io = table.io();
  }

  public PortId port() {
    return port;
  }

  /** The table's root location, under which all its files are. */
  public String location() {
    return LocalFileIO.path(table.location()).toString();
  }

  /** The location of the table's current metadata file, for engines that read Iceberg. */
  public String metadataLocation() {
    return ((org.apache.iceberg.HasTableOperations) table)
        .operations()
        .current()
        .metadataFileLocation();
  }

  /**
   * The Iceberg field id of every column, by name, in table order (system columns last). A run
   * writes its files with these ids; {@link #stage} then refuses to commit them if the table's
   * schema changed in between.
   */
  public Map<String, Integer> fieldIds() {
    org.apache.iceberg.Schema schema = table.schema();
    writtenSchemaId = schema.schemaId();
    Map<String, Integer> ids = new LinkedHashMap<>();
    for (Types.NestedField field : schema.columns()) {
      ids.put(field.name(), field.fieldId());
    }
    return ids;
  }

  /**
   * A location for a Parquet file this table will own, under its data folder (created if needed),
   * named after the run that writes it.
   */
  public String newFileLocation(String runId, String name) {
    java.nio.file.Path folder = java.nio.file.Path.of(location(), "data");
    try {
      java.nio.file.Files.createDirectories(folder);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create " + folder, e);
    }
    return folder.resolve(runId + "-" + name + ".parquet").toString();
  }

  /** The published snapshot, if the table has any. */
  public Optional<Long> currentSnapshotId() {
    table.refresh();
    Snapshot current = table.currentSnapshot();
    return current == null ? Optional.empty() : Optional.of(current.snapshotId());
  }

  /**
   * Stages a snapshot that adds the data files and the position delete files, without publishing
   * it: readers of the table do not see it until {@link #publish}.
   *
   * @param runId the run writing the snapshot, recorded in its summary
   * @throws QuantaException with {@code CONFLICT} if the table's schema changed since the field ids
   *     the files were written with were read from it
   * @param processedAt the run's processing time, recorded in its summary
   * @param dataFiles Parquet files with this table's field ids
   * @param deleteFiles Parquet position delete files ({@code file_path}, {@code pos})
   * @return the staged snapshot's id
   */
  public long stage(
      String runId, Instant processedAt, List<String> dataFiles, List<String> deleteFiles) {
    if (dataFiles.isEmpty() && deleteFiles.isEmpty()) {
      throw new IllegalArgumentException("nothing to stage");
    }
    table.refresh();
    if (writtenSchemaId != null && writtenSchemaId != table.schema().schemaId()) {
      // The files carry the field ids of the schema before: a deploy evolved the table meanwhile.
      throw new QuantaException(
          ErrorCode.CONFLICT,
          "Port "
              + port
              + " changed its columns while the run was writing it (a deploy evolved its table);"
              + " run the product again");
    }
    MetricsConfig metricsConfig = MetricsConfig.forTable(table);
    RowDelta delta = table.newRowDelta();
    for (String location : dataFiles) {
      InputFile file = io.newInputFile(location);
      Metrics metrics = ParquetUtil.fileMetrics(file, metricsConfig);
      DataFile dataFile =
          DataFiles.builder(table.spec())
              .withPath(location)
              .withFormat(FileFormat.PARQUET)
              .withFileSizeInBytes(file.getLength())
              .withMetrics(metrics)
              .build();
      delta.addRows(dataFile);
    }
    for (String location : deleteFiles) {
      InputFile file = io.newInputFile(location);
      Metrics metrics = ParquetUtil.fileMetrics(file, MetricsConfig.getDefault());
      DeleteFile deleteFile =
          FileMetadata.deleteFileBuilder(table.spec())
              .ofPositionDeletes()
              .withPath(location)
              .withFormat(FileFormat.PARQUET)
              .withFileSizeInBytes(file.getLength())
              .withMetrics(metrics)
              .build();
      delta.addDeletes(deleteFile);
    }
    delta
        .set(RUN_ID_PROPERTY, runId)
        .set(PROCESSED_AT_PROPERTY, processedAt.truncatedTo(ChronoUnit.MICROS).toString())
        .stageOnly()
        .commit();
    table.refresh();
    for (Snapshot snapshot : table.snapshots()) {
      if (runId.equals(snapshot.summary().get(RUN_ID_PROPERTY))) {
        return snapshot.snapshotId();
      }
    }
    throw new IllegalStateException("staged snapshot of run " + runId + " not found in " + port);
  }

  /**
   * Makes a staged snapshot the table's current state. Idempotent: publishing the current snapshot
   * again does nothing.
   *
   * @throws QuantaException with {@code CONFLICT} if another snapshot was published since the
   *     staged one was based on the current state
   */
  public void publish(long snapshotId) {
    table.refresh();
    Snapshot current = table.currentSnapshot();
    if (current != null && current.snapshotId() == snapshotId) {
      return;
    }
    Snapshot staged = table.snapshot(snapshotId);
    if (staged == null) {
      throw new IllegalStateException("snapshot " + snapshotId + " does not exist in " + port);
    }
    Long parent = staged.parentId();
    Long currentId = current == null ? null : current.snapshotId();
    if (!java.util.Objects.equals(parent, currentId)) {
      throw new QuantaException(
          ErrorCode.CONFLICT,
          "Port "
              + port
              + " changed while the run was writing it (staged on "
              + parent
              + ", current is "
              + currentId
              + ")");
    }
    table.manageSnapshots().setCurrentSnapshot(snapshotId).commit();
  }

  /**
   * Forces the table's current state back to a snapshot the registry knows as committed, dropping
   * any snapshot published after it. Used by recovery only.
   */
  public void resetTo(long snapshotId) {
    table.refresh();
    Snapshot current = table.currentSnapshot();
    if (current == null || current.snapshotId() != snapshotId) {
      table.manageSnapshots().setCurrentSnapshot(snapshotId).commit();
    }
  }

  /**
   * The files of a snapshot, pruned by Iceberg's file statistics to those that may hold rows with
   * an event time in the window and a processing time after {@code processedAfter}.
   */
  public SnapshotFiles files(
      long snapshotId, TimeWindow eventTime, Optional<Instant> processedAfter) {
    table.refresh();
    if (table.snapshot(snapshotId) == null) {
      throw new IllegalStateException("snapshot " + snapshotId + " does not exist in " + port);
    }
    TableScan scan = table.newScan().useSnapshot(snapshotId);
    Expression filter = Expressions.alwaysTrue();
    if (eventTime.from().isPresent()) {
      filter =
          Expressions.and(
              filter,
              Expressions.greaterThanOrEqual(
                  SystemColumns.EVENT_TIME, micros(eventTime.from().get())));
    }
    if (eventTime.to().isPresent()) {
      filter =
          Expressions.and(
              filter, Expressions.lessThan(SystemColumns.EVENT_TIME, micros(eventTime.to().get())));
    }
    if (processedAfter.isPresent()) {
      filter =
          Expressions.and(
              filter,
              Expressions.greaterThan(SystemColumns.PROCESSED_AT, micros(processedAfter.get())));
    }
    scan = scan.filter(filter);
    List<String> dataFiles = new ArrayList<>();
    Set<String> deleteFiles = new LinkedHashSet<>();
    try (CloseableIterable<FileScanTask> tasks = scan.planFiles()) {
      for (FileScanTask task : tasks) {
        dataFiles.add(LocalFileIO.path(task.file().location()).toString());
        for (DeleteFile delete : task.deletes()) {
          deleteFiles.add(LocalFileIO.path(delete.location()).toString());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot plan the files of " + port, e);
    }
    Map<String, Integer> ids = fieldIds();
    Set<Integer> everywhere = fieldsOfEverySchema(table.snapshot(snapshotId));
    Set<String> columnsInEveryFile = new LinkedHashSet<>();
    ids.forEach(
        (name, id) -> {
          if (everywhere.contains(id)) {
            columnsInEveryFile.add(name);
          }
        });
    return new SnapshotFiles(
        snapshotId, dataFiles, List.copyOf(deleteFiles), ids, columnsInEveryFile);
  }

  /**
   * The field ids of every schema the snapshot and its ancestors were committed with: the columns
   * every file of the snapshot was written with, since a run writes the columns of {@link
   * #fieldIds()} and {@link #stage} refuses to commit under another schema.
   */
  private Set<Integer> fieldsOfEverySchema(Snapshot snapshot) {
    Set<Integer> common = null;
    Map<Integer, org.apache.iceberg.Schema> schemas = table.schemas();
    for (Snapshot current = snapshot; current != null; ) {
      org.apache.iceberg.Schema schema =
          current.schemaId() == null ? table.schema() : schemas.get(current.schemaId());
      Set<Integer> ids = new java.util.HashSet<>();
      if (schema != null) {
        schema.columns().forEach(field -> ids.add(field.fieldId()));
      }
      if (common == null) {
        common = ids;
      } else {
        common.retainAll(ids);
      }
      current = current.parentId() == null ? null : table.snapshot(current.parentId());
    }
    return common == null ? Set.of() : common;
  }

  /** The data files a snapshot added (not those it inherited), in the order it added them. */
  public List<String> addedDataFiles(long snapshotId) {
    table.refresh();
    Snapshot snapshot = table.snapshot(snapshotId);
    if (snapshot == null) {
      throw new IllegalStateException("snapshot " + snapshotId + " does not exist in " + port);
    }
    List<String> files = new ArrayList<>();
    // SnapshotChanges reads the manifests with the table's partition specs (Snapshot's own
    // addedDataFiles reads them from each manifest, which Iceberg deprecates and warns about).
    for (DataFile file :
        org.apache.iceberg.SnapshotChanges.builderFor(table)
            .snapshot(snapshot)
            .build()
            .addedDataFiles()) {
      files.add(LocalFileIO.path(file.location()).toString());
    }
    return files;
  }

  /**
   * The number of rows in the snapshot's latest state (rows written minus rows superseded by
   * corrections), from Iceberg's snapshot summary.
   */
  public long liveRows(long snapshotId) {
    table.refresh();
    Snapshot snapshot = table.snapshot(snapshotId);
    if (snapshot == null) {
      return 0;
    }
    Map<String, String> summary = snapshot.summary();
    long records = Long.parseLong(summary.getOrDefault("total-records", "0"));
    long deletes = Long.parseLong(summary.getOrDefault("total-position-deletes", "0"));
    return records - deletes;
  }

  /** The Iceberg table, for operations this class does not wrap. */
  Table table() {
    return table;
  }

  /** Microseconds since the epoch, exact over Iceberg's whole range (no nanosecond overflow). */
  static long micros(Instant instant) {
    return Math.addExact(
        Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000L);
  }
}
