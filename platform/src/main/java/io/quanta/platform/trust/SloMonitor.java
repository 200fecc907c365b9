package io.quanta.platform.trust;

import static java.util.Objects.requireNonNull;

import io.quanta.engine.DuckDbSession;
import io.quanta.engine.PortData;
import io.quanta.engine.PortReads;
import io.quanta.engine.Sessions;
import io.quanta.platform.alerts.AlertService;
import io.quanta.platform.alerts.CheckOutcome;
import io.quanta.platform.discovery.SearchService;
import io.quanta.platform.lifecycle.DeployedSpecs;
import io.quanta.platform.metrics.MeshMetrics;
import io.quanta.platform.read.PortFiles;
import io.quanta.platform.registry.CheckRecord;
import io.quanta.platform.registry.PortSnapshotRecord;
import io.quanta.platform.registry.Registry;
import io.quanta.spec.Output;
import io.quanta.spec.PortId;
import io.quanta.spec.ProductId;
import io.quanta.spec.ProductSpec;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches what products promise between and after runs (docs/trust.md): hands every run's checks to
 * the alerts, probes the ports that promise availability, evaluates freshness and availability as
 * time passes (recording each change of status), and refreshes a product's search entry when its
 * SLO status changes. {@code quanta up} calls {@link #checkOnce} every minute. Thread safe.
 */
public final class SloMonitor {
  private static final Logger LOG = LoggerFactory.getLogger(SloMonitor.class);

  private final Registry registry;
  private final DeployedSpecs specs;
  private final TrustService trust;
  private final PortFiles portFiles;
  private final Sessions sessions;
  private final AlertService alerts;
  private final SearchService search;
  private final MeshMetrics metrics;
  private final Clock clock;
  private final Map<ProductId, String> lastStatus = new ConcurrentHashMap<>();

  public SloMonitor(
      Registry registry,
      DeployedSpecs specs,
      TrustService trust,
      PortFiles portFiles,
      Sessions sessions,
      AlertService alerts,
      SearchService search,
      MeshMetrics metrics,
      Clock clock) {
    this.registry = requireNonNull(registry, "registry is null");
    this.specs = requireNonNull(specs, "specs is null");
    this.trust = requireNonNull(trust, "trust is null");
    this.portFiles = requireNonNull(portFiles, "portFiles is null");
    this.sessions = requireNonNull(sessions, "sessions is null");
    this.alerts = requireNonNull(alerts, "alerts is null");
    this.search = requireNonNull(search, "search is null");
    this.metrics = requireNonNull(metrics, "metrics is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  /**
   * The checks of a run, committed or failed: counted, and handed to the alerts (drift warnings are
   * shown, not alerted: they have no "recovered" state).
   */
  public void runChecked(ProductSpec spec, List<CheckRecord> checks) {
    for (CheckRecord check : checks) {
      metrics.checked(check.kind().dbName(), check.passed());
      if (check.kind() != CheckRecord.Kind.DRIFT) {
        alerts.observe(outcome(check));
      } else {
        LOG.warn("Drift in {} {}: {}", spec.id(), check.port().orElse(""), check.message());
      }
    }
    statusMayHaveChanged(spec);
  }

  /** Probes, evaluates and alerts once for every deployed product. */
  public void checkOnce() {
    for (ProductSpec spec : specs.all()) {
      try {
        check(spec);
      } catch (RuntimeException e) {
        LOG.warn("Could not check the objectives of {}: {}", spec.id(), e.getMessage());
      }
    }
  }

  private void check(ProductSpec spec) {
    Instant now = clock.instant();
    for (Output output : spec.outputs()) {
      if (spec.slo(output).availability().isPresent()) {
        probe(spec, output, now);
      }
    }
    List<CheckRecord> evaluated = trust.evaluateBetweenRuns(spec);
    List<CheckRecord> changed = new ArrayList<>();
    List<CheckRecord> previous = registry.trust().latestEvaluations(spec.id());
    for (CheckRecord check : evaluated) {
      Optional<CheckRecord> before =
          previous.stream()
              .filter(p -> p.name().equals(check.name()) && p.port().equals(check.port()))
              .findFirst();
      if (before.isEmpty() || before.get().passed() != check.passed()) {
        changed.add(check);
      }
      alerts.observe(outcome(check));
    }
    if (!changed.isEmpty()) {
      registry.trust().record(changed);
    }
    statusMayHaveChanged(spec);
  }

  /** A probe reads the port's latest snapshot the way the SQL port does. */
  private void probe(ProductSpec spec, Output output, Instant now) {
    PortId port = spec.id().port(output.name());
    if (registry.runs().lastProcessedAt(spec.id()).isEmpty()) {
      return; // never committed: not available yet, not unavailable either (not evaluated)
    }
    Optional<PortSnapshotRecord> latest = registry.runs().latestSnapshot(port);
    if (latest.isEmpty()) {
      // Committed runs computed no rows for it: the port is served, empty.
      registry.trust().recordProbe(spec.id(), output.name(), now, true, null);
      return;
    }
    try (DuckDbSession session = sessions.open()) {
      PortData data =
          portFiles.latest(port, output.schema(), Optional.of(latest.get().snapshotId()));
      session.queryLong("SELECT count(*) FROM (" + PortReads.latest(data, false) + ")");
      registry.trust().recordProbe(spec.id(), output.name(), now, true, null);
    } catch (RuntimeException e) {
      registry.trust().recordProbe(spec.id(), output.name(), now, false, e.getMessage());
      LOG.warn("Probe of {} failed: {}", port, e.getMessage());
    }
  }

  private void statusMayHaveChanged(ProductSpec spec) {
    String status = trust.sloStatus(spec);
    String before = lastStatus.put(spec.id(), status);
    if (!status.equals(before)) {
      search.refresh(List.of(spec.id()));
    }
  }

  private static CheckOutcome outcome(CheckRecord check) {
    return new CheckOutcome(
        check.product(),
        check.port(),
        check.name(),
        switch (check.kind()) {
          case SLO -> CheckOutcome.Kind.SLO;
          case EXPECTATION -> CheckOutcome.Kind.EXPECTATION;
          case DRIFT -> CheckOutcome.Kind.DRIFT;
        },
        check.severity().equals("warn") ? CheckOutcome.Severity.WARN : CheckOutcome.Severity.ERROR,
        !check.passed(),
        check.message(),
        check.observed().orElse(""),
        check.checkedAt(),
        check.runId());
  }
}
