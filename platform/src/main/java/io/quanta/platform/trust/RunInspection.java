package io.quanta.platform.trust;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quanta.engine.DuckDbSession;
import io.quanta.engine.Materializer;
import io.quanta.engine.Sql;
import io.quanta.engine.quality.ColumnProfile;
import io.quanta.engine.quality.Drift;
import io.quanta.engine.quality.DriftWarning;
import io.quanta.engine.quality.ExpectationResult;
import io.quanta.engine.quality.Profiler;
import io.quanta.engine.quality.QualityChecks;
import io.quanta.engine.quality.SloMeasures;
import io.quanta.error.ErrorCode;
import io.quanta.error.QuantaException;
import io.quanta.platform.registry.CheckRecord;
import io.quanta.platform.registry.TrustStore;
import io.quanta.spec.Column;
import io.quanta.spec.Expectation;
import io.quanta.spec.Output;
import io.quanta.spec.PortId;
import io.quanta.spec.ProductSpec;
import io.quanta.spec.Slo;
import io.quanta.spec.SystemColumns;
import io.quanta.storage.QuarantineTable;
import io.quanta.storage.Warehouse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What one run checks of the ports it computes, before it may commit (docs/trust.md): the ports'
 * quality expectations, the objectives a run measures (timeliness, completeness, volume), a profile
 * of every column and its drift from the previous run's. An {@code error} expectation that fails
 * stops the run after every port was checked: the rows that broke it are written to the port's
 * quarantine table and the run commits nothing. Not thread safe: one per run.
 */
public final class RunInspection {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ProductSpec spec;
  private final String runId;
  private Instant processedAt = Instant.EPOCH;
  private final Warehouse warehouse;
  private final TrustStore trust;
  private final Map<PortId, String> linkedInputs;
  private final Set<String> inputNames;
  private final Map<String, String> quarantineFiles = new LinkedHashMap<>();
  private final List<CheckRecord> checks = new ArrayList<>();
  private final List<TrustStore.ProfileRecord> profiles = new ArrayList<>();
  private final List<String> failures = new ArrayList<>();
  private final List<String> quarantined = new ArrayList<>();
  private final Map<String, QuarantineTable> quarantines = new LinkedHashMap<>();
  private final java.util.Set<String> committed = new java.util.HashSet<>();

  /**
   * @param linkedInputs the product's inputs by the upstream port they read, for referential
   *     integrity
   * @param inputNames every input's name, the tables a completeness {@code expected} may read
   */
  public RunInspection(
      ProductSpec spec,
      String runId,
      Warehouse warehouse,
      TrustStore trust,
      Map<PortId, String> linkedInputs,
      Set<String> inputNames) {
    this.spec = requireNonNull(spec, "spec is null");
    this.runId = requireNonNull(runId, "runId is null");
    this.warehouse = requireNonNull(warehouse, "warehouse is null");
    this.trust = requireNonNull(trust, "trust is null");
    this.linkedInputs = Map.copyOf(linkedInputs);
    this.inputNames = Set.copyOf(inputNames);
  }

  /**
   * The files the run may write its quarantined rows to, one per port with an {@code error}
   * expectation; the run's DuckDB session must be allowed to write them.
   */
  public List<String> quarantineFiles() {
    for (Output output : spec.outputs()) {
      boolean mayQuarantine =
          output.quality().stream()
              .anyMatch(
                  e ->
                      e.severity() == Expectation.Severity.ERROR
                          && e.metric() != Expectation.Metric.ROW_COUNT);
      if (mayQuarantine && !quarantineFiles.containsKey(output.name())) {
        QuarantineTable table =
            warehouse.quarantine(spec.id().port(output.name()), output.schema());
        quarantines.put(output.name(), table);
        quarantineFiles.put(output.name(), table.newFileLocation(runId, "quarantine"));
      }
    }
    return List.copyOf(quarantineFiles.values());
  }

  /**
   * The inspection of one port, to hand to the materializer.
   *
   * @param processedAt the run's processing time
   */
  public Materializer.Inspection of(DuckDbSession session, Output output, Instant processedAt) {
    this.processedAt = requireNonNull(processedAt, "processedAt is null");
    return (result, added) -> inspect(session, output, result, added);
  }

