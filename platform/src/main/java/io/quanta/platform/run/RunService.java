package io.quanta.platform.run;

import static java.util.Objects.requireNonNull;

import io.quanta.engine.DuckDbSession;
import io.quanta.engine.InputViews;
import io.quanta.engine.Materializer;
import io.quanta.engine.PortData;
import io.quanta.engine.RunDataException;
import io.quanta.engine.Sessions;
import io.quanta.engine.SqlFailure;
import io.quanta.engine.UpstreamRead;
import io.quanta.engine.sources.JdbcSource;
import io.quanta.engine.sources.KafkaSource;
import io.quanta.engine.sources.Loaded;
import io.quanta.engine.sources.SourceFailure;
import io.quanta.error.ErrorCode;
import io.quanta.error.QuantaException;
import io.quanta.governance.Reader;
import io.quanta.governance.policy.PortDecision;
import io.quanta.platform.governance.PolicyService;
import io.quanta.platform.lifecycle.DeployedSpecs;
import io.quanta.platform.lifecycle.ProductGraph;
import io.quanta.platform.read.PortFiles;
import io.quanta.platform.registry.CheckRecord;
import io.quanta.platform.registry.PortSnapshotRecord;
import io.quanta.platform.registry.ProcessIdentity;
import io.quanta.platform.registry.ProductLifecycle;
import io.quanta.platform.registry.ProductVersion;
import io.quanta.platform.registry.Registry;
import io.quanta.platform.registry.RunRecord;
import io.quanta.platform.registry.RunStore;
import io.quanta.platform.registry.RunWarning;
import io.quanta.platform.registry.TrustStore;
import io.quanta.platform.trust.RunInspection;
import io.quanta.ports.policy.MaskKey;
import io.quanta.ports.policy.PolicyViews;
import io.quanta.spec.FileInput;
import io.quanta.spec.Input;
import io.quanta.spec.JdbcInput;
import io.quanta.spec.KafkaInput;
import io.quanta.spec.Output;
import io.quanta.spec.PortId;
import io.quanta.spec.ProductId;
import io.quanta.spec.ProductInput;
import io.quanta.spec.ProductSpec;
import io.quanta.storage.PortTable;
import io.quanta.storage.TimeWindow;
import io.quanta.storage.Warehouse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs data products (DESIGN.md §5). A run reads its upstream ports as of its start, computes each
 * output with DuckDB, appends only what changed, and commits every port at once: snapshots are
 * staged (invisible), the registry records the run and its snapshots in one transaction, then the
 * snapshots are published for engines reading Iceberg directly. A run that fails at any point
 * before the registry transaction leaves nothing visible and records why.
 *
 * <p>Thread safe; runs of one product version are serialized across processes by the registry.
 */
public final class RunService {
  private static final Logger LOG = LoggerFactory.getLogger(RunService.class);
  private static final DateTimeFormatter RUN_ID_TIME =
      DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss").withZone(ZoneOffset.UTC);

  private final Registry registry;
  private final Warehouse warehouse;
  private final DeployedSpecs specs;
  private final PortFiles portFiles;
  private final Sessions sessions;
  private final Clock clock;
  private final PolicyService policies;
  private final MaskKey maskKey;
  private final ProcessIdentity process = ProcessIdentity.current();
  private final List<java.util.function.Consumer<RunRecord>> commitListeners =
      new java.util.concurrent.CopyOnWriteArrayList<>();
  private final Path dataDir;
  private final String defaultKafka;
  private volatile java.util.function.BiConsumer<ProductSpec, List<CheckRecord>> checked =
      (spec, checks) -> {};
  private volatile io.quanta.platform.lineage.RunLineage lineage =
      io.quanta.platform.lineage.RunLineage.NONE;

