package io.quanta.bench;

import io.quanta.engine.Sql;
import io.quanta.platform.Mesh;
import io.quanta.ports.files.FileFormat;
import io.quanta.ports.files.FilesPort;
import io.quanta.ports.sql.ReadOptions;
import io.quanta.spec.PortId;
import io.quanta.spec.SystemColumns;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Exports of the play-events port through the files port ({@code Mesh.files().export}) to Parquet
 * and CSV, against DuckDB alone copying the port's Parquet data files to the same format with the
 * same {@code COPY} options. The files port orders the rows by processing and event time; the
 * baseline does not (as a plain dump would), and a second, ordered baseline shows what that order
 * costs.
 */
final class FileExports {
  static final String PARQUET_MEASURE = "export play-events to Parquet (rows/s)";
  static final String CSV_MEASURE = "export play-events to CSV (rows/s)";
  static final double TARGET = 0.7;

  /** The {@code COPY} options of the files port (io.quanta.ports.files.FileFormat), matched. */
  static final String PARQUET_OPTIONS = "(FORMAT parquet, COMPRESSION zstd)";

  static final String CSV_OPTIONS = "(FORMAT csv, HEADER true)";

  /**
   * The order the files port writes a history in (io.quanta.ports.files.FilesPort); a latest state
   * is not sorted. DuckDB's copy in this order is timed for reference.
   */
  static final String FILES_PORT_ORDER =
      " ORDER BY "
          + Sql.identifier(SystemColumns.PROCESSED_AT)
          + ", "
          + Sql.identifier(SystemColumns.EVENT_TIME);

  private FileExports() {}

  /** Quanta's export, DuckDB's plain copy and DuckDB's ordered copy of one format. */
  private static final class Format {
    final FileFormat format;
    final String options;
    final Samples quanta = new Samples();
    final Samples raw = new Samples();
    final Samples rawOrdered = new Samples();
    final Samples quantaRate = new Samples();
    final Samples rawRate = new Samples();
    long rows;
    long quantaBytes;
    long rawBytes;

    Format(FileFormat format, String options) {
      this.format = format;
      this.options = options;
    }
  }

  /** Exports the port {@code repeat} times to each format, each way, interleaved. */
  static Measured measure(
      Mesh mesh, RawDuckDb raw, PortId port, Path folder, int repeat, Progress progress)
      throws IOException, SQLException {
    progress.say("files: exports of %s to Parquet and CSV", port);
    Files.createDirectories(folder);
    List<String> dataFiles = Benchmark.portFiles(mesh, port);
    String rawSelect = "SELECT * FROM read_parquet(" + Sql.list(dataFiles) + ")";
    List<Format> formats =
        List.of(
            new Format(FileFormat.PARQUET, PARQUET_OPTIONS),
            new Format(FileFormat.CSV, CSV_OPTIONS));
    for (int i = 1; i <= repeat; i++) {
      for (Format format : formats) {
        String extension = format.format.extension();
        Path quantaFile = folder.resolve("quanta-" + i + "." + extension);
        long start = System.nanoTime();
        FilesPort.Export export =
            mesh.files()
                .export(Benchmark.READER, port, ReadOptions.LATEST, format.format, quantaFile);
        double quantaSeconds = Samples.secondsSince(start);

        Path rawFile = folder.resolve("raw-" + i + "." + extension);
        start = System.nanoTime();
        long rawRows =
            raw.executeUpdate(
                "COPY ("
                    + rawSelect
                    + ") TO "
                    + Sql.literal(rawFile.toString())
                    + " "
                    + format.options);
        double rawSeconds = Samples.secondsSince(start);

        Path orderedFile = folder.resolve("raw-ordered-" + i + "." + extension);
        start = System.nanoTime();
        long orderedRows =
            raw.executeUpdate(
                "COPY ("
                    + rawSelect
                    + FILES_PORT_ORDER
                    + ") TO "
                    + Sql.literal(orderedFile.toString())
                    + " "
                    + format.options);
        double orderedSeconds = Samples.secondsSince(start);

        if (export.rows() != rawRows || rawRows != orderedRows) {
          throw new IllegalStateException(
              "the "
                  + extension
                  + " export wrote "
                  + export.rows()
                  + " rows through Quanta but "
                  + rawRows
                  + " (and "
                  + orderedRows
                  + " ordered) through DuckDB alone; the two do not do the same work");
        }
        format.rows = rawRows;
        format.quantaBytes = Files.size(quantaFile);
        format.rawBytes = Files.size(rawFile);
        format.quanta.add(quantaSeconds);
        format.raw.add(rawSeconds);
        format.rawOrdered.add(orderedSeconds);
        format.quantaRate.add(export.rows() / quantaSeconds);
        format.rawRate.add(rawRows / rawSeconds);
        Files.delete(quantaFile);
        Files.delete(rawFile);
        Files.delete(orderedFile);
        progress.say(
            "  %s export %d of %d: %,d rows, Quanta %.2f s, DuckDB %.2f s (ordered %.2f s)",
            extension, i, repeat, rawRows, quantaSeconds, rawSeconds, orderedSeconds);
      }
    }

    List<ReportRow> rows = new ArrayList<>();
    List<String> details = new ArrayList<>();
    for (Format format : formats) {
      double ratio = format.quantaRate.median() / format.rawRate.median();
      rows.add(
          new ReportRow(
              format.format == FileFormat.PARQUET ? PARQUET_MEASURE : CSV_MEASURE,
              String.format(Locale.ROOT, "%,.0f", format.quantaRate.median()),
              String.format(Locale.ROOT, "%,.0f", format.rawRate.median()),
              Benchmark.ratio(ratio),
              ">= " + TARGET + "x",
              Optional.of(ratio >= TARGET)));
      details.add(
          String.format(
              Locale.ROOT,
              "Export of play-events to %s (`%s`): %,d rows; Quanta (Mesh.files().export, latest"
                  + " state, unsorted) %s s, %s; DuckDB alone (`COPY (SELECT * FROM"
                  + " read_parquet([%d data files])) TO ... %s`) %s s, %s; for reference, DuckDB"
                  + " alone ordered by _processed_at, _event_time (how a history export is"
                  + " sorted) %s s.",
              format.format.name(),
              format.format.extension(),
              format.rows,
              format.quanta.list(seconds -> seconds, "%.2f"),
              megabytes(format.quantaBytes),
              dataFiles.size(),
              format.options,
              format.raw.list(seconds -> seconds, "%.2f"),
              megabytes(format.rawBytes),
              format.rawOrdered.list(seconds -> seconds, "%.2f")));
    }
    return new Measured(rows, details);
  }

  private static String megabytes(long bytes) {
    return String.format(Locale.ROOT, "%.0f MB", bytes / 1e6);
  }
}