  private void inspect(DuckDbSession session, Output output, String result, String added) {
    String port = output.name();
    Instant now = processedAt;
    long rows = session.queryLong("SELECT count(*) FROM " + result);

    List<ExpectationResult> results = QualityChecks.evaluate(session, output, result, linkedInputs);
    List<ExpectationResult> broken = new ArrayList<>();
    for (ExpectationResult expectation : results) {
      Expectation declared = expectation.expectation();
      checks.add(
          new CheckRecord(
              0,
              spec.id(),
              Optional.of(port),
              Optional.of(runId),
              CheckRecord.Kind.EXPECTATION,
              declared.name(),
              declared.severity().specName(),
              expectation.passed(),
              Optional.of(number(expectation.observed())),
              Optional.of(
                  declared.threshold().describe()
                      + (declared.unit() == Expectation.Unit.PERCENT ? " %" : "")),
              OptionalLong.of(expectation.failingRows()),
              OptionalLong.of(expectation.rows()),
              expectation.message(),
              now));
      if (expectation.failsRun()) {
        broken.add(expectation);
      }
    }
    if (!broken.isEmpty()) {
      quarantine(session, output, result, broken);
    }

    Slo slo = spec.slo(output);
    slo.volume()
        .ifPresent(
            volume -> {
              SloMeasures.VolumeMeasure measure = SloMeasures.volume(rows, volume);
              checks.add(
                  sloCheck(
                      port,
                      "volume",
                      measure.passed(),
                      Long.toString(measure.rows()),
                      TrustService.describe(volume),
                      measure.message()));
            });
    slo.completeness()
        .ifPresent(
            completeness -> {
              SloMeasures.CompletenessMeasure measure =
                  SloMeasures.completeness(session, completeness, result, inputNames);
              checks.add(
                  sloCheck(
                      port,
                      "completeness",
                      measure.passed(),
                      number(measure.ratio()),
                      ">= " + completeness.min(),
                      measure.message()));
            });
    if (slo.timeliness().isPresent() && output.eventTime().isPresent()) {
      Slo.Timeliness timeliness = slo.timeliness().get();
      SloMeasures.timeliness(session, added, processedAt, timeliness)
          .ifPresent(
              measure -> {
                timeliness
                    .p50()
                    .ifPresent(
                        max ->
                            checks.add(
                                sloCheck(
                                    port,
                                    "timeliness.p50",
                                    measure.p50().compareTo(max) <= 0,
                                    measure.p50().toString(),
                                    "<= " + max,
                                    measure.message())));
                timeliness
                    .p95()
                    .ifPresent(
                        max ->
                            checks.add(
                                sloCheck(
                                    port,
                                    "timeliness.p95",
                                    measure.p95().compareTo(max) <= 0,
                                    measure.p95().toString(),
                                    "<= " + max,
                                    measure.message())));
              });
    }

    List<ColumnProfile> profile = Profiler.profile(session, output, result);
    profiles.add(new TrustStore.ProfileRecord(runId, spec.id(), port, rows, json(profile), now));
    previousProfile(port)
        .ifPresent(
            previous -> {
              for (DriftWarning warning : Drift.compare(previous, profile)) {
                checks.add(
                    new CheckRecord(
                        0,
                        spec.id(),
                        Optional.of(port),
                        Optional.of(runId),
                        CheckRecord.Kind.DRIFT,
                        "drift."
                            + warning.measure().name().toLowerCase(java.util.Locale.ROOT)
                            + "("
                            + warning.column()
                            + ")",
                        "warn",
                        false,
                        Optional.of(number(warning.current())),
                        Optional.of("previous " + number(warning.previous())),
                        OptionalLong.empty(),
                        OptionalLong.of(rows),
                        warning.message(),
                        now));
              }
            });
  }