  /**
   * @param dataDir the mesh's data folder; topic inputs stage their records under its {@code tmp/}
   * @param defaultKafka the Kafka cluster of topic inputs that do not name one
   */
  public RunService(
      Registry registry,
      Warehouse warehouse,
      DeployedSpecs specs,
      PortFiles portFiles,
      Sessions sessions,
      Path dataDir,
      String defaultKafka,
      PolicyService policies,
      MaskKey maskKey,
      Clock clock) {
    this.policies = requireNonNull(policies, "policies is null");
    this.maskKey = requireNonNull(maskKey, "maskKey is null");
    this.dataDir = requireNonNull(dataDir, "dataDir is null");
    this.defaultKafka = requireNonNull(defaultKafka, "defaultKafka is null");
    this.registry = requireNonNull(registry, "registry is null");
    this.warehouse = requireNonNull(warehouse, "warehouse is null");
    this.specs = requireNonNull(specs, "specs is null");
    this.portFiles = requireNonNull(portFiles, "portFiles is null");
    this.sessions = requireNonNull(sessions, "sessions is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  /**
   * Calls the listener after every run this service commits (for example to publish its events at
   * once). Listeners run on the run's thread; their failures are logged, not thrown.
   */
  public void onCommit(java.util.function.Consumer<RunRecord> listener) {
    commitListeners.add(requireNonNull(listener, "listener is null"));
  }

  /**
   * Hands the checks of every later run, committed or failed, to the consumer (alerts, metrics).
   * Called on the run's thread; failures are logged, not thrown.
   */
  public void onChecked(java.util.function.BiConsumer<ProductSpec, List<CheckRecord>> consumer) {
    java.util.function.BiConsumer<ProductSpec, List<CheckRecord>> previous = this.checked;
    this.checked =
        (spec, checks) -> {
          previous.accept(spec, checks);
          try {
            consumer.accept(spec, checks);
          } catch (RuntimeException e) {
            LOG.warn("A consumer of the checks of {} failed: {}", spec.id(), e.getMessage());
          }
        };
  }

  /** Emits the OpenLineage events of every later run there (docs/openlineage.md). */
  public void emitLineage(io.quanta.platform.lineage.RunLineage lineage) {
    this.lineage = requireNonNull(lineage, "lineage is null");
  }

  /** The outcome of running several products. */
  public record Outcome(ProductId product, Status status, Optional<RunRecord> run, String message) {
    /** How a product's turn in a batch ended. */
    public enum Status {
      SUCCEEDED,
      FAILED,
      /** Not run: an upstream product failed in the same batch. */
      SKIPPED
    }

    public boolean succeeded() {
      return status == Status.SUCCEEDED;
    }
  }

  /**
   * Runs one product version.
   *
   * @param trigger what started the run, recorded with it ({@code cli}, {@code api}...)
   * @return the committed run
   *     <p>An input reading a deprecated version warns (logged, and recorded with the run: {@link
   *     io.quanta.platform.registry.LifecycleStore#runWarnings}); one reading a retired version
   *     fails the run.
   * @throws QuantaException {@code NOT_FOUND} for an unknown product, {@code GONE} for a retired
   *     one, {@code CONFLICT} when a run of it is in progress, {@code RUN_FAILED} (carrying why)
   *     when the run failed
   */
  public RunRecord run(ProductId id, String trigger) {
    ProductVersion version =
        registry
            .products()
            .find(id)
            .orElseThrow(() -> QuantaException.notFound("Data product does not exist: " + id));
    registry.lifecycle().of(id).requireServing();
    ProductSpec spec = specs.spec(version);
    clearStoppedRun(id);

    Instant startedAt = clock.instant();
    Set<ProductId> upstreamProducts = new LinkedHashSet<>();
    spec.productInputs().forEach(input -> upstreamProducts.add(input.port().product()));
    Instant inputsAsOf = stableAsOf(upstreamProducts, startedAt);
    String runId = newRunId(startedAt);
    registry
        .runs()
        .start(runId, id, version.version().toString(), trigger, startedAt, inputsAsOf, process);
    LOG.info("Run {} of {} started", runId, id);
    lineage.started(runId, spec, startedAt);

    List<RunRecord.RunInputRecord> inputs = new ArrayList<>();
    List<RunWarning> warnings = new ArrayList<>();
    List<String> written = new ArrayList<>();
    List<Path> scratch = new ArrayList<>();
    boolean committed = false;
    RunInspection inspection = null;
    try {
      // A product reads its upstream ports as its owner: under their policies, like any reader.
      PolicyViews inputPolicies = new PolicyViews(maskKey);
      Map<String, UpstreamRead> upstream =
          readUpstream(spec, inputsAsOf, inputs, warnings, inputPolicies, startedAt);
      Map<Output, PortTable> tables = new LinkedHashMap<>();
      Map<Output, PortData> current = new LinkedHashMap<>();
      for (Output output : spec.outputs()) {
        PortId port = id.port(output.name());
        PortTable table = warehouse.load(port);
        Optional<PortSnapshotRecord> latest = registry.runs().latestSnapshot(port);
        // The registry is the source of truth: finish publishing a commit a crash interrupted.
        latest.ifPresent(snapshot -> table.resetTo(snapshot.snapshotId()));
        tables.put(output, table);
        current.put(
            output,
            portFiles.latest(port, output.schema(), latest.map(PortSnapshotRecord::snapshotId)));
      }

      List<Materializer.Target> targets = new ArrayList<>();
      for (Output output : spec.outputs()) {
        PortTable table = tables.get(output);
        targets.add(
            new Materializer.Target(
                output,
                current.get(output),
                table.fieldIds(),
                table.newFileLocation(runId, "data"),
                table.newFileLocation(runId, "deletes")));
      }
      List<Materializer.Changes> changes = new ArrayList<>();
      Instant processedAt;
      Map<PortId, String> linkedInputs = new LinkedHashMap<>();
      spec.productInputs().forEach(input -> linkedInputs.put(input.port(), input.name()));
      Set<String> inputNames = new LinkedHashSet<>();
      spec.inputs().forEach(input -> inputNames.add(input.name()));
      inspection =
          new RunInspection(spec, runId, warehouse, registry.trust(), linkedInputs, inputNames);
      try (DuckDbSession session = sessions.open()) {
        // The session may touch exactly what the run reads and writes, nothing else.
        try {
          inputPolicies.bind(session);
        } catch (java.sql.SQLException e) {
          throw new IllegalStateException("Cannot bind the inputs' policies: " + e.getMessage(), e);
        }
        Set<String> files = new LinkedHashSet<>(createInputViews(session, spec, upstream));
        files.addAll(loadSources(session, spec, runId, inputs, scratch));
        for (Materializer.Target target : targets) {
          files.addAll(target.current().dataFiles());
          files.addAll(target.current().deleteFiles());
          files.add(target.dataFile());
          files.add(target.deleteFile());
          written.add(target.dataFile());
          written.add(target.deleteFile());
        }
        // Quarantine files are not the run's to delete on failure: failing is why they exist.
        files.addAll(inspection.quarantineFiles());
        session.lockDown(files);

        processedAt = reserveProcessingTime(runId, id);
        for (Materializer.Target target : targets) {
          changes.add(
              materialize(
                  session,
                  target,
                  runId,
                  processedAt,
                  inspection.of(session, target.output(), processedAt)));
        }
      }
      inspection.failIfBroken();

      List<RunRecord.RunPortResult> results = new ArrayList<>();
      Map<PortTable, Long> staged = new LinkedHashMap<>();
      for (int i = 0; i < spec.outputs().size(); i++) {
        Output output = spec.outputs().get(i);
        Materializer.Changes change = changes.get(i);
        Optional<Long> snapshot = Optional.empty();
        if (!change.isEmpty()) {
          PortTable table = tables.get(output);
          long snapshotId =
              table.stage(
                  runId,
                  processedAt,
                  change.dataFile().stream().toList(),
                  change.deleteFile().stream().toList());
          staged.put(table, snapshotId);
          snapshot = Optional.of(snapshotId);
        }
        results.add(
            new RunRecord.RunPortResult(
                output.name(),
                change.rowsComputed(),
                change.rowsAdded(),
                change.rowsCorrected(),
                snapshot));
      }
      Instant finishedAt = clock.instant();
      List<CheckRecord> checks = inspection.checks();
      List<TrustStore.ProfileRecord> profiles = inspection.profiles();
      registry.inTransaction(
          handle -> {
            registry.runs().succeed(handle, runId, id, processedAt, finishedAt, results, inputs);
            registry.trust().record(handle, checks);
            registry.lifecycle().recordRunWarnings(handle, runId, warnings);
            profiles.forEach(profile -> registry.trust().recordProfile(handle, profile));
            return null;
          });
      committed = true;
      checked.accept(spec, checks);
      publish(staged);
      LOG.info("Run {} of {} committed", runId, id);
      RunRecord committedRun = registry.runs().find(runId).orElseThrow();
      lineage.completed(spec, committedRun);
      for (java.util.function.Consumer<RunRecord> listener : commitListeners) {
        try {
          listener.accept(committedRun);
        } catch (RuntimeException e) {
          LOG.warn("A listener of run {} failed: {}", runId, e.getMessage());
        }
      }
      return committedRun;
    } catch (RuntimeException | Error failure) {
      if (committed) {
        throw failure;
      }
      // Whatever happened, the run must not stay "running": that would block the product and
      // hold every read of it before the run's reserved time.
      String cause = reason(failure);
      deleteQuietly(written);
      if (inspection != null) {
        if (inspection.broken() && !cause.equals(inspection.brokenSummary().orElseThrow())) {
          // Another port failed after an error expectation broke: both are why, and the rows it
          // rejected are kept.
          cause = cause + "; " + inspection.brokenSummary().orElseThrow();
          try {
            inspection.commitQuarantine();
          } catch (RuntimeException e) {
            LOG.warn("Could not quarantine the rows of run {}: {}", runId, e.getMessage());
          }
        }
        deleteQuietly(inspection.uncommittedQuarantineFiles());
      }
      String reason = cause;
      Instant failedAt = clock.instant();
      List<CheckRecord> checks = inspection == null ? List.of() : inspection.checks();
      registry.inTransaction(
          handle -> {
            registry.runs().fail(handle, runId, failedAt, reason, inputs);
            registry.trust().record(handle, checks);
            registry.lifecycle().recordRunWarnings(handle, runId, warnings);
            return null;
          });
      checked.accept(spec, checks);
      LOG.info("Run {} of {} failed: {}", runId, id, reason);
      lineage.failed(runId, spec, failedAt, reason);
      if (failure instanceof Error error) {
        throw error;
      }
      throw new QuantaException(
          failure instanceof QuantaException quanta && quanta.code() == ErrorCode.CONFLICT
              ? ErrorCode.CONFLICT
              : ErrorCode.RUN_FAILED,
          "Run " + runId + " of " + id + " failed, nothing was committed: " + reason,
          failure);
    } finally {
      scratch.forEach(file -> deleteQuietly(List.of(file.toString())));
    }
  }

  /**
   * Runs the given product versions, upstream first. A product whose upstream failed in this batch
   * is skipped, since it would read stale data.
   */
  public List<Outcome> runAll(List<ProductId> products, String trigger) {
    List<Outcome> outcomes = new ArrayList<>();
    Set<ProductId> failed = new HashSet<>();
    for (ProductId product : upstreamFirst(products)) {
      ProductSpec spec = specs.get(product);
      Optional<ProductId> brokenUpstream =
          spec.productInputs().stream()
              .map(input -> input.port().product())
              .filter(failed::contains)
              .findFirst();
      if (brokenUpstream.isPresent()) {
        failed.add(product);
        outcomes.add(
            new Outcome(
                product,
                Outcome.Status.SKIPPED,
                Optional.empty(),
                "not run: its upstream " + brokenUpstream.get() + " failed"));
        continue;
      }
      try {
        RunRecord run = run(product, trigger);
        outcomes.add(new Outcome(product, Outcome.Status.SUCCEEDED, Optional.of(run), ""));
      } catch (QuantaException e) {
        failed.add(product);
        outcomes.add(new Outcome(product, Outcome.Status.FAILED, Optional.empty(), e.getMessage()));
      }
    }
    return outcomes;
  }

  /** The product versions ordered so that each comes after the deployed products it reads. */
  public List<ProductId> upstreamFirst(List<ProductId> products) {
    return new ProductGraph(specs.all()).upstreamFirst(products);
  }

  /** The latest processing time at most {@code requested} that no run in progress can change. */
  public Instant stableAsOf(Set<ProductId> products, Instant requested) {
    Optional<Instant> inFlight = registry.runs().earliestInFlight(products);
    if (inFlight.isPresent() && !inFlight.get().isAfter(requested)) {
      return inFlight.get().minus(1, ChronoUnit.MICROS);
    }
    return requested;
  }

  private Map<String, UpstreamRead> readUpstream(
      ProductSpec spec,
      Instant asOf,
      List<RunRecord.RunInputRecord> inputs,
      List<RunWarning> warnings,
      PolicyViews inputPolicies,
      Instant now) {
    Reader owner = PolicyService.owner(spec);
    Map<String, UpstreamRead> upstream = new LinkedHashMap<>();
    for (Input input : spec.inputs()) {
      if (input instanceof ProductInput product) {
        PortId port = product.port();
        deprecatedInput(spec, input.name(), port, now).ifPresent(warnings::add);
        Output output =
            specs
                .find(port.product())
                .flatMap(upstreamSpec -> upstreamSpec.output(port.port()))
                .orElseThrow(
                    () ->
                        new QuantaException(
                            ErrorCode.RUN_FAILED,
                            "input '" + input.name() + "': " + port + " is not deployed"));
        Optional<PortSnapshotRecord> snapshot = registry.runs().snapshotAsOf(port, asOf);
        Optional<Long> snapshotId = snapshot.map(PortSnapshotRecord::snapshotId);
        Optional<Instant> appendedAfter = Optional.empty();
        if (product.mode() == ProductInput.Mode.INCREMENTAL) {
          // Only what the port appended since the snapshot the last committed run consumed.
          appendedAfter =
              registry
                  .runs()
                  .lastCommittedInput(spec.id(), input.name())
                  .flatMap(RunRecord.RunInputRecord::snapshotId)
                  .flatMap(consumed -> registry.runs().processedAtOf(port, consumed));
        }
        PortData data =
            appendedAfter.isPresent()
                ? portFiles.files(port, output.schema(), snapshotId, TimeWindow.ALL, appendedAfter)
                : portFiles.latest(port, output.schema(), snapshotId);
        PortDecision decision = policies.decide(port, owner);
        policies.audit(owner, port, "input", decision, now);
        if (!decision.allowed()) {
          throw new QuantaException(
              ErrorCode.ACCESS_DENIED,
              "input '"
                  + input.name()
                  + "': "
                  + owner.principal()
                  + ", the owner of "
                  + spec.id()
                  + ", may not read "
                  + port
                  + ": "
                  + String.join("; ", decision.reasons()));
        }
        upstream.put(
            input.name(),
            new UpstreamRead(data, appendedAfter, inputPolicies.compile(output, decision)));
        inputs.add(new RunRecord.RunInputRecord(input.name(), port.toString(), snapshotId));
      } else if (input instanceof FileInput file) {
        inputs.add(new RunRecord.RunInputRecord(input.name(), file.location(), Optional.empty()));
      }
    }
    return upstream;
  }

  /**
   * The warning of an input reading a deprecated version, logged as it is found; refuses an input
   * reading a retired one.
   *
   * @throws QuantaException {@code GONE} when the input's product version is retired
   */
  private Optional<RunWarning> deprecatedInput(
      ProductSpec spec, String input, PortId port, Instant now) {
    ProductLifecycle upstream = registry.lifecycle().of(port.product());
    if (upstream.isRetired()) {
      throw new QuantaException(
          ErrorCode.GONE, "input '" + input + "' reads " + port + ": " + upstream.retiredMessage());
    }
    if (!upstream.isDeprecated()) {
      return Optional.empty();
    }
    ProductLifecycle.Deprecation deprecation = upstream.deprecation().orElseThrow();
    String message =
        "input '"
            + input
            + "' reads "
            + port
            + ", deprecated since "
            + LocalDate.ofInstant(deprecation.deprecatedAt(), ZoneOffset.UTC)
            + " with sunset "
            + LocalDate.ofInstant(deprecation.sunset(), ZoneOffset.UTC)
            + deprecation
                .successor()
                .map(successor -> "; move to " + successor)
                .orElse("; it has no successor")
            + deprecation.reason().map(reason -> " (" + reason + ")").orElse("");
    LOG.warn("{}: {}", spec.id(), message);
    return Optional.of(
        new RunWarning(RunWarning.DEPRECATED_INPUT, Optional.of(input), message, now));
  }

  /**
   * Loads the database and topic inputs into the session, each from where the last committed run
   * stopped, and records where this run stops.
   *
   * @return the files the loads staged, which the session must be allowed to read
   */
  private Set<String> loadSources(
      DuckDbSession session,
      ProductSpec spec,
      String runId,
      List<RunRecord.RunInputRecord> inputs,
      List<Path> scratch) {
    Set<String> files = new LinkedHashSet<>();
    for (Input input : spec.inputs()) {
      Optional<String> watermark =
          registry
              .runs()
              .lastCommittedInput(spec.id(), input.name())
              .flatMap(RunRecord.RunInputRecord::watermark);
      try {
        if (input instanceof JdbcInput jdbc) {
          Loaded loaded = JdbcSource.load(session, jdbc, watermark, System::getenv);
          inputs.add(
              new RunRecord.RunInputRecord(
                  input.name(), jdbc.url(), Optional.empty(), loaded.watermark()));
        } else if (input instanceof KafkaInput kafka) {
          Path staged = dataDir.resolve("tmp").resolve(runId + "-" + input.name() + ".jsonl");
          Files.createDirectories(staged.getParent());
          scratch.add(staged);
          files.add(staged.toString());
          String servers = kafka.bootstrapServers().orElse(defaultKafka);
          Loaded loaded = KafkaSource.load(session, kafka, servers, watermark, staged);
          inputs.add(
              new RunRecord.RunInputRecord(
                  input.name(),
                  "kafka://" + servers + "/" + kafka.topic(),
                  Optional.empty(),
                  loaded.watermark()));
        }
      } catch (SourceFailure e) {
        throw new QuantaException(ErrorCode.RUN_FAILED, e.getMessage(), e);
      } catch (SqlFailure e) {
        throw new QuantaException(
            ErrorCode.RUN_FAILED,
            "input '" + input.name() + "': " + SqlFailure.summary(e.getMessage()),
            e);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    return files;
  }

  private static Set<String> createInputViews(
      DuckDbSession session, ProductSpec spec, Map<String, UpstreamRead> upstream) {
    Set<String> files = new LinkedHashSet<>();
    for (Input input : spec.inputs()) {
      try {
        files.addAll(InputViews.create(session, List.of(input), upstream));
      } catch (SqlFailure e) {
        throw new QuantaException(
            ErrorCode.RUN_FAILED,
            "input '" + input.name() + "': " + SqlFailure.summary(e.getMessage()),
            e);
      }
    }
    return files;
  }

  private static Materializer.Changes materialize(
      DuckDbSession session,
      Materializer.Target target,
      String runId,
      Instant processedAt,
      Materializer.Inspection inspection) {
    String port = target.output().name();
    try {
      return Materializer.materialize(session, target, runId, processedAt, inspection);
    } catch (RunDataException e) {
      throw new QuantaException(ErrorCode.RUN_FAILED, e.getMessage(), e);
    } catch (SqlFailure e) {
      throw new QuantaException(
          ErrorCode.RUN_FAILED, "output '" + port + "': " + SqlFailure.summary(e.getMessage()), e);
    }
  }

  /**
   * The processing time of the run's rows. Readers never look past the time a run in flight has
   * recorded, so the run first records a reservation, and only then picks its processing time,
   * after the reservation is committed and strictly after the product's previous commit: a reader
   * that checked before the reservation read as of a time before it, and one that checked after is
   * capped below it.
   */
  private Instant reserveProcessingTime(String runId, ProductId id) {
    Instant reservation = clock.instant().truncatedTo(ChronoUnit.MICROS);
    registry.runs().processing(runId, reservation);
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    Instant processedAt = now.isAfter(reservation) ? now : reservation.plus(1, ChronoUnit.MICROS);
    Optional<Instant> last = registry.runs().lastProcessedAt(id);
    if (last.isPresent() && !processedAt.isAfter(last.get())) {
      processedAt = last.get().plus(1, ChronoUnit.MICROS);
    }
    return processedAt;
  }

  private void publish(Map<PortTable, Long> staged) {
    staged.forEach(
        (table, snapshot) -> {
          try {
            table.publish(snapshot);
          } catch (RuntimeException e) {
            // Committed in the registry: Quanta reads already see it; the next run of the product
            // publishes it for engines reading the Iceberg tables directly.
            LOG.warn(
                "Could not publish snapshot {} of {} yet: {}",
                snapshot,
                table.port(),
                e.getMessage());
          }
        });
  }

  /**
   * A run left "running" by a process that no longer exists on this host is marked failed, so that
   * the product can run again.
   */
  private void clearStoppedRun(ProductId id) {
    Optional<RunStore.RunningRun> running = registry.runs().running(id);
    if (running.isEmpty()) {
      return;
    }
    RunStore.RunningRun run = running.get();
    if (!run.process().mayBeAlive()) {
      deleteFilesOf(id, run.id());
      registry
          .runs()
          .fail(
              run.id(), clock.instant(), "interrupted: the process running it stopped", List.of());
      LOG.warn("Run {} of {} was interrupted; marked failed", run.id(), id);
    }
  }

  /** Deletes the files an interrupted run wrote: never staged, so nothing refers to them. */
  private void deleteFilesOf(ProductId id, String runId) {
    for (io.quanta.platform.registry.PortRecord port : registry.products().ports(id)) {
      Path data = Path.of(port.tableLocation(), "data");
      if (!Files.isDirectory(data)) {
        continue;
      }
      try (java.util.stream.Stream<Path> files = Files.list(data)) {
        deleteQuietly(
            files
                .filter(file -> file.getFileName().toString().startsWith(runId + "-"))
                .map(Path::toString)
                .toList());
      } catch (IOException e) {
        LOG.warn("Could not list {} to clean up run {}: {}", data, runId, e.getMessage());
      }
    }
  }

  /** Marks every run left "running" by stopped processes on this host as failed. */
  public void clearStoppedRuns() {
    for (ProductVersion version : registry.products().list()) {
      clearStoppedRun(version.id());
    }
  }

  private static String reason(Throwable failure) {
    String message = failure.getMessage();
    if (failure instanceof QuantaException) {
      return message;
    }
    return failure.getClass().getSimpleName()
        + (message == null ? "" : ": " + SqlFailure.summary(message));
  }

  private static void deleteQuietly(List<String> files) {
    for (String file : files) {
      try {
        Files.deleteIfExists(Path.of(file));
      } catch (IOException e) {
        LOG.warn("Could not delete {} of a failed run: {}", file, e.getMessage());
      }
    }
  }

  private static String newRunId(Instant startedAt) {
    return RUN_ID_TIME.format(startedAt)
        + "-"
        + String.format("%08x", ThreadLocalRandom.current().nextInt());
  }
}
