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
      (from the repository root), which measures Quanta against raw baselines (DuckDB alone, plain
      Kafka clients) in one process on the machine named in the section's heading. Compare runs on
      the same machine only.

      How to read a section:

      - **quanta** is Quanta doing the work through its public services (`Mesh.runs().run(...)`,
        `Mesh.queries().query(...)`, `Mesh.files().export(...)`, the event publisher, the HTTP API,
        the Flight SQL server), end to end: registry, Iceberg planning and commits, DuckDB
        sessions, the SQL guard, result conversion.
      - **baseline** is the same work without Quanta: a plain DuckDB JDBC connection over the same
        files, with the DuckDB settings Quanta's sessions use (all cores, the same memory limit,
        UTC, insertion order not preserved), or, for events, a plain Kafka producer and consumer on
        the same broker; so that the ratio is what Quanta adds.
      - Values are medians over the repeats (`--repeat`, default 3); the details list every
        sample. A run limited with `--only` shows its groups in its command and only their rows.
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
      - **events latency, commit to Kafka / HTTP consumer, p50 / p99 (ms)** (group `events`): a
        mesh of its own with the embedded Kafka broker, Quanta's event publisher woken by every
        commit (as `quanta up` wires it) and the HTTP API. 50 runs (10 below `--scale 1000000`),
        after 5 warm-ups, of an event log product, each appending 10 events; each is timed **from
        the run's commit** (the run's `finishedAt`, taken just before its registry transaction; the
        details also give the time from just before `mesh.runs().run(...)`) to the arrival of the
        run's first event at a Kafka consumer assigned to the port's topic, and at an HTTP client
        holding `GET .../ports/{port}/events?after=N` open. Baseline: a plain `KafkaProducer` (the
        publisher's producer settings) sending the same 10 JSON records to a plain `KafkaConsumer`
        on the same broker, from the first send to its arrival. The ratio column shows Quanta /
        baseline and the difference. Percentiles are nearest-rank: p99 of 50 runs is the slowest.
        Target: p50 under 1 s, over Kafka and over HTTP; p99 has none.
      - **events throughput (events/s)** (group `events`): one run appending a tenth of `--scale`
        events (1 M at the default scale) to an event log shaped like play-events, timed from its
        commit to the arrival of its last event at a Kafka consumer: the publisher reads the events
        from the port's event log, writes their JSON and sends them. Baseline: a plain producer
        sending the same records (key, value and header bytes, held in memory) to a topic of its
        own, from the first send to the last arrival at the same kind of consumer. Ratio = Quanta
        events/s / plain events/s; higher is better. No target was set beyond measuring; the
        first target is at least 0.5x.
      - **Flight SQL JDBC scan of play-events (rows/s)** (group `flight`): every row and column of
        the play-events port (`SELECT *`) through Quanta's Flight SQL server and the official
        Flight SQL JDBC driver, against DuckDB JDBC reading the same rows from `read_parquet([...])`
        of the port's data files; both read every value with the same typed getter per column.
        After a small warm-up each, repeats interleaved. Ratio = Quanta rows/s / raw rows/s;
        target at least 0.5x.
      - **export play-events to Parquet / CSV (rows/s)** (group `files`): the files port
        (`Mesh.files().export(port, LATEST, format, file)`) against DuckDB alone running
        `COPY (SELECT * FROM read_parquet([...data files...])) TO 'file'` with the files port's own
        options, `(FORMAT parquet, COMPRESSION zstd)` or `(FORMAT csv, HEADER true)`, and the same
        columns. The files port also orders the rows by `_processed_at, _event_time`; the baseline
        does not, and the details give DuckDB's time with that ORDER BY as well. Ratio = Quanta
        rows/s / DuckDB rows/s; target at least 0.7x.
      - **masked + filtered query over play-events vs unmasked (ms)** (group `governance`): local
        policies set on play-events through its control port API (`mesh.policies().change(...)` as a
        `governance` principal): a `hash` mask on `user_id` (HMAC-SHA-256 with the mesh's key) and a
        row filter `podcast_id <> :excluded` bound from the reader's attribute (the least played
        podcast, so nearly every row is kept). `SELECT count(DISTINCT user_id), count(*)` through
        the SQL output port as a reader under both obligations, against the same query as a reader
        the same policies lift them for (roles `pii-reader` and `governance`); after one untimed run
        each (which checks that the masked reader's user ids are 64-hex HMACs, as many distinct as
        the visible rows have in clear), interleaved. Ratio = masked time / unmasked time; target at
        most 1.2x. The next row compares the masked read with DuckDB alone running the same HMAC and
        filter SQL over the port's files (no target); the details give DuckDB alone's masked /
        unmasked ratio, the cost of the HMAC itself.
      - **policy decisions, PolicyService.decide (decisions/s)** (group `governance`):
        `mesh.policies().decide(port, reader)` in a loop on one thread for the masked reader, after
        a warm-up: registry lookups of the deployed spec and the policies in force, then CEL. The
        details also give `PolicyEngine.decide` on loaded policies (CEL evaluation only). No
        baseline, no target.
      - **play-events run with expectations + objectives vs without ...** (group `trust`): two
        products over the generated plays, each with play-events' output (same SQL and columns, an
        event log), run with `mesh.runs().run(...)` on an empty port (a fresh mesh per repeat, the
        two in alternating order, after one untimed run of each). `bench/plays-checked` declares a
        realistic `quality` set (nullValues on two columns, duplicateValues on the event id,
        invalidValues with validValues, with a pattern and with a range, rowCount, one `type: sql`)
        and the objectives a run measures (timeliness, completeness, volume); `bench/plays-plain`
        declares none. Every run profiles every column of its ports whatever it declares, so both
        runs include the profile: ratio = checked run / plain run, the cost of the expectations and
        objectives; target at most 1.3x. The profile's own cost is `Profiler.profile` timed alone on
        the same rows in a DuckDB session sized like a run's; the plain run minus that time
        estimates a run with no inspection at all, the baseline of the next two rows: **... +
        profile vs with none, estimated** (checked run / estimate: expectations, objectives and
        profile together; target at most 1.3x) and **run with its profile vs without, estimated**
        (plain run / estimate; no target). The details time each check alone on the same rows,
        and give the same ratios in CPU time of the process (DuckDB's threads included), which
        other work on the machine disturbs less than wall time.
      - **search ...** (group `search`): 10,000 product specs generated from a fixed vocabulary
        (scale / 100 below `--scale 1000000`). **index build from specs**: parse the YAML, make
        each search document, write the Lucene index in one commit (`SearchIndex.rebuild()`), not
        through the deploy path. **rebuild from the registry**: the same specs in the mesh's
        registry, `mesh.search().rebuild()` in a fresh process (what a lost index costs).
        **update of one deploy**: `mesh.search().refresh(id)`, what the deploy hook does.
        **search latency**: `mesh.search().search(query)`, one thread, a mix of exact names,
        column names, typos, prefixes, two-word text, facet filters and browsing; target p99 under
        20 ms. No baseline.
      - **discovery document ...** (group `search`): `mesh.discovery().describe(product, reader)`
        of each product of the podcast mesh in turn, deployed and run; then with the generated
        products in the registry too. No baseline, no target.
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