  /**
   * Writes the rows breaking the port's error expectations to its quarantine file, each with the
   * expectation and the reason.
   */
  private void quarantine(
      DuckDbSession session, Output output, String result, List<ExpectationResult> broken) {
    String file = quarantineFiles.get(output.name());
    QuarantineTable table = quarantines.get(output.name());
    List<String> selects = new ArrayList<>();
    String columns =
        output.schema().stream()
            .map(Column::name)
            .map(Sql::identifier)
            .collect(Collectors.joining(", "));
    for (ExpectationResult expectation : broken) {
      failures.add(expectation.message());
      if (file == null) {
        continue;
      }
      Optional<String> failing =
          QualityChecks.failingRows(expectation.expectation(), output, result, linkedInputs);
      failing.ifPresent(
          select ->
              selects.add(
                  "SELECT "
                      + columns
                      + ", "
                      + Sql.identifier(SystemColumns.EVENT_TIME)
                      + ", "
                      + io.quanta.engine.PortReads.timestamp(processedAt)
                      + " AS "
                      + Sql.identifier(SystemColumns.PROCESSED_AT)
                      + ", "
                      + Sql.literal(runId)
                      + " AS "
                      + Sql.identifier(SystemColumns.RUN_ID)
                      + ", "
                      + Sql.literal(expectation.expectation().name())
                      + " AS "
                      + Sql.identifier(QuarantineTable.CHECK_COLUMN)
                      + ", "
                      + Sql.literal(expectation.message())
                      + " AS "
                      + Sql.identifier(QuarantineTable.REASON_COLUMN)
                      + " FROM ("
                      + select
                      + ") AS __quanta_failing"));
    }
    if (selects.isEmpty()) {
      return;
    }
    String ids =
        table.fieldIds().entrySet().stream()
            .map(entry -> Sql.literal(entry.getKey()) + ": " + entry.getValue())
            .collect(Collectors.joining(", ", "{", "}"));
    session.execute(
        "COPY ("
            + String.join(" UNION ALL ", selects)
            + ") TO "
            + Sql.literal(file)
            + " (FORMAT parquet, COMPRESSION zstd, FIELD_IDS "
            + ids
            + ")");
    long rows = session.queryLong("SELECT count(*) FROM read_parquet(" + Sql.literal(file) + ")");
    quarantined.add(
        rows
            + (rows == 1 ? " row" : " rows")
            + " of '"
            + output.name()
            + "' quarantined in "
            + Warehouse.identifier(table.port())
            + "_quarantine");
  }

  /**
   * Fails the run if an error expectation failed, after committing the quarantined rows: the run's
   * data is not committed, the evidence is.
   *
   * @throws QuantaException {@code RUN_FAILED} saying which expectations failed and where the rows
   *     went
   */
  public void failIfBroken() {
    if (failures.isEmpty()) {
      return;
    }
    commitQuarantine();
    throw new QuantaException(ErrorCode.RUN_FAILED, brokenSummary().orElseThrow());
  }

  /** Whether an error expectation failed. */
  public boolean broken() {
    return !failures.isEmpty();
  }

  /** Which error expectations failed and where their rows went, if any failed. */
  public Optional<String> brokenSummary() {
    if (failures.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        "quality expectations with severity error failed: "
            + String.join("; ", failures)
            + (quarantined.isEmpty() ? "" : ". " + String.join("; ", quarantined)));
  }

  /**
   * Commits every quarantine file written so far, port by port (also when the run then fails for
   * another reason: the rows an expectation rejected stay rejected).
   */
  public void commitQuarantine() {
    for (Map.Entry<String, QuarantineTable> entry : quarantines.entrySet()) {
      String file = quarantineFiles.get(entry.getKey());
      if (!committed.contains(file) && java.nio.file.Files.exists(java.nio.file.Path.of(file))) {
        entry.getValue().append(List.of(file));
        committed.add(file);
      }
    }
  }

  /** The quarantine files written but not committed (a run that failed for another reason). */
  public List<String> uncommittedQuarantineFiles() {
    return quarantineFiles.values().stream().filter(file -> !committed.contains(file)).toList();
  }

  /** Every check the run made so far. */
  public List<CheckRecord> checks() {
    return List.copyOf(checks);
  }

  /** The profiles of the ports the run computed. */
  public List<TrustStore.ProfileRecord> profiles() {
    return List.copyOf(profiles);
  }

  private CheckRecord sloCheck(
      String port,
      String objective,
      boolean passed,
      String observed,
      String target,
      String message) {
    return new CheckRecord(
        0,
        spec.id(),
        Optional.of(port),
        Optional.of(runId),
        CheckRecord.Kind.SLO,
        objective,
        "error",
        passed,
        Optional.of(observed),
        Optional.of(target),
        OptionalLong.empty(),
        OptionalLong.empty(),
        message,
        processedAt);
  }

  private Optional<List<ColumnProfile>> previousProfile(String port) {
    return trust
        .latestProfile(spec.id(), port)
        .map(
            record -> {
              try {
                return JSON.readValue(
                    record.columns(), new TypeReference<List<ColumnProfile>>() {});
              } catch (JsonProcessingException e) {
                return null;
              }
            });
  }

  private static String json(List<ColumnProfile> profile) {
    try {
      return JSON.writeValueAsString(profile);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot serialize a profile", e);
    }
  }

  private static String number(double value) {
    return value == Math.rint(value) && Math.abs(value) < 1e15
        ? Long.toString((long) value)
        : String.format(java.util.Locale.ROOT, "%.4f", value);
  }
}
