package io.quanta.storage;

import static java.util.Objects.requireNonNull;

import io.quanta.spec.PortId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.MetricsConfig;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.parquet.ParquetUtil;
import org.apache.iceberg.types.Types;

/**
 * The quarantine of an output port (docs/trust.md): an Iceberg table next to the port's, holding
 * the rows that broke an {@code error} expectation in runs that therefore committed nothing, each
 * with the expectation and the reason. Rows are appended and committed at once: a failed run's
 * evidence is kept even though its data is not.
 *
 * <p>Thread safe as far as Iceberg commits are.
 */
public final class QuarantineTable {
  /** The expectation a quarantined row broke. */
  public static final String CHECK_COLUMN = "_check";

  /** Why the row broke it. */
  public static final String REASON_COLUMN = "_reason";

  private final PortId port;
  private final Table table;

  QuarantineTable(PortId port, Table table) {
    this.port = requireNonNull(port, "port is null");
    this.table = requireNonNull(table, "table is null");
  }

  /** The port whose rows this table quarantines. */
  public PortId port() {
    return port;
  }

  /** The Iceberg field id of every column, by name, in table order. */
  public Map<String, Integer> fieldIds() {
    Map<String, Integer> ids = new LinkedHashMap<>();
    for (Types.NestedField field : table.schema().columns()) {
      ids.put(field.name(), field.fieldId());
    }
    return ids;
  }

  /** A location for a Parquet file of quarantined rows of a run. */
  public String newFileLocation(String runId, String name) {
    Path folder = Path.of(LocalFileIO.path(table.location()).toString(), "data");
    try {
      Files.createDirectories(folder);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create " + folder, e);
    }
    return folder.resolve(runId + "-" + name + ".parquet").toString();
  }

  /** Appends and commits Parquet files written with this table's field ids. */
  public void append(List<String> files) {
    if (files.isEmpty()) {
      return;
    }
    table.refresh();
    MetricsConfig metricsConfig = MetricsConfig.forTable(table);
    AppendFiles append = table.newAppend();
    for (String location : files) {
      InputFile file = table.io().newInputFile(location);
      DataFile dataFile =
          DataFiles.builder(table.spec())
              .withPath(location)
              .withFormat(FileFormat.PARQUET)
              .withFileSizeInBytes(file.getLength())
              .withMetrics(ParquetUtil.fileMetrics(file, metricsConfig))
              .build();
      append.appendFile(dataFile);
    }
    append.commit();
  }

  /** The data files of the table's current state; empty before anything was quarantined. */
  public List<String> dataFiles() {
    table.refresh();
    List<String> files = new ArrayList<>();
    if (table.currentSnapshot() == null) {
      return files;
    }
    try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
      for (FileScanTask task : tasks) {
        files.add(LocalFileIO.path(task.file().location()).toString());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot plan the files of the quarantine of " + port, e);
    }
    return files;
  }
}
