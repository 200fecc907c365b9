package io.quanta.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The Markdown file results accumulate in ({@code bench/RESULTS.md} by default): a header that
 * explains how to read it, then one section per run, oldest first.
 */
public final class ResultsFile {
  /** What a new results file starts with. */
  static final String HEADER =
      """
      # Quanta benchmark results

      Performance is measured, not asserted. Every section below is one run of `./bench/run`
      (from the repository root), which measures Quanta against raw DuckDB in one process on the
      machine named in the section's heading. Compare runs on the same machine only.

      How to read a section:

      - **quanta** is Quanta doing the work through its public services (`Mesh.runs().run(...)`,
        `Mesh.queries().query(...)`), end to end: registry, Iceberg planning and commits, DuckDB
        sessions, the SQL guard, result conversion.
      - **baseline** is the same work in a plain DuckDB JDBC connection over the same files, with
        the DuckDB settings Quanta's sessions use (all cores, the same memory limit, UTC,
        insertion order not preserved), so that the ratio is what Quanta adds.
      - Values are medians over the repeats (`--repeat`, default 3); the details list every
        sample.
      - **materialize ... (rows/s)**: the first run of the product on an empty port (a fresh data
        folder per repeat), rows written per second, against DuckDB alone running
        `COPY (<the output's SQL>) TO '....parquet' (FORMAT parquet, COMPRESSION zstd)` over
        views with the inputs' names. Ratio = Quanta rows/s / DuckDB rows/s; higher is better;
        target at least 0.5x.
      - **query GROUP BY ...**: a GROUP BY over the play-events output port through the SQL
        output port, against the same GROUP BY over `read_parquet([...])` of the port's data
        files; warmed up once. Ratio = Quanta time / raw time; lower is better; target at most
        1.3x.
      - **one-row query latency (ms)**: a one-row query through the SQL output port, against the
        same over `read_parquet` in an open connection; median of 50 runs after warm-up. The
        ratio column shows the difference, Quanta's added latency; target under 20 ms.
      - **lead time**: from deploying a new product with a 1 M-row Parquet input, through its first
        run, to the first answer of `SELECT count(*)` on its port; target under 5 s. There is no
        baseline.
      - **target met**: `yes` or `NO`. A missed target does not fail the run.
      """;

  private ResultsFile() {}

  /** Appends the report's section, creating the file (and its folder) with the header first. */
  public static void append(Path file, Report report) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    StringBuilder text = new StringBuilder();
    if (!Files.exists(file) || Files.size(file) == 0) {
      text.append(HEADER);
    } else if (!Files.readString(file, StandardCharsets.UTF_8).endsWith("\n")) {
      text.append('\n');
    }
    text.append('\n').append(report.markdownSection());
    Files.writeString(
        file,
        text.toString(),
        StandardCharsets.UTF_8,
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
  }
}
