package io.quanta.platform.trust;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quanta.governance.Reader;
import io.quanta.governance.policy.PortDecision;
import io.quanta.platform.governance.PolicyService;
import io.quanta.platform.lifecycle.DeployedSpecs;
import io.quanta.platform.registry.CheckRecord;
import io.quanta.platform.registry.ProductVersion;
import io.quanta.platform.registry.Registry;
import io.quanta.platform.registry.RunRecord;
import io.quanta.platform.registry.RunState;
import io.quanta.platform.registry.TrustStore;
import io.quanta.spec.Output;
import io.quanta.spec.ProductRef;
import io.quanta.spec.ProductSpec;
import io.quanta.spec.Slo;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Where a product's objectives stand and what its runs found (docs/trust.md). Freshness and
 * availability are evaluated when asked (they change with time, not with runs); timeliness,
 * completeness and volume are what the latest run measured. Thread safe.
 */
public final class TrustService {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** How many runs the history shows. */
  public static final int HISTORY = 10;

  private final Registry registry;
  private final DeployedSpecs specs;
  private final PolicyService policies;
  private final Clock clock;

  public TrustService(Registry registry, DeployedSpecs specs, PolicyService policies, Clock clock) {
    this.registry = requireNonNull(registry, "registry is null");
    this.specs = requireNonNull(specs, "specs is null");
    this.policies = requireNonNull(policies, "policies is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  /** The overall status of a product's objectives, as search facets and summaries show it. */
  public String sloStatus(ProductSpec spec) {
    return SloStatus.overall(slos(spec));
  }

  /** Every declared objective of every port of the product, and where it stands now. */
  public List<SloStatus> slos(ProductSpec spec) {
    Instant now = clock.instant();
    Optional<Instant> lastCommit = registry.runs().lastProcessedAt(spec.id());
    List<CheckRecord> measured = registry.trust().latestRunMeasurements(spec.id());
    List<SloStatus> statuses = new ArrayList<>();
    for (Output output : spec.outputs()) {
      Slo slo = spec.slo(output);
      String port = output.name();
      slo.freshness().ifPresent(maxAge -> statuses.add(freshness(port, maxAge, lastCommit, now)));
      slo.timeliness()
          .ifPresent(
              timeliness -> {
                timeliness
                    .p50()
                    .ifPresent(
                        max ->
                            statuses.add(measured(port, "timeliness.p50", "<= " + max, measured)));
                timeliness
                    .p95()
                    .ifPresent(
                        max ->
                            statuses.add(measured(port, "timeliness.p95", "<= " + max, measured)));
              });
      slo.completeness()
          .ifPresent(
              completeness ->
                  statuses.add(
                      measured(port, "completeness", ">= " + completeness.min(), measured)));
      slo.volume()
          .ifPresent(volume -> statuses.add(measured(port, "volume", describe(volume), measured)));
      slo.availability()
          .ifPresent(availability -> statuses.add(availability(spec, port, availability, now)));
    }
    return statuses;
  }

  /**
   * The objectives evaluated between runs (freshness, availability), as checks to record and to
   * alert on. Objectives never measured yet are left out.
   */
  public List<CheckRecord> evaluateBetweenRuns(ProductSpec spec) {
    Instant now = clock.instant();
    List<CheckRecord> checks = new ArrayList<>();
    for (SloStatus status : slos(spec)) {
      boolean betweenRuns =
          status.objective().equals("freshness") || status.objective().equals("availability");
      if (!betweenRuns || status.status().equals(SloStatus.NOT_EVALUATED)) {
        continue;
      }
      checks.add(
          new CheckRecord(
              0,
              spec.id(),
              Optional.of(status.port()),
              Optional.empty(),
              CheckRecord.Kind.SLO,
              status.objective(),
              "error",
              status.status().equals(SloStatus.MET),
              Optional.ofNullable(status.observed()),
              Optional.of(status.target()),
              OptionalLong.empty(),
              OptionalLong.empty(),
              status.message(),
              now));
    }
    return checks;
  }

  /** Every objective of every deployed product, as metric gauges. */
  public List<io.quanta.platform.metrics.MeshMetrics.SloGauge> gauges() {
    List<io.quanta.platform.metrics.MeshMetrics.SloGauge> gauges = new ArrayList<>();
    for (ProductSpec spec : specs.all()) {
      for (SloStatus status : slos(spec)) {
        double value =
            switch (status.status()) {
              case SloStatus.MET -> 1;
              case SloStatus.BREACHED -> 0;
              default -> Double.NaN;
            };
        gauges.add(
            new io.quanta.platform.metrics.MeshMetrics.SloGauge(
                spec.id().toString(), status.port(), status.objective(), value));
      }
    }
    return gauges;
  }

  /** The observability port of the product version a reference means, written for the reader. */
  public ProductTrust observe(ProductRef ref, Reader reader) {
    ProductVersion version = specs.resolve(ref);
    ProductSpec spec = specs.spec(version);
    List<SloStatus> slos = slos(spec);
    Optional<RunRecord> checkedRun = latestFinishedRun(spec);
    List<ProductTrust.CheckResult> checks = new ArrayList<>();
    checkedRun.ifPresent(
        run ->
            registry
                .trust()
                .ofRun(run.id())
                .forEach(check -> checks.add(forReader(spec, check, reader))));
    List<ProductTrust.PortProfile> profiles = new ArrayList<>();
    for (Output output : spec.outputs()) {
      profiles.add(profile(spec, output, reader));
    }
    List<ProductTrust.RunHistory> runs = new ArrayList<>();
    for (RunRecord run : registry.runs().list(spec.id(), HISTORY)) {
      int failed =
          (int) registry.trust().ofRun(run.id()).stream().filter(check -> !check.passed()).count();
      runs.add(
          new ProductTrust.RunHistory(
              run.id(),
              run.state().text(),
              run.trigger(),
              run.startedAt().toString(),
              run.finishedAt().map(Instant::toString).orElse(null),
              run.rowsWritten(),
              failed,
              run.error().orElse(null)));
    }
    return new ProductTrust(
        spec.id().product().toString(),
        spec.id().major(),
        SloStatus.overall(slos),
        slos,
        checks,
        checkedRun.map(RunRecord::id).orElse(null),
        profiles,
        runs,
        schedule(spec, version));
  }

  private ProductTrust.ScheduleView schedule(ProductSpec spec, ProductVersion version) {
    io.quanta.spec.Schedule schedule = spec.schedule();
    if (schedule.isManual()) {
      return new ProductTrust.ScheduleView("manual (quanta run)", null, null);
    }
    List<String> parts = new ArrayList<>();
    schedule.cron().ifPresent(cron -> parts.add("cron '" + cron + "' (UTC)"));
    schedule.interval().ifPresent(interval -> parts.add("every " + interval));
    if (schedule.onUpstreamCommit()) {
      parts.add("when an upstream product commits");
    }
    String declared =
        String.join(", ", parts)
            + "; "
            + schedule.retries()
            + " retries from "
            + schedule.backoff();
    Optional<io.quanta.platform.schedule.ScheduleStatus.Due> next =
        io.quanta.platform.schedule.Scheduler.nextPlanned(
            schedule,
            version.firstDeployedAt(),
            registry.runs().lastStart(spec.id()).map(start -> start.startedAt()),
            clock.instant());
    return new ProductTrust.ScheduleView(
        declared,
        next.map(due -> due.at().toString()).orElse(null),
        next.map(due -> due.reason().name().toLowerCase(java.util.Locale.ROOT)).orElse(null));
  }

  /**
   * A check as the reader may see it: a drift warning states a column's statistics (its mean, its
   * null rate), so on a column masked for the reader it says only that the column drifted.
   */
  private ProductTrust.CheckResult forReader(ProductSpec spec, CheckRecord check, Reader reader) {
    ProductTrust.CheckResult result = result(check);
    if (check.port().isEmpty()) {
      return result;
    }
    PortDecision decision = policies.decide(spec.id().port(check.port().get()), reader);
    String name = check.name();
    // Counts over rows the reader may not see (row filters, minimum group sizes) would tell what
    // the policies hide; so would a drift of a masked column's statistics.
    boolean rowsHidden =
        !decision.allowed() || !decision.filters().isEmpty() || !decision.minGroupSizes().isEmpty();
    boolean maskedDrift =
        check.kind() == CheckRecord.Kind.DRIFT
            && decision.masks().keySet().stream()
                .anyMatch(column -> name.endsWith("(" + column + ")"));
    if (!rowsHidden && !maskedDrift) {
      return result;
    }
    return new ProductTrust.CheckResult(
        result.port(),
        result.kind(),
        result.name(),
        result.severity(),
        result.status(),
        null,
        null,
        null,
        null,
        check.kind() == CheckRecord.Kind.DRIFT
            ? "the column's profile drifted since the previous run (details hidden: masked or"
                + " filtered for you)"
            : "details hidden: rows of this port are filtered for you",
        result.checkedAt());
  }

  /** A check as consumers see it. */
  public static ProductTrust.CheckResult result(CheckRecord check) {
    return new ProductTrust.CheckResult(
        check.port().orElse(null),
        check.kind().dbName(),
        check.name(),
        check.severity(),
        check.passed() ? "passed" : "failed",
        check.observed().orElse(null),
        check.threshold().orElse(null),
        check.failingRows().isPresent() ? check.failingRows().getAsLong() : null,
        check.totalRows().isPresent() ? check.totalRows().getAsLong() : null,
        check.message(),
        check.checkedAt().toString());
  }

  /**
   * The port's latest profile as the reader may see it. A profile describes every row in clear, so
   * a reader whose rows are filtered sees none, and a masked column shows only its mask.
   */
  private ProductTrust.PortProfile profile(ProductSpec spec, Output output, Reader reader) {
    Optional<TrustStore.ProfileRecord> latest =
        registry.trust().latestProfile(spec.id(), output.name());
    if (latest.isEmpty()) {
      return new ProductTrust.PortProfile(
          output.name(), null, null, null, null, "not profiled yet: no run computed the port");
    }
    PortDecision decision = policies.decide(spec.id().port(output.name()), reader);
    if (!decision.allowed()) {
      return new ProductTrust.PortProfile(
          output.name(), null, null, null, null, "not allowed to read this port");
    }
    if (!decision.filters().isEmpty() || !decision.minGroupSizes().isEmpty()) {
      return new ProductTrust.PortProfile(
          output.name(),
          null,
          null,
          null,
          null,
          "rows of this port are filtered for you, and its profile describes every row");
    }
    TrustStore.ProfileRecord record = latest.get();
    JsonNode columns;
    try {
      columns = JSON.readTree(record.columns());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Unreadable profile of run " + record.runId(), e);
    }
    if (!decision.masks().isEmpty() && columns instanceof ArrayNode array) {
      ArrayNode shown = JSON.createArrayNode();
      for (JsonNode column : array) {
        String name = column.path(ProfileJson.COLUMN_FIELD).asText();
        if (decision.masks().containsKey(name)) {
          ObjectNode masked = JSON.createObjectNode();
          masked.put(ProfileJson.COLUMN_FIELD, name);
          masked.put("masked", decision.masks().get(name).mask().describe());
          shown.add(masked);
        } else {
          shown.add(column);
        }
      }
      columns = shown;
    }
    return new ProductTrust.PortProfile(
        output.name(), record.runId(), record.rows(), record.at().toString(), columns, null);
  }

  private Optional<RunRecord> latestFinishedRun(ProductSpec spec) {
    return registry.runs().list(spec.id(), 5).stream()
        .filter(run -> run.state() != RunState.RUNNING)
        .findFirst();
  }

  private static SloStatus freshness(
      String port, Duration maxAge, Optional<Instant> lastCommit, Instant now) {
    String target = "<= " + maxAge;
    if (lastCommit.isEmpty()) {
      return new SloStatus(
          port, "freshness", target, null, SloStatus.NOT_EVALUATED, null, "no run committed yet");
    }
    Duration age = Duration.between(lastCommit.get(), now);
    boolean met = age.compareTo(maxAge) <= 0;
    return new SloStatus(
        port,
        "freshness",
        target,
        age.withNanos(0).toString(),
        met ? SloStatus.MET : SloStatus.BREACHED,
        now.toString(),
        "the newest data is "
            + human(age)
            + " old (last commit "
            + lastCommit.get()
            + "); at most "
            + human(maxAge)
            + " promised");
  }

  private static SloStatus measured(
      String port, String objective, String target, List<CheckRecord> measured) {
    return measured.stream()
        .filter(
            check ->
                check.kind() == CheckRecord.Kind.SLO
                    && check.name().equals(objective)
                    && check.port().equals(Optional.of(port)))
        .findFirst()
        .map(
            check ->
                new SloStatus(
                    port,
                    objective,
                    target,
                    check.observed().orElse(null),
                    check.passed() ? SloStatus.MET : SloStatus.BREACHED,
                    check.checkedAt().toString(),
                    check.message()))
        .orElseGet(
            () ->
                new SloStatus(
                    port,
                    objective,
                    target,
                    null,
                    SloStatus.NOT_EVALUATED,
                    null,
                    "not measured yet: no run has measured it"));
  }

  private SloStatus availability(
      ProductSpec spec, String port, Slo.Availability availability, Instant now) {
    String target = ">= " + availability.min() + " over " + iso(availability.window());
    TrustStore.ProbeCount probes =
        registry.trust().probes(spec.id(), port, now.minus(availability.window()));
    if (probes.probes() == 0) {
      return new SloStatus(
          port,
          "availability",
          target,
          null,
          SloStatus.NOT_EVALUATED,
          null,
          "not probed yet: quanta up probes ports with an availability objective every minute");
    }
    double share = probes.availability();
    return new SloStatus(
        port,
        "availability",
        target,
        String.format(java.util.Locale.ROOT, "%.4f", share),
        share >= availability.min() ? SloStatus.MET : SloStatus.BREACHED,
        now.toString(),
        probes.succeeded()
            + " of "
            + probes.probes()
            + " probes succeeded over the last "
            + iso(availability.window()));
  }

  /** A volume objective as a target, e.g. {@code >= 1 and <= 1000 rows per run}. */
  static String describe(Slo.Volume volume) {
    List<String> bounds = new ArrayList<>();
    volume.min().ifPresent(min -> bounds.add(">= " + min));
    volume.max().ifPresent(max -> bounds.add("<= " + max));
    return String.join(" and ", bounds) + " rows per run";
  }

  /** A duration in ISO-8601, in days when it is whole days (P30D rather than PT720H). */
  static String iso(Duration duration) {
    return !duration.isZero() && duration.toSeconds() % 86_400 == 0
        ? "P" + duration.toDays() + "D"
        : duration.toString();
  }

  /** A duration as people say it: 3h 12m, 2d 4h, 45s. */
  static String human(Duration duration) {
    long seconds = Math.max(0, duration.getSeconds());
    long days = seconds / 86_400;
    long hours = seconds % 86_400 / 3_600;
    long minutes = seconds % 3_600 / 60;
    if (days > 0) {
      return days + "d " + hours + "h";
    }
    if (hours > 0) {
      return hours + "h " + minutes + "m";
    }
    if (minutes > 0) {
      return minutes + "m " + seconds % 60 + "s";
    }
    return seconds + "s";
  }
}
