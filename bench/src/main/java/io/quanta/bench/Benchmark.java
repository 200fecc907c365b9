package io.quanta.bench;

import static java.util.Objects.requireNonNull;

import io.quanta.engine.EngineSettings;
import io.quanta.engine.Sql;
import io.quanta.examples.PodcastMesh;
import io.quanta.platform.Mesh;
import io.quanta.platform.registry.PortRecord;
import io.quanta.platform.registry.RunRecord;
import io.quanta.ports.sql.ReadOptions;
import io.quanta.spec.PortId;
import io.quanta.spec.ProductId;
import io.quanta.spec.ProductSpec;
import io.quanta.spec.SpecParser;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Measures Quanta against raw DuckDB on this machine, in one process:
 *
 * <ol>
 *   <li>materialization of {@code podcasts/play-events} and {@code podcasts/listeners-demographics}
 *       on empty ports (a fresh data folder per repeat), in rows per second, against DuckDB alone
 *       running {@code COPY (same SQL) TO parquet};
 *   <li>a GROUP BY over the play-events port through the SQL output port, against the same GROUP BY
 *       over {@code read_parquet} of the port's files;
 *   <li>the latency of a one-row query, against the same over {@code read_parquet} in an open
 *       connection;
 *   <li>the lead time from deploying a new 1 M-row product to the first answer of a query on it;
 *   <li>the events port: latency from a run's commit to Kafka and HTTP consumers, and throughput to
 *       Kafka, against a plain Kafka producer and consumer ({@link EventsBench});
 *   <li>a full scan of play-events through the Flight SQL JDBC driver, against DuckDB JDBC reading
 *       the port's files ({@link FlightScan});
 *   <li>exports of play-events to Parquet and CSV through the files port, against DuckDB's {@code
 *       COPY} of the port's files ({@link FileExports});
 *   <li>a masked and filtered aggregate over play-events against the same read without obligations,
 *       and policy decisions per second ({@link GovernanceReads});
 *   <li>a run of the plays with quality expectations and objectives against the same run without
 *       them, and the cost of the profile every run computes ({@link CheckedRuns});
 *   <li>search over 10,000 generated products: index build, rebuild from the registry, the update
 *       of one deploy, search latency; and discovery document latency ({@link SearchBench}).
 * </ol>
 *
 * <p>The first four are the {@code core} group; {@link BenchOptions#groups()} selects groups.
 * Everything lives in a temporary folder, deleted at the end unless {@link BenchOptions#keep()}.
 */
public final class Benchmark {
  /**
   * Who the benchmarks read as: a reader who sees personal data in clear, so that the core numbers
   * measure reading, not masking (the governance group measures masking).
   */
  static final io.quanta.governance.Reader READER =
      io.quanta.governance.Reader.of(
          new io.quanta.governance.Principal(
              "bench",
              java.util.Set.of(),
              java.util.Set.of("pii-reader"),
              java.util.Map.of(),
              false));

  /**
   * A new token standing for {@link #READER}, as {@code quanta token create} makes one, for the
   * surfaces that authenticate every call (the HTTP API, Flight SQL).
   */
  static String readerToken(Mesh mesh) {
    return new io.quanta.platform.auth.TokenService(
            mesh.registry().tokens(), java.time.Clock.systemUTC())
        .create(READER.principal(), "bench", Optional.empty())
        .token();
  }

  /** The trigger recorded with the benchmark's runs. */
  static final String TRIGGER = "bench";

  static final ProductId USER_REGISTRATIONS = ProductId.of("users", "user-registrations", 1);
  static final ProductId USER_PROFILES = ProductId.of("users", "user-profiles", 2);
  static final ProductId PLAY_EVENTS = ProductId.of("podcasts", "play-events", 1);
  static final ProductId LISTENERS_DEMOGRAPHICS =
      ProductId.of("podcasts", "listeners-demographics", 1);
  static final ProductId PODCAST_CATALOG = ProductId.of("podcasts", "podcast-catalog", 1);

  /** The measures of the core group, in the report's order. */
  public static final List<String> CORE_MEASURES =
      List.of(
          "materialize play-events (rows/s)",
          "materialize listeners-demographics (rows/s)",
          "query GROUP BY over play-events (ms)",
          "one-row query latency (ms)",
          "lead time deploy to first answer, 1 M rows (s)");

  /** Every measure of the report, in its order. */
  public static final List<String> MEASURES = allMeasures();

  private static List<String> allMeasures() {
    List<String> all = new ArrayList<>(CORE_MEASURES);
    all.addAll(EventsBench.MEASURES);
    all.add(FlightScan.MEASURE);
    all.add(FileExports.PARQUET_MEASURE);
    all.add(FileExports.CSV_MEASURE);
    all.addAll(GovernanceReads.MEASURES);
    all.addAll(CheckedRuns.MEASURES);
    all.addAll(SearchBench.MEASURES);
    return List.copyOf(all);
  }

  static final double MATERIALIZE_TARGET = 0.5;
  static final double GROUP_BY_TARGET = 1.3;
  static final double ONE_ROW_OVERHEAD_TARGET_MS = 20;
  static final double LEAD_TIME_TARGET_SECONDS = 5;

  /** Rows of the product the lead-time measure deploys. */
  static final long LEAD_TIME_ROWS = 1_000_000;

  /** Timed runs of the GROUP BY, at least; more when {@code --repeat} asks for more. */
  static final int GROUP_BY_MIN_RUNS = 5;

  static final int ONE_ROW_WARMUPS = 5;
  static final int ONE_ROW_RUNS = 50;

  static final String GROUP_BY_SQL =
      "SELECT podcast_id, count(*) AS plays, sum(seconds) AS seconds"
          + " FROM podcasts.play_events.events GROUP BY podcast_id";
  static final String ONE_ROW_SQL = "SELECT * FROM podcasts.podcast_catalog.podcasts LIMIT 1";

  private final BenchOptions options;
  private final Progress progress;

  /**
   * @param progress where progress lines go (the report itself is returned, not printed)
   */
  public Benchmark(BenchOptions options, PrintStream progress) {
    this.options = requireNonNull(options, "options is null");
    this.progress = new Progress(requireNonNull(progress, "progress is null"));
  }

  /** Quanta's run and DuckDB's COPY of one product, over the repeats. */
  private static final class Materialization {
    final Samples quantaRowsPerSecond = new Samples();
    final Samples quantaSeconds = new Samples();
    final Samples baselineRowsPerSecond = new Samples();
    final Samples baselineSeconds = new Samples();
    long rows;
  }

  /** The phases of the lead time, over the repeats. */
  private static final class LeadTime {
    final Samples total = new Samples();
    final Samples deploy = new Samples();
    final Samples run = new Samples();
    final Samples firstQuery = new Samples();
  }

  /** Seconds per query of Quanta and of raw DuckDB, and the rows each returned. */
  private static final class QueryTimes {
    final Samples quanta = new Samples();
    final Samples raw = new Samples();
    long rows;
  }

  /** Runs every measure and returns the report. */
  public Report run() throws IOException, SQLException, InterruptedException {
    Instant startedAt = Instant.now();
    Machine machine = Machine.current();
    Path work = Files.createTempDirectory("quanta-bench-");
    say("data folder %s", work);
    try {
      return measure(startedAt, machine, work);
    } finally {
      if (options.keep()) {
        say("kept the data folder %s", work);
      } else {
        deleteRecursively(work);
      }
    }
  }

  private Report measure(Instant startedAt, Machine machine, Path work)
      throws IOException, SQLException, InterruptedException {
    List<ReportRow> rows = new ArrayList<>();
    List<String> details = new ArrayList<>();
    boolean core = options.runs(BenchOptions.Group.CORE);
    boolean flight = options.runs(BenchOptions.Group.FLIGHT);
    boolean files = options.runs(BenchOptions.Group.FILES);
    boolean governance = options.runs(BenchOptions.Group.GOVERNANCE);
    boolean trust = options.runs(BenchOptions.Group.TRUST);
    boolean readsPlayEvents = core || flight || files || governance;
    EngineSettings engine = EngineSettings.defaults(work.resolve("baseline-tmp"));
    if (readsPlayEvents || trust) {
      Path podcasts = work.resolve("podcasts");
      List<Path> specs = PodcastMesh.copySpecs(podcasts);
      say("generating %,d plays", options.scale());
      long start = System.nanoTime();
      PodcastMesh.generate(podcasts, options.scale());
      double generationSeconds = Samples.secondsSince(start);
      say("generated in %.1f s", generationSeconds);
      String duckDbVersion;
      try (RawDuckDb raw = RawDuckDb.open(engine)) {
        duckDbVersion = raw.queryString("SELECT version()");
      }
      details.add(
          String.format(
              Locale.ROOT,
              "Source data: %,d plays generated in %.1f s. Baseline: DuckDB %s over JDBC,"
                  + " threads=%d, memory_limit=%s, preserve_insertion_order=false, TimeZone=UTC.",
              options.scale(),
              generationSeconds,
              duckDbVersion,
              engine.threads(),
              engine.memoryLimit()));

      if (readsPlayEvents) {
        Mesh mesh = null;
        try {
          if (core) {
            mesh = measureCore(work, podcasts, specs, engine, rows, details);
          } else {
            say("deploying the podcast mesh and materializing %s", PLAY_EVENTS);
            mesh = Mesh.open(work.resolve("mesh"));
            mesh.lifecycle().deployFiles(specs);
            mesh.runs().run(PLAY_EVENTS, TRIGGER);
          }
          PortId playEvents = PLAY_EVENTS.port("events");
          try (RawDuckDb raw = RawDuckDb.open(engine)) {
            if (flight) {
              add(
                  FlightScan.measure(mesh, raw, playEvents, options.repeat(), progress),
                  rows,
                  details);
            }
            if (files) {
              add(
                  FileExports.measure(
                      mesh, raw, playEvents, work.resolve("exports"), options.repeat(), progress),
                  rows,
                  details);
            }
            if (governance) {
              // Last: it changes play-events' policies.
              add(
                  GovernanceReads.measure(mesh, raw, playEvents, options.repeat(), progress),
                  rows,
                  details);
            }
          }
        } finally {
          if (mesh != null) {
            mesh.close();
          }
        }
      }
      if (trust) {
        // After the shared mesh is closed: it deploys and runs meshes of its own.
        add(
            CheckedRuns.measure(work.resolve("trust"), podcasts, engine, options, progress),
            rows,
            details);
      }
    }
    if (options.runs(BenchOptions.Group.EVENTS)) {
      add(EventsBench.measure(work.resolve("events"), options, progress), rows, details);
    }
    if (options.runs(BenchOptions.Group.SEARCH)) {
      add(SearchBench.measure(work.resolve("search"), options, progress), rows, details);
    }
    rows.sort(Comparator.comparingInt(row -> MEASURES.indexOf(row.measure())));
    return new Report(startedAt, options, machine, rows, details);
  }

  private static void add(Measured measured, List<ReportRow> rows, List<String> details) {
    rows.addAll(measured.rows());
    details.addAll(measured.details());
  }

  /**
   * The core group: materialization on fresh meshes, lead time, then the GROUP BY and one-row
   * queries on the last mesh, which it returns open (play-events materialized) for the groups that
   * read it.
   */
  private Mesh measureCore(
      Path work,
      Path podcasts,
      List<Path> specs,
      EngineSettings engine,
      List<ReportRow> rows,
      List<String> details)
      throws IOException, SQLException {
    Path leadTimeSpec = LeadTimeProduct.write(work.resolve("lead-time"), LEAD_TIME_ROWS);

    SpecParser parser = SpecParser.create();
    ProductSpec playEventsSpec = parser.parse(podcasts.resolve("play-events.yaml")).orThrow();
    ProductSpec listenersSpec =
        parser.parse(podcasts.resolve("listeners-demographics.yaml")).orThrow();

    Materialization playEvents = new Materialization();
    Materialization listeners = new Materialization();
    LeadTime leadTime = new LeadTime();
    QueryTimes groupBy;
    QueryTimes oneRow;

    Mesh mesh = null;
    try {
      for (int repeat = 1; repeat <= options.repeat(); repeat++) {
        if (mesh != null) {
          Path previous = mesh.dataDir();
          mesh.close();
          mesh = null;
          if (!options.keep()) {
            deleteRecursively(previous);
          }
        }
        say("repeat %d of %d: deploying the podcast mesh", repeat, options.repeat());
        mesh = Mesh.open(work.resolve("mesh-" + repeat));
        mesh.lifecycle().deployFiles(specs);
        mesh.runs().run(USER_REGISTRATIONS, TRIGGER);
        mesh.runs().run(USER_PROFILES, TRIGGER);

        Path baselineOutput = work.resolve("baseline-" + repeat);
        Files.createDirectories(baselineOutput);
        materialize(mesh, PLAY_EVENTS, playEventsSpec, playEvents, engine, baselineOutput);
        materialize(mesh, LISTENERS_DEMOGRAPHICS, listenersSpec, listeners, engine, baselineOutput);
        deleteRecursively(baselineOutput);
        measureLeadTime(mesh, leadTimeSpec, leadTime);
      }
      mesh.runs().run(PODCAST_CATALOG, TRIGGER);
      try (RawDuckDb raw = RawDuckDb.open(engine)) {
        groupBy = measureGroupBy(mesh, raw);
        oneRow = measureOneRow(mesh, raw);
      }
    } catch (IOException | SQLException | RuntimeException | Error e) {
      if (mesh != null) {
        mesh.close();
      }
      throw e;
    }

    rows.add(materializationRow(CORE_MEASURES.get(0), playEvents));
    rows.add(materializationRow(CORE_MEASURES.get(1), listeners));
    double groupByRatio = groupBy.quanta.median() / groupBy.raw.median();
    rows.add(
        new ReportRow(
            CORE_MEASURES.get(2),
            milliseconds(groupBy.quanta.median()),
            milliseconds(groupBy.raw.median()),
            ratio(groupByRatio),
            "<= " + GROUP_BY_TARGET + "x",
            Optional.of(groupByRatio <= GROUP_BY_TARGET)));
    double overheadMs = (oneRow.quanta.median() - oneRow.raw.median()) * 1000;
    rows.add(
        new ReportRow(
            CORE_MEASURES.get(3),
            milliseconds(oneRow.quanta.median()),
            milliseconds(oneRow.raw.median()),
            String.format(Locale.ROOT, "%+.1f ms", overheadMs),
            "< " + format(ONE_ROW_OVERHEAD_TARGET_MS) + " ms",
            Optional.of(overheadMs < ONE_ROW_OVERHEAD_TARGET_MS)));
    rows.add(
        new ReportRow(
            CORE_MEASURES.get(4),
            String.format(Locale.ROOT, "%.2f", leadTime.total.median()),
            "-",
            "-",
            "< " + format(LEAD_TIME_TARGET_SECONDS) + " s",
            Optional.of(leadTime.total.median() < LEAD_TIME_TARGET_SECONDS)));

    details.add(materializationDetail("play-events", playEvents));
    details.add(materializationDetail("listeners-demographics", listeners));
    details.add(
        String.format(
            Locale.ROOT,
            "GROUP BY over play-events (%,d result rows), after one warm-up, %d runs each,"
                + " interleaved: Quanta %s ms; raw %s ms.",
            groupBy.rows,
            groupBy.quanta.values().size(),
            groupBy.quanta.list(Benchmark::toMillis, "%.1f"),
            groupBy.raw.list(Benchmark::toMillis, "%.1f")));
    details.add(
        String.format(
            Locale.ROOT,
            "One-row query `%s`, median of %d runs after %d warm-ups: Quanta %.1f ms (a fresh"
                + " DuckDB database per query, the SQL guard, registry lookups, views, lock-down),"
                + " raw %.1f ms (an open connection).",
            ONE_ROW_SQL,
            ONE_ROW_RUNS,
            ONE_ROW_WARMUPS,
            toMillis(oneRow.quanta.median()),
            toMillis(oneRow.raw.median())));
    details.add(
        String.format(
            Locale.ROOT,
            "Lead time of %s (%,d rows), medians: deploy %.2f s + first run %.2f s + first query"
                + " %.2f s; totals per repeat: %s s.",
            LeadTimeProduct.ID,
            LEAD_TIME_ROWS,
            leadTime.deploy.median(),
            leadTime.run.median(),
            leadTime.firstQuery.median(),
            leadTime.total.list(seconds -> seconds, "%.2f")));
    return mesh;
  }

  /**
   * Runs the product on its empty port and times it, then times DuckDB alone running the output's
   * SQL into a Parquet file over the same inputs.
   */
  private void materialize(
      Mesh mesh,
      ProductId product,
      ProductSpec spec,
      Materialization result,
      EngineSettings engine,
      Path baselineOutput)
      throws IOException, SQLException {
    say("  materializing %s", product);
    long start = System.nanoTime();
    RunRecord run = mesh.runs().run(product, TRIGGER);
    double quantaSeconds = Samples.secondsSince(start);
    result.quantaSeconds.add(quantaSeconds);
    result.quantaRowsPerSecond.add(run.rowsWritten() / quantaSeconds);

    String sql = spec.outputs().get(0).sql();
    Path target = baselineOutput.resolve(spec.id().name() + ".parquet");
    long rows;
    double baselineSeconds;
    try (RawDuckDb raw = RawDuckDb.open(engine)) {
      BaselineInputs.create(raw, spec, mesh);
      start = System.nanoTime();
      raw.execute(
          "COPY ("
              + sql
              + ") TO "
              + Sql.literal(target.toString())
              + " (FORMAT parquet, COMPRESSION zstd)");
      baselineSeconds = Samples.secondsSince(start);
      rows =
          raw.queryLong(
              "SELECT count(*) FROM read_parquet(" + Sql.literal(target.toString()) + ")");
    }
    Files.deleteIfExists(target);
    if (rows != run.rowsWritten()) {
      throw new IllegalStateException(
          product
              + ": Quanta wrote "
              + run.rowsWritten()
              + " rows but DuckDB alone "
              + rows
              + "; the two do not do the same work");
    }
    result.rows = rows;
    result.baselineSeconds.add(baselineSeconds);
    result.baselineRowsPerSecond.add(rows / baselineSeconds);
    say(
        "  %s: %,d rows, Quanta %.2f s, DuckDB %.2f s",
        product, rows, quantaSeconds, baselineSeconds);
  }

  /** Deploys the lead-time product, runs it and queries it, timing each step. */
  private void measureLeadTime(Mesh mesh, Path spec, LeadTime result) {
    say("  lead time of %s", LeadTimeProduct.ID);
    long start = System.nanoTime();
    mesh.lifecycle().deployFiles(List.of(spec));
    long deployed = System.nanoTime();
    mesh.runs().run(LeadTimeProduct.ID, TRIGGER);
    long ran = System.nanoTime();
    ConsumingSink sink = new ConsumingSink();
    mesh.queries().query(READER, LeadTimeProduct.COUNT_QUERY, ReadOptions.LATEST, sink);
    long answered = System.nanoTime();
    long count =
        sink.firstRow()
            .map(row -> ((Number) row.get(0)).longValue())
            .orElseThrow(
                () -> new IllegalStateException("no answer to " + LeadTimeProduct.COUNT_QUERY));
    if (count != LEAD_TIME_ROWS) {
      throw new IllegalStateException(
          LeadTimeProduct.COUNT_QUERY + " answered " + count + ", expected " + LEAD_TIME_ROWS);
    }
    result.deploy.add((deployed - start) / 1e9);
    result.run.add((ran - deployed) / 1e9);
    result.firstQuery.add((answered - ran) / 1e9);
    result.total.add((answered - start) / 1e9);
    say("  lead time %.2f s", (answered - start) / 1e9);
  }

  /** The GROUP BY through Quanta and raw, warmed up once, then interleaved. */
  private QueryTimes measureGroupBy(Mesh mesh, RawDuckDb raw) throws IOException, SQLException {
    say("query: GROUP BY over %s", PLAY_EVENTS);
    String rawSql =
        GROUP_BY_SQL.replace(
            "podcasts.play_events.events",
            "read_parquet(" + Sql.list(portFiles(mesh, PLAY_EVENTS.port("events"))) + ")");
    QueryTimes times = new QueryTimes();
    long quantaRows = quantaQuery(mesh, GROUP_BY_SQL);
    long rawRows = raw.consume(rawSql);
    if (quantaRows != rawRows) {
      throw new IllegalStateException(
          "the GROUP BY returned " + quantaRows + " rows through Quanta but " + rawRows + " raw");
    }
    times.rows = quantaRows;
    int runs = Math.max(GROUP_BY_MIN_RUNS, options.repeat());
    for (int i = 0; i < runs; i++) {
      long start = System.nanoTime();
      quantaQuery(mesh, GROUP_BY_SQL);
      times.quanta.add(Samples.secondsSince(start));
      start = System.nanoTime();
      raw.consume(rawSql);
      times.raw.add(Samples.secondsSince(start));
    }
    return times;
  }

  /** The one-row query through Quanta and raw, warmed up, then interleaved. */
  private QueryTimes measureOneRow(Mesh mesh, RawDuckDb raw) throws IOException, SQLException {
    say("query: one row of %s", PODCAST_CATALOG);
    String rawSql =
        ONE_ROW_SQL.replace(
            "podcasts.podcast_catalog.podcasts",
            "read_parquet(" + Sql.list(portFiles(mesh, PODCAST_CATALOG.port("podcasts"))) + ")");
    QueryTimes times = new QueryTimes();
    for (int i = 0; i < ONE_ROW_WARMUPS; i++) {
      quantaQuery(mesh, ONE_ROW_SQL);
      raw.consume(rawSql);
    }
    for (int i = 0; i < ONE_ROW_RUNS; i++) {
      long start = System.nanoTime();
      times.rows = quantaQuery(mesh, ONE_ROW_SQL);
      times.quanta.add(Samples.secondsSince(start));
      start = System.nanoTime();
      raw.consume(rawSql);
      times.raw.add(Samples.secondsSince(start));
    }
    return times;
  }

  private static long quantaQuery(Mesh mesh, String sql) {
    ConsumingSink sink = new ConsumingSink();
    mesh.queries().query(READER, sql, ReadOptions.LATEST, sink);
    return sink.rows();
  }

  /** The Parquet data files of a port's table, for baselines that read them directly. */
  static List<String> portFiles(Mesh mesh, PortId port) throws IOException {
    PortRecord record =
        mesh.registry()
            .products()
            .port(port)
            .orElseThrow(() -> new IllegalStateException("port " + port + " has no table"));
    return BaselineInputs.portDataFiles(record);
  }

  private static ReportRow materializationRow(String measure, Materialization result) {
    double quanta = result.quantaRowsPerSecond.median();
    double baseline = result.baselineRowsPerSecond.median();
    double ratio = quanta / baseline;
    return new ReportRow(
        measure,
        String.format(Locale.ROOT, "%,.0f", quanta),
        String.format(Locale.ROOT, "%,.0f", baseline),
        ratio(ratio),
        ">= " + MATERIALIZE_TARGET + "x",
        Optional.of(ratio >= MATERIALIZE_TARGET));
  }

  private static String materializationDetail(String product, Materialization result) {
    return String.format(
        Locale.ROOT,
        "Materialize %s: %,d rows; Quanta run %s s; DuckDB COPY %s s.",
        product,
        result.rows,
        result.quantaSeconds.list(seconds -> seconds, "%.2f"),
        result.baselineSeconds.list(seconds -> seconds, "%.2f"));
  }

  static String ratio(double ratio) {
    return String.format(Locale.ROOT, "%.2fx", ratio);
  }

  private static String milliseconds(double seconds) {
    return String.format(Locale.ROOT, "%.1f", toMillis(seconds));
  }

  private static double toMillis(double seconds) {
    return seconds * 1000;
  }

  private static String format(double value) {
    return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
  }

  private void say(String format, Object... arguments) {
    progress.say(format, arguments);
  }

  /** Deletes a folder and everything in it; a folder that does not exist is fine. */
  static void deleteRecursively(Path folder) throws IOException {
    if (!Files.exists(folder)) {
      return;
    }
    Files.walkFileTree(
        folder,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attributes)
              throws IOException {
            Files.delete(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path directory, IOException failure)
              throws IOException {
            if (failure != null) {
              throw failure;
            }
            Files.delete(directory);
            return FileVisitResult.CONTINUE;
          }
        });
  }
}
