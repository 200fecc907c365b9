package io.quanta.platform.metrics;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.quanta.governance.audit.AccessDecision;
import io.quanta.governance.audit.AuditSink;
import io.quanta.platform.registry.RunStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The mesh's metrics in Prometheus format ({@code GET /metrics}), with Micrometer.
 *
 * <ul>
 *   <li>Reads and policy decisions of this process, counted as they are audited: {@code
 *       quanta_policy_decisions_total{mode,allowed}}, {@code quanta_port_reads_total{port,mode}},
 *       {@code quanta_port_rows_returned_total{port,mode}} and the read latency {@code
 *       quanta_port_read_seconds{port,mode}} (from the decision to the audit record, after the last
 *       row; events reads, which follow a log, are not timed).
 *   <li>Runs of every process on the data folder, read from the registry when scraped: {@code
 *       quanta_runs{product,state}}, {@code quanta_run_rows_written{product}}, {@code
 *       quanta_run_last_duration_seconds{product}} and {@code
 *       quanta_product_data_age_seconds{product}} (since the newest committed run's processing
 *       time: freshness).
 *   <li>Trust (docs/trust.md): {@code quanta_slo_status{product,port,objective}} (1 met, 0
 *       breached, NaN not evaluated yet), evaluated when scraped, and {@code
 *       quanta_checks_total{kind,status}}, the checks this process's runs made.
 * </ul>
 *
 * <p>Thread safe.
 */
public final class MeshMetrics implements AuditSink {
  private final PrometheusMeterRegistry meters =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final AuditSink next;
  private final RunStore runs;
  private final Clock clock;
  private final Map<String, RunStore.RunSummary> latest = new ConcurrentHashMap<>();
  private final Map<List<String>, Double> slos = new ConcurrentHashMap<>();
  private volatile java.util.function.Supplier<List<SloGauge>> sloSource = List::of;

  /**
   * One objective's status as a gauge value.
   *
   * @param value 1 met, 0 breached, NaN not evaluated
   */
  public record SloGauge(String product, String port, String objective, double value) {}

  /**
   * @param next where decisions go besides the metrics (the audit log)
   * @param runs the registry's runs, summarized at every scrape
   */
  public MeshMetrics(AuditSink next, RunStore runs, Clock clock) {
    this.next = requireNonNull(next, "next is null");
    this.runs = requireNonNull(runs, "runs is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  @Override
  public void record(AccessDecision decision) {
    next.record(decision);
    Counter.builder("quanta.policy.decisions")
        .description("Read decisions made by the products' policies")
        .tags("mode", decision.mode(), "allowed", String.valueOf(decision.allowed()))
        .register(meters)
        .increment();
    if (!decision.allowed() || decision.mode().equals("control")) {
      return;
    }
    Tags tags = Tags.of("port", decision.port(), "mode", decision.mode());
    Counter.builder("quanta.port.reads")
        .description("Allowed reads of each port")
        .tags(tags)
        .register(meters)
        .increment();
    Counter.builder("quanta.port.rows.returned")
        .description("Rows (or events) returned by the reads of each port")
        .tags(tags)
        .register(meters)
        .increment(decision.rows());
    if (!decision.mode().equals("events") && !decision.mode().equals("input")) {
      Duration latency = Duration.between(decision.time(), clock.instant());
      if (!latency.isNegative()) {
        Timer.builder("quanta.port.read")
            .description("Read latency, from the decision to the last row")
            .tags(tags)
            .register(meters)
            .record(latency);
      }
    }
  }

  /** Where every scrape reads the objectives' status from. */
  public void sloSource(java.util.function.Supplier<List<SloGauge>> source) {
    this.sloSource = requireNonNull(source, "source is null");
  }

  /** Counts a check a run made. */
  public void checked(String kind, boolean passed) {
    Counter.builder("quanta.checks")
        .description("Checks made by this process's runs (expectations, objectives, drift)")
        .tags("kind", kind, "status", passed ? "passed" : "failed")
        .register(meters)
        .increment();
  }

  /** The metrics in the Prometheus text format, the runs refreshed from the registry. */
  public String scrape() {
    for (SloGauge gauge : sloSource.get()) {
      List<String> key = List.of(gauge.product(), gauge.port(), gauge.objective());
      boolean known = slos.containsKey(key);
      slos.put(key, gauge.value());
      if (!known) {
        Gauge.builder("quanta.slo.status", slos, map -> map.getOrDefault(key, Double.NaN))
            .description("Service level objectives: 1 met, 0 breached, NaN not evaluated yet")
            .tags("product", gauge.product(), "port", gauge.port(), "objective", gauge.objective())
            .register(meters);
      }
    }
    for (RunStore.RunSummary summary : runs.summaries()) {
      String product = summary.product();
      boolean known = latest.containsKey(product);
      latest.put(product, summary);
      if (!known) {
        register(product);
      }
    }
    return meters.scrape();
  }

  private void register(String product) {
    for (String state : new String[] {"succeeded", "failed", "running"}) {
      Gauge.builder("quanta.runs", latest, map -> count(map.get(product), state))
          .description("Runs of each product by state, from the registry")
          .tags("product", product, "state", state)
          .register(meters);
    }
    Gauge.builder("quanta.run.rows.written", latest, map -> map.get(product).rowsWritten())
        .description("Rows written by the product's committed runs")
        .tags("product", product)
        .register(meters);
    Gauge.builder(
            "quanta.run.last.duration",
            latest,
            map -> map.get(product).lastDuration().map(Duration::toMillis).orElse(-1L) / 1000.0)
        .description("Duration of the product's latest finished run, in seconds")
        .baseUnit("seconds")
        .tags("product", product)
        .register(meters);
    Gauge.builder(
            "quanta.product.data.age",
            latest,
            map ->
                map.get(product)
                        .lastProcessedAt()
                        .map(at -> Duration.between(at, clock.instant()).toMillis())
                        .orElse(-1000L)
                    / 1000.0)
        .description(
            "Seconds since the processing time of the product's newest committed run (-1: none)")
        .baseUnit("seconds")
        .tags("product", product)
        .register(meters);
  }

  private static double count(RunStore.RunSummary summary, String state) {
    return switch (state) {
      case "succeeded" -> summary.succeeded();
      case "failed" -> summary.failed();
      default -> summary.running();
    };
  }
}
