package io.quanta.bench;

import io.quanta.engine.DuckDbSession;
import io.quanta.engine.EngineSettings;
import io.quanta.engine.InputViews;
import io.quanta.engine.Sql;
import io.quanta.engine.quality.ColumnProfile;
import io.quanta.engine.quality.ExpectationResult;
import io.quanta.engine.quality.Profiler;
import io.quanta.engine.quality.QualityChecks;
import io.quanta.engine.quality.SloMeasures;
import io.quanta.platform.Mesh;
import io.quanta.platform.registry.CheckRecord;
import io.quanta.platform.registry.RunRecord;
import io.quanta.spec.Expectation;
import io.quanta.spec.Output;
import io.quanta.spec.ProductId;
import io.quanta.spec.ProductSpec;
import io.quanta.spec.Slo;
import io.quanta.spec.SpecParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The cost of the checks every run makes before it commits (group {@code trust}, docs/spec.md
 * {@code quality} and {@code slo}): the plays of the generated podcast data run, on an empty port,
 * as two products that differ only in what they declare: {@code bench/plays-checked} with a
 * realistic set of quality expectations and objectives, {@code bench/plays-plain} with none. Both
 * are profiled, since every run profiles every column of its ports; so the profile's own cost is
 * measured apart, with {@link Profiler#profile} on the same rows in a DuckDB session sized like a
 * run's, and subtracted from the plain run to estimate a run with no inspection at all. Each check
 * is also timed alone on the same rows, to tell which ones the difference is made of.
 *
 * <p>Each repeat deploys both products into a fresh mesh (a fresh data folder) and runs them in
 * alternating order.
 */
final class CheckedRuns {
  static final String CHECKED_MEASURE =
      "play-events run with expectations + objectives vs without, profiled both (s)";
  static final String PROFILE_MEASURE =
      "play-events run with its profile vs without, estimated (s)";
  static final String TOTAL_MEASURE =
      "play-events run with expectations + objectives + profile vs with none, estimated (s)";

  /** The group's measures, in the report's order. */
  static final List<String> MEASURES = List.of(CHECKED_MEASURE, TOTAL_MEASURE, PROFILE_MEASURE);

  /** The target: a run with its checks and profile at most 1.3 times the run without. */
  static final double TARGET = 1.3;

  static final ProductId PLAIN = ProductId.of("bench", "plays-plain", 1);
  static final ProductId CHECKED = ProductId.of("bench", "plays-checked", 1);
  static final String PORT = "events";

  /** The expectations and objectives {@code bench/plays-checked} declares, as the details say. */
  static final String DECLARED =
      "nullValues on user_id and played_at; duplicateValues on play_id (the event id; the port is"
          + " an event log, no key); invalidValues with validValues on device (5 values, warn),"
          + " with a pattern `p[0-9]{5}` on podcast_id, with minimum 0 and maximum 86400 on"
          + " seconds; rowCount > 0; a sql expectation `SELECT * FROM port WHERE played_at > now()"
          + " + INTERVAL 1 DAY` (warn); objectives timeliness p50 and p95, completeness against the"
          + " input plays, volume, and freshness (measured between runs, not by a run)";

  /** What the details call QualityChecks.evaluate on every expectation of the port at once. */
  static final String ALL_EXPECTATIONS = "every expectation (one evaluate)";

  private CheckedRuns() {}

  /** A run's seconds and the ids of its runs, over the repeats. */
  private static final class Runs {
    final Samples seconds = new Samples();
    final Samples cpuSeconds = new Samples();
    final List<String> ids = new ArrayList<>();
    long rows;
  }

  /**
   * Writes both specs, then per repeat deploys them into a fresh mesh, runs each on its empty port,
   * and times the profile and each check alone on the plain run's port.
   *
   * @param work a folder of the group's own
   * @param podcasts the folder the podcast data was generated in
   * @param engine the settings of the runs' sessions, for the sessions timing the profile and
   *     checks
   */
  static Measured measure(
      Path work, Path podcasts, EngineSettings engine, BenchOptions options, Progress progress)
      throws IOException {
    progress.say("trust: runs of the plays with and without expectations and objectives");
    Path specs = work.resolve("specs");
    Files.createDirectories(specs);
    String plays = podcasts.resolve("data").resolve("plays").resolve("*.parquet").toString();
    Path plainSpec = specs.resolve("plays-plain.yaml");
    Path checkedSpec = specs.resolve("plays-checked.yaml");
    Files.writeString(plainSpec, spec(PLAIN, plays, false));
    Files.writeString(checkedSpec, spec(CHECKED, plays, true));
    ProductSpec checked = SpecParser.create().parse(checkedSpec).orThrow();
    Output output = checked.output(PORT).orElseThrow();
    Slo slo = checked.slo(output);
    if (output.quality().size() != 8
        || slo.timeliness().isEmpty()
        || slo.completeness().isEmpty()
        || slo.volume().isEmpty()) {
      throw new IllegalStateException(
          "bench/plays-checked does not declare the 8 expectations and 3 run objectives: "
              + output.quality()
              + ", "
              + slo);
    }

    // Untimed: the first runs in a process load classes and warm DuckDB and the JIT up.
    Path warmUp = work.resolve("warm-up");
    progress.say("  warm-up: one run of each, untimed");
    try (Mesh mesh = Mesh.open(warmUp)) {
      mesh.lifecycle().deployFiles(List.of(plainSpec, checkedSpec));
      mesh.runs().run(PLAIN, Benchmark.TRIGGER);
      mesh.runs().run(CHECKED, Benchmark.TRIGGER);
    }
    if (!options.keep()) {
      Benchmark.deleteRecursively(warmUp);
    }

    Runs plain = new Runs();
    Runs withChecks = new Runs();
    Samples profiles = new Samples();
    Samples profileCpu = new Samples();
    Map<String, Samples> alone = new LinkedHashMap<>();
    List<CheckRecord> lastChecks = List.of();
    List<ExpectationResult> lastResults = List.of();
    int columns = 0;
    Samples loads = new Samples();
    for (int repeat = 1; repeat <= options.repeat(); repeat++) {
      Path folder = work.resolve("mesh-" + repeat);
      loads.add(loadAverage());
      try (Mesh mesh = Mesh.open(folder)) {
        mesh.lifecycle().deployFiles(List.of(plainSpec, checkedSpec));
        // Alternating, so that neither run always goes first (a cold cache, a busy neighbour).
        boolean plainFirst = repeat % 2 == 1;
        progress.say(
            "  repeat %d of %d: running %s first",
            repeat, options.repeat(), plainFirst ? PLAIN : CHECKED);
        if (plainFirst) {
          run(mesh, PLAIN, plain, progress);
          run(mesh, CHECKED, withChecks, progress);
        } else {
          run(mesh, CHECKED, withChecks, progress);
          run(mesh, PLAIN, plain, progress);
        }
        if (plain.rows != withChecks.rows || plain.rows != options.scale()) {
          throw new IllegalStateException(
              "the plain run wrote "
                  + plain.rows
                  + " rows and the checked run "
                  + withChecks.rows
                  + ", for "
                  + options.scale()
                  + " plays");
        }
        lastChecks = checksOf(mesh, plain, withChecks);

        // The same rows the runs inspected: a port's first run inspects its new data file.
        List<String> files = Benchmark.portFiles(mesh, PLAIN.port(PORT));
        if (files.size() != 1) {
          throw new IllegalStateException("the plain run wrote " + files.size() + " data files");
        }
        String relation = "read_parquet(" + Sql.literal(files.get(0)) + ")";
        try (DuckDbSession session = DuckDbSession.open(engine)) {
          InputViews.create(session, checked.inputs(), Map.of());
          long start = System.nanoTime();
          double cpuStart = cpuSeconds();
          List<ColumnProfile> profile = Profiler.profile(session, output, relation);
          profiles.add(Samples.secondsSince(start));
          profileCpu.add(cpuSeconds() - cpuStart);
          columns = profile.size();
          lastResults = timeAlone(session, output, slo, relation, alone);
        }
        progress.say(
            "  profile alone %.2f s; every expectation alone %.2f s",
            last(profiles), last(alone.get(ALL_EXPECTATIONS)));
      }
      if (!options.keep()) {
        Benchmark.deleteRecursively(folder);
      }
    }

    double plainSeconds = plain.seconds.median();
    double checkedSeconds = withChecks.seconds.median();
    double profileSeconds = profiles.median();
    double unprofiled = plainSeconds - profileSeconds;
    double checkedRatio = checkedSeconds / plainSeconds;
    double totalRatio = checkedSeconds / unprofiled;
    List<ReportRow> rows = new ArrayList<>();
    rows.add(
        new ReportRow(
            CHECKED_MEASURE,
            seconds(checkedSeconds),
            seconds(plainSeconds),
            Benchmark.ratio(checkedRatio),
            "<= " + TARGET + "x",
            Optional.of(checkedRatio <= TARGET)));
    rows.add(
        new ReportRow(
            TOTAL_MEASURE,
            seconds(checkedSeconds),
            seconds(unprofiled),
            Benchmark.ratio(totalRatio),
            "<= " + TARGET + "x",
            Optional.of(totalRatio <= TARGET)));
    rows.add(
        new ReportRow(
            PROFILE_MEASURE,
            seconds(plainSeconds),
            seconds(unprofiled),
            Benchmark.ratio(plainSeconds / unprofiled),
            "-",
            Optional.empty()));

    List<String> details = new ArrayList<>();
    details.add(
        String.format(
            Locale.ROOT,
            "Checked runs: two products over the same %,d generated plays (`data/plays/*.parquet`),"
                + " the output of play-events (same SQL, 7 columns, event log with eventTime"
                + " played_at), each run with `mesh.runs().run` on its empty port (a fresh mesh per"
                + " repeat, the two runs in alternating order, after one untimed run of each). bench/plays-checked declares %s."
                + " bench/plays-plain declares no `quality` and no `slo`. Every run profiles its"
                + " port's %d columns (two scans) whatever it declares; neither run has a previous"
                + " profile, so no drift is compared (that comparison is in memory, on the two"
                + " profiles). Checks recorded by the last checked run: %s.",
            options.scale(),
            DECLARED,
            columns,
            describe(lastChecks)));
    details.add(
        String.format(
            Locale.ROOT,
            "Runs per repeat: with expectations and objectives %s s; without %s s. The checks"
                + " add %.2f s (medians). Per repeat (two runs and a profile back to back), with /"
                + " without: %s; with / without any inspection (estimated): %s. The fastest of"
                + " each (the least disturbed by other work on the machine): with %.2f s, without"
                + " %.2f s, profile %.2f s, ratios %.2fx and %.2fx. System load average (1 minute)"
                + " at each repeat's start: %s, on %d cores.",
            withChecks.seconds.list(value -> value, "%.2f"),
            plain.seconds.list(value -> value, "%.2f"),
            checkedSeconds - plainSeconds,
            perRepeat(withChecks.seconds, plain.seconds, new Samples()),
            perRepeat(withChecks.seconds, plain.seconds, profiles),
            fastest(withChecks.seconds),
            fastest(plain.seconds),
            fastest(profiles),
            fastest(withChecks.seconds) / fastest(plain.seconds),
            fastest(withChecks.seconds) / (fastest(plain.seconds) - fastest(profiles)),
            loads.list(value -> value, "%.1f"),
            Runtime.getRuntime().availableProcessors()));
    double plainCpu = plain.cpuSeconds.median();
    double checkedCpu = withChecks.cpuSeconds.median();
    double profileCpuSeconds = profileCpu.median();
    details.add(
        String.format(
            Locale.ROOT,
            "CPU time of this process (every thread, DuckDB's included), which other work on the"
                + " machine disturbs less than wall time, medians: with expectations and objectives"
                + " %.2f s (%s), without %.2f s (%s), profile alone %.2f s (%s); ratios: with /"
                + " without %.2fx, with / without any inspection (estimated) %.2fx, profile %.2fx.",
            checkedCpu,
            withChecks.cpuSeconds.list(value -> value, "%.2f"),
            plainCpu,
            plain.cpuSeconds.list(value -> value, "%.2f"),
            profileCpuSeconds,
            profileCpu.list(value -> value, "%.2f"),
            checkedCpu / plainCpu,
            checkedCpu / (plainCpu - profileCpuSeconds),
            plainCpu / (plainCpu - profileCpuSeconds)));
    details.add(
        String.format(
            Locale.ROOT,
            "Profile alone: `Profiler.profile` (what every run does) on the plain run's data file"
                + " (`read_parquet`, the relation a port's first run inspects), in a fresh DuckDB"
                + " session with the runs' settings, after the runs: %s s. The run without any"
                + " inspection is estimated as the plain run minus the profile, %.2f s (medians):"
                + " an estimate, since the bench cannot run a product without its inspection.",
            profiles.list(value -> value, "%.2f"),
            unprofiled));
    details.add(
        String.format(
            Locale.ROOT,
            "Each check alone on the same rows and session, median of %d (s): %s. Every"
                + " expectation, timeliness and completeness add up to %.2f s, against the %.2f s"
                + " the checks add to a run. Results: %s.",
            options.repeat(),
            alone.entrySet().stream()
                .map(
                    entry ->
                        entry.getKey()
                            + " "
                            + String.format(Locale.ROOT, "%.2f", entry.getValue().median()))
                .collect(Collectors.joining("; ")),
            alone.get(ALL_EXPECTATIONS).median()
                + alone.get("timeliness").median()
                + alone.get("completeness").median(),
            checkedSeconds - plainSeconds,
            lastResults.stream()
                .map(ExpectationResult::message)
                .collect(Collectors.joining("; "))));
    return new Measured(rows, details);
  }

  /**
   * Times, on the relation, every expectation evaluated together as a run does, the shared scan of
   * nullValues and invalidValues, each expectation that runs a query alone, and each objective a
   * run measures with a query.
   *
   * @return the results of every expectation evaluated together
   */
  private static List<ExpectationResult> timeAlone(
      DuckDbSession session, Output output, Slo slo, String relation, Map<String, Samples> alone) {
    List<ExpectationResult> results =
        timed(
            alone,
            ALL_EXPECTATIONS,
            () -> QualityChecks.evaluate(session, output, relation, Map.of()));
    List<Expectation> scanned =
        output.quality().stream()
            .filter(
                expectation ->
                    expectation.metric() == Expectation.Metric.NULL_VALUES
                        || expectation.metric() == Expectation.Metric.INVALID_VALUES)
            .toList();
    timed(
        alone,
        "the shared scan ("
            + count(scanned, Expectation.Metric.NULL_VALUES)
            + " nullValues, "
            + count(scanned, Expectation.Metric.INVALID_VALUES)
            + " invalidValues)",
        () -> QualityChecks.evaluate(session, withQuality(output, scanned), relation, Map.of()));
    for (Expectation expectation : output.quality()) {
      if (expectation.metric() == Expectation.Metric.ROW_COUNT) {
        continue; // counted in the shared scan, from the Parquet metadata when alone
      }
      timed(
          alone,
          expectation.name(),
          () ->
              QualityChecks.evaluate(
                  session, withQuality(output, List.of(expectation)), relation, Map.of()));
    }
    Slo.Timeliness timeliness = slo.timeliness().orElseThrow();
    timed(
        alone,
        "timeliness",
        () -> SloMeasures.timeliness(session, relation, Instant.now(), timeliness));
    Slo.Completeness completeness = slo.completeness().orElseThrow();
    timed(
        alone,
        "completeness",
        () -> SloMeasures.completeness(session, completeness, relation, Set.of("plays")));
    return results;
  }

  private static long count(List<Expectation> expectations, Expectation.Metric metric) {
    return expectations.stream().filter(expectation -> expectation.metric() == metric).count();
  }

  private static <T> T timed(Map<String, Samples> samples, String name, Supplier<T> work) {
    long start = System.nanoTime();
    T result = work.get();
    samples.computeIfAbsent(name, ignored -> new Samples()).add(Samples.secondsSince(start));
    return result;
  }

  private static Output withQuality(Output output, List<Expectation> quality) {
    return new Output(
        output.name(),
        output.description(),
        output.sql(),
        output.eventTime(),
        output.key(),
        output.schema(),
        output.access(),
        output.slo(),
        quality);
  }

  private static void run(Mesh mesh, ProductId product, Runs runs, Progress progress) {
    long start = System.nanoTime();
    double cpuStart = cpuSeconds();
    RunRecord run = mesh.runs().run(product, Benchmark.TRIGGER);
    double seconds = Samples.secondsSince(start);
    runs.seconds.add(seconds);
    runs.cpuSeconds.add(cpuSeconds() - cpuStart);
    runs.ids.add(run.id());
    runs.rows = run.rowsWritten();
    progress.say("  %s: %,d rows in %.2f s", product, run.rowsWritten(), seconds);
  }

  /**
   * The checks of the last two runs, which must be none for the plain run and every declared
   * expectation and objective for the checked one, each with a profile recorded.
   */
  private static List<CheckRecord> checksOf(Mesh mesh, Runs plain, Runs checked) {
    String plainRun = plain.ids.get(plain.ids.size() - 1);
    String checkedRun = checked.ids.get(checked.ids.size() - 1);
    List<CheckRecord> plainChecks = mesh.registry().trust().ofRun(plainRun);
    List<CheckRecord> checks = mesh.registry().trust().ofRun(checkedRun);
    long expectations =
        checks.stream().filter(check -> check.kind() == CheckRecord.Kind.EXPECTATION).count();
    long objectives = checks.stream().filter(check -> check.kind() == CheckRecord.Kind.SLO).count();
    if (!plainChecks.isEmpty() || expectations != 8 || objectives != 4) {
      throw new IllegalStateException(
          "expected no check of the plain run and 8 expectations and 4 objectives (timeliness p50"
              + " and p95, completeness, volume) of the checked one, got "
              + plainChecks.size()
              + " and "
              + checks.size()
              + ": "
              + describe(checks));
    }
    for (ProductId product : List.of(PLAIN, CHECKED)) {
      if (mesh.registry().trust().latestProfile(product, PORT).isEmpty()) {
        throw new IllegalStateException("the run of " + product + " recorded no profile");
      }
    }
    return checks;
  }

  private static String describe(List<CheckRecord> checks) {
    return checks.stream()
        .map(
            check ->
                check.name()
                    + " "
                    + (check.passed() ? "passed" : "FAILED")
                    + check.observed().map(observed -> " (" + observed + ")").orElse(""))
        .collect(Collectors.joining(", "));
  }

  /** The spec of one of the two products: play-events' output, with or without its checks. */
  static String spec(ProductId id, String playsGlob, boolean checked) {
    StringBuilder yaml = new StringBuilder();
    yaml.append(
        """
        apiVersion: quanta/v1
        kind: DataProduct
        metadata:
          domain: %s
          name: %s
          version: 1.0.0
          owner: bench@example.com
          description: >-
            The generated plays, as play-events publishes them, for the benchmark of the checks
            every run makes.
          kind: source-aligned
          tags: [bench]
        inputs:
          - name: plays
            file: %s
        outputs:
          - name: events
            description: One row per play of an episode.
            sql: |
              SELECT play_id, user_id, podcast_id, episode, played_at, seconds, device
              FROM plays
            eventTime: played_at
        """
            .formatted(id.domain(), id.name(), yamlString(playsGlob)));
    if (checked) {
      yaml.append(
          """
              quality:
                - metric: duplicateValues
                  columns: [play_id]
                - metric: rowCount
                - type: sql
                  name: no-future-plays
                  query: SELECT * FROM port WHERE played_at > now() + INTERVAL 1 DAY
                  severity: warn
          """);
    }
    yaml.append(
        """
            schema:
              - name: play_id
                type: bigint
              - name: user_id
                type: string
        """);
    if (checked) {
      yaml.append(
          """
                  quality:
                    - metric: nullValues
          """);
    }
    yaml.append(
        """
              - name: podcast_id
                type: string
        """);
    if (checked) {
      yaml.append(
          """
                  quality:
                    - metric: invalidValues
                      arguments: {pattern: "p[0-9]{5}"}
          """);
    }
    yaml.append(
        """
              - name: episode
                type: integer
              - name: played_at
                type: timestamp
        """);
    if (checked) {
      yaml.append(
          """
                  quality:
                    - metric: nullValues
          """);
    }
    yaml.append(
        """
              - name: seconds
                type: integer
        """);
    if (checked) {
      yaml.append(
          """
                  quality:
                    - metric: invalidValues
                      arguments: {minimum: 0, maximum: 86400}
          """);
    }
    yaml.append(
        """
              - name: device
                type: string
        """);
    if (checked) {
      yaml.append(
          """
                  quality:
                    - metric: invalidValues
                      arguments: {validValues: [ios, android, web, smart-speaker, car]}
                      severity: warn
          slo:
            freshness: PT24H
            timeliness: {p50: P30D, p95: P45D}
            completeness: {min: 0.99, against: plays}
            volume: {min: 1, max: 1000000000}
          """);
    }
    return yaml.toString();
  }

  private static String yamlString(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  /**
   * The ratios of each repeat, {@code with / (without - subtracted)}, e.g. {@code 1.21x, 1.30x};
   * {@code subtracted} empty for none.
   */
  private static String perRepeat(Samples with, Samples without, Samples subtracted) {
    List<Double> numerators = with.values();
    List<Double> denominators = without.values();
    List<Double> minus = subtracted.values();
    List<String> ratios = new ArrayList<>();
    for (int i = 0; i < numerators.size(); i++) {
      double denominator = denominators.get(i) - (minus.isEmpty() ? 0 : minus.get(i));
      ratios.add(Benchmark.ratio(numerators.get(i) / denominator));
    }
    return String.join(", ", ratios);
  }

  private static double fastest(Samples samples) {
    return samples.values().stream().mapToDouble(Double::doubleValue).min().orElseThrow();
  }

  /**
   * The CPU time of this process so far, every thread included (DuckDB's worker threads are this
   * process's): what a run costs, whatever else the machine is doing.
   */
  private static double cpuSeconds() {
    if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime() / 1e9;
    }
    return Double.NaN;
  }

  private static double loadAverage() {
    return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  private static double last(Samples samples) {
    List<Double> values = samples.values();
    return values.get(values.size() - 1);
  }

  private static String seconds(double seconds) {
    return String.format(Locale.ROOT, "%.2f", seconds);
  }
}
