package io.quanta.platform.lineage;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quanta.catalog.graph.ColumnDerivation;
import io.quanta.catalog.graph.OutputLineage;
import io.quanta.catalog.graph.SourceColumn;
import io.quanta.platform.registry.RunRecord;
import io.quanta.spec.Column;
import io.quanta.spec.FileInput;
import io.quanta.spec.Input;
import io.quanta.spec.JdbcInput;
import io.quanta.spec.KafkaInput;
import io.quanta.spec.Output;
import io.quanta.spec.PortId;
import io.quanta.spec.ProductInput;
import io.quanta.spec.ProductSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Emits the OpenLineage run events of data product runs (START, COMPLETE, FAIL), see
 * docs/openlineage.md. The JSON is built directly (the spec is JSON) rather than with the
 * openlineage-java client, which is not needed for a handful of events and would add a dependency
 * tree to the platform.
 *
 * <p>Naming: a product version is the job {@code domain/name:major} in the configured namespace; a
 * port is the dataset {@code domain/name:major/port} in {@code quanta://<namespace>}; a file input
 * is the dataset named by its location in {@code file}; a database input is its table (or input
 * name, for a query) in the JDBC URL without parameters; a topic is the dataset named by the topic
 * in {@code kafka://<bootstrap servers>}. The OpenLineage run id is a UUID derived from the Quanta
 * run id, which the {@code quanta} run facet carries.
 *
 * <p>Facets: the job's type and description; each output port's schema, ownership (the product's
 * owner) and documentation; on COMPLETE, its version (the Iceberg snapshot id the run committed,
 * when it changed the port), output statistics (rows added) and column lineage (from the analysis
 * of its SQL, when it succeeded); each upstream port's version read; on FAIL, the error message.
 *
 * <p>Delivery failures never fail a run: they are logged. Thread safe.
 */
public final class RunLineage {
  /** Sends nothing. */
  public static final RunLineage NONE =
      new RunLineage(
          OpenLineageSettings.NONE, null, "", port -> Optional.empty(), Optional.empty());

  static final String PRODUCER = "urn:io.quanta:platform";
  static final String SCHEMA_URL = "https://openlineage.io/spec/2-0-2/OpenLineage.json";
  private static final String FACETS = "https://openlineage.io/spec/facets/";
  private static final Logger LOG = LoggerFactory.getLogger(RunLineage.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final OpenLineageSettings settings;
  private final LineageTransport transport;
  private final String defaultKafka;
  private final Function<PortId, Optional<OutputLineage>> columnLineage;
  private final Optional<io.quanta.platform.registry.TrustStore> trust;

  private RunLineage(
      OpenLineageSettings settings,
      LineageTransport transport,
      String kafka,
      Function<PortId, Optional<OutputLineage>> columnLineage,
      Optional<io.quanta.platform.registry.TrustStore> trust) {
    this.settings = settings;
    this.transport = transport;
    this.defaultKafka = kafka;
    this.columnLineage = columnLineage;
    this.trust = trust;
  }

  /**
   * The emitter of a mesh whose COMPLETE and FAIL events also carry each output's data quality
   * assertions (the run's checks) and metrics (its profile), read from the registry.
   */
  public static RunLineage create(
      OpenLineageSettings settings,
      Path dataDir,
      String defaultKafka,
      Function<String, String> environment,
      Function<PortId, Optional<OutputLineage>> columnLineage,
      io.quanta.platform.registry.TrustStore trust) {
    requireNonNull(trust, "trust is null");
    requireNonNull(settings, "settings is null");
    requireNonNull(dataDir, "dataDir is null");
    requireNonNull(defaultKafka, "defaultKafka is null");
    requireNonNull(environment, "environment is null");
    requireNonNull(columnLineage, "columnLineage is null");
    return LineageTransport.of(settings, dataDir, environment)
        .map(
            transport ->
                new RunLineage(
                    settings, transport, defaultKafka, columnLineage, Optional.of(trust)))
        .orElse(NONE);
  }

  /**
   * The emitter of a mesh.
   *
   * @param dataDir the data folder, which a relative file transport path is relative to
   * @param defaultKafka the Kafka cluster of topic inputs that do not name one
   * @param environment reads environment variables (the API key's)
   * @param columnLineage the column lineage of an output port, analysed from its SQL, when known
   */
  public static RunLineage create(
      OpenLineageSettings settings,
      Path dataDir,
      String defaultKafka,
      Function<String, String> environment,
      Function<PortId, Optional<OutputLineage>> columnLineage) {
    requireNonNull(settings, "settings is null");
    requireNonNull(dataDir, "dataDir is null");
    requireNonNull(defaultKafka, "defaultKafka is null");
    requireNonNull(environment, "environment is null");
    requireNonNull(columnLineage, "columnLineage is null");
    return LineageTransport.of(settings, dataDir, environment)
        .map(
            transport ->
                new RunLineage(settings, transport, defaultKafka, columnLineage, Optional.empty()))
        .orElse(NONE);
  }

  /** Emits START: the run began reading the product's inputs. */
  public void started(String runId, ProductSpec spec, Instant startedAt) {
    safely("START", runId, () -> emitStart(runId, spec, startedAt));
  }

  /** Emits COMPLETE for a committed run, with the versions it read and wrote. */
  public void completed(ProductSpec spec, RunRecord run) {
    safely("COMPLETE", run.id(), () -> emitComplete(spec, run));
  }

  /** Emits FAIL with why the run failed; nothing of it was committed. */
  public void failed(String runId, ProductSpec spec, Instant failedAt, String reason) {
    safely("FAIL", runId, () -> emitFail(runId, spec, failedAt, reason));
  }

  /** Building an event must not fail a run either, whatever the spec holds. */
  private void safely(String eventType, String runId, Runnable emit) {
    if (transport == null) {
      return;
    }
    try {
      emit.run();
    } catch (RuntimeException e) {
      LOG.warn("Could not build the OpenLineage {} event of run {}", eventType, runId, e);
    }
  }

  private void emitStart(String runId, ProductSpec spec, Instant startedAt) {
    ObjectNode event = event("START", runId, spec, startedAt);
    event.set("inputs", inputs(spec, Map.of()));
    event.set("outputs", outputs(spec, Optional.empty()));
    send(event);
  }

  private void emitComplete(ProductSpec spec, RunRecord run) {
    ObjectNode event = event("COMPLETE", run.id(), spec, run.finishedAt().orElse(run.startedAt()));
    Map<String, Long> consumed =
        run.inputs().stream()
            .filter(input -> input.snapshotId().isPresent())
            .collect(
                Collectors.toMap(
                    RunRecord.RunInputRecord::input,
                    input -> input.snapshotId().orElseThrow(),
                    (first, second) -> first));
    event.set("inputs", inputs(spec, consumed));
    ArrayNode outputs = outputs(spec, Optional.of(run));
    quality(outputs, spec, run.id());
    event.set("outputs", outputs);
    send(event);
  }

  private void emitFail(String runId, ProductSpec spec, Instant failedAt, String reason) {
    ObjectNode event = event("FAIL", runId, spec, failedAt);
    ObjectNode error = facet("1-0-1/ErrorMessageRunFacet.json#/$defs/ErrorMessageRunFacet");
    error.put("message", reason);
    error.put("programmingLanguage", "SQL");
    ((ObjectNode) event.get("run").get("facets")).set("errorMessage", error);
    event.set("inputs", inputs(spec, Map.of()));
    ArrayNode outputs = outputs(spec, Optional.empty());
    quality(outputs, spec, runId);
    event.set("outputs", outputs);
    send(event);
  }

  /**
   * Adds each output's {@code dataQualityAssertions} (the run's expectations and measured
   * objectives) and {@code dataQualityMetrics} (its profile) to its facets.
   */
  private void quality(ArrayNode outputs, ProductSpec spec, String runId) {
    if (trust.isEmpty()) {
      return;
    }
    List<io.quanta.platform.registry.CheckRecord> checks = trust.get().ofRun(runId);
    for (int i = 0; i < spec.outputs().size(); i++) {
      Output output = spec.outputs().get(i);
      ObjectNode facets = (ObjectNode) outputs.get(i).get("facets");
      ObjectNode assertions =
          facet(
              "1-1-0/DataQualityAssertionsDatasetFacet.json"
                  + "#/$defs/DataQualityAssertionsDatasetFacet");
      ArrayNode list = assertions.putArray("assertions");
      for (io.quanta.platform.registry.CheckRecord check : checks) {
        if (check.kind() == io.quanta.platform.registry.CheckRecord.Kind.DRIFT
            || !check.port().equals(Optional.of(output.name()))) {
          continue;
        }
        ObjectNode assertion = list.addObject();
        assertion.put("assertion", assertionKind(check.name()));
        assertion.put("success", check.passed());
        assertionColumn(check.name(), output).ifPresent(column -> assertion.put("column", column));
        assertion.put("severity", check.severity());
        assertion.put("name", check.name());
        assertion.put("description", check.message());
        check.threshold().ifPresent(threshold -> assertion.put("expected", threshold));
        check.observed().ifPresent(observed -> assertion.put("actual", observed));
      }
      if (!list.isEmpty()) {
        facets.set("dataQualityAssertions", assertions);
      }
      trust.get().profiles(spec.id(), output.name(), 5).stream()
          .filter(profile -> profile.runId().equals(runId))
          .findFirst()
          .flatMap(profile -> ProfileFacet.of(profile, output))
          .ifPresent(metrics -> facets.set("dataQualityMetrics", metrics));
    }
  }

  /** OpenLineage's classification of a check (not_null, unique, ...) from its metric's name. */
  static String assertionKind(String checkName) {
    int paren = checkName.indexOf('(');
    String metric = paren > 0 ? checkName.substring(0, paren) : checkName;
    return switch (metric) {
      case "nullValues" -> "not_null";
      case "duplicateValues" -> "unique";
      case "invalidValues" -> "accepted_values";
      case "rowCount" -> "row_count";
      case "referentialIntegrity" -> "relationships";
      case "freshness", "completeness", "volume", "availability" -> metric;
      default -> metric.startsWith("timeliness") ? "timeliness" : "custom_sql";
    };
  }

  private static Optional<String> assertionColumn(String checkName, Output output) {
    int open = checkName.indexOf('(');
    int close = checkName.lastIndexOf(')');
    if (open < 0 || close < open) {
      return Optional.empty();
    }
    String column = checkName.substring(open + 1, close);
    return output.column(column).map(io.quanta.spec.Column::name);
  }

  /** The OpenLineage run id of a Quanta run: a name-based UUID, the same for every event. */
  public static UUID runUuid(String runId) {
    return UUID.nameUUIDFromBytes(("quanta-run:" + runId).getBytes(StandardCharsets.UTF_8));
  }

  private ObjectNode event(String type, String runId, ProductSpec spec, Instant at) {
    ObjectNode event = JSON.createObjectNode();
    event.put("eventType", type);
    event.put("eventTime", DateTimeFormatter.ISO_INSTANT.format(at));
    event.put("producer", PRODUCER);
    event.put("schemaURL", SCHEMA_URL + "#/$defs/RunEvent");
    ObjectNode run = event.putObject("run");
    run.put("runId", runUuid(runId).toString());
    ObjectNode quantaRun = run.putObject("facets").putObject("quanta");
    quantaRun.put("_producer", PRODUCER);
    quantaRun.put("_schemaURL", SCHEMA_URL + "#/$defs/RunFacet");
    quantaRun.put("runId", runId);
    quantaRun.put("productVersion", spec.metadata().version().toString());
    ObjectNode job = event.putObject("job");
    job.put("namespace", settings.namespace());
    job.put("name", spec.id().toString());
    ObjectNode jobFacets = job.putObject("facets");
    ObjectNode jobType = facet("2-0-4/JobTypeJobFacet.json#/$defs/JobTypeJobFacet");
    jobType.put("processingType", "BATCH");
    jobType.put("integration", "QUANTA");
    jobType.put("jobType", "DATA_PRODUCT");
    jobFacets.set("jobType", jobType);
    ObjectNode documentation =
        facet("1-1-0/DocumentationJobFacet.json#/$defs/DocumentationJobFacet");
    documentation.put("description", spec.metadata().description());
    jobFacets.set("documentation", documentation);
    return event;
  }

  private ArrayNode inputs(ProductSpec spec, Map<String, Long> consumed) {
    ArrayNode inputs = JSON.createArrayNode();
    for (Input input : spec.inputs()) {
      ObjectNode dataset = inputs.addObject();
      ObjectNode facets = JSON.createObjectNode();
      DatasetName name = datasetOf(input);
      dataset.put("namespace", name.namespace());
      dataset.put("name", name.name());
      Long snapshot = consumed.get(input.name());
      if (input instanceof ProductInput && snapshot != null) {
        facets.set("version", version(snapshot));
      }
      dataset.set("facets", facets);
    }
    return inputs;
  }

  /** An OpenLineage dataset's identity. */
  private record DatasetName(String namespace, String name) {}

  private DatasetName datasetOf(Input input) {
    if (input instanceof ProductInput product) {
      return new DatasetName(portNamespace(), product.port().toString());
    } else if (input instanceof FileInput file) {
      return new DatasetName("file", file.location());
    } else if (input instanceof JdbcInput jdbc) {
      return new DatasetName(withoutParameters(jdbc.url()), jdbc.table().orElse(jdbc.name()));
    } else if (input instanceof KafkaInput kafka) {
      return new DatasetName(
          "kafka://" + kafka.bootstrapServers().orElse(defaultKafka), kafka.topic());
    }
    throw new IllegalArgumentException("unknown input " + input);
  }

  /**
   * The columns each output column derives from, as far as its SQL tells; empty when the SQL could
   * not be analysed. Unresolved sources are left out rather than guessed.
   */
  private Optional<ObjectNode> columnLineage(ProductSpec spec, PortId port) {
    Optional<OutputLineage> lineage;
    try {
      lineage = columnLineage.apply(port).filter(analysed -> analysed.failure().isEmpty());
    } catch (RuntimeException e) {
      LOG.warn("No column lineage for {}: {}", port, e.getMessage());
      return Optional.empty();
    }
    if (lineage.isEmpty()) {
      return Optional.empty();
    }
    Map<String, DatasetName> inputs =
        spec.inputs().stream()
            .collect(Collectors.toMap(Input::name, this::datasetOf, (first, second) -> first));
    ObjectNode facet =
        facet("1-2-0/ColumnLineageDatasetFacet.json#/$defs/ColumnLineageDatasetFacet");
    ObjectNode fields = facet.putObject("fields");
    for (ColumnDerivation column : lineage.get().columns()) {
      ArrayNode inputFields = JSON.createArrayNode();
      for (SourceColumn source : column.sources()) {
        DatasetName dataset = inputs.get(source.input());
        if (dataset == null) {
          continue;
        }
        ObjectNode field = inputFields.addObject();
        field.put("namespace", dataset.namespace());
        field.put("name", dataset.name());
        field.put("field", source.column());
        ObjectNode transformation = field.putArray("transformations").addObject();
        transformation.put("type", "DIRECT");
        transformation.put(
            "subtype",
            switch (source.how()) {
              case DIRECT -> "IDENTITY";
              case TRANSFORMED -> "TRANSFORMATION";
              case AGGREGATED -> "AGGREGATION";
            });
      }
      if (!inputFields.isEmpty()) {
        fields.putObject(column.column()).set("inputFields", inputFields);
      }
    }
    return Optional.of(facet);
  }

  private ArrayNode outputs(ProductSpec spec, Optional<RunRecord> run) {
    ArrayNode outputs = JSON.createArrayNode();
    for (Output output : spec.outputs()) {
      PortId port = spec.id().port(output.name());
      ObjectNode dataset = outputs.addObject();
      dataset.put("namespace", portNamespace());
      dataset.put("name", port.toString());
      ObjectNode facets = dataset.putObject("facets");
      facets.set("schema", schema(output.schema()));
      ObjectNode ownership = facet("1-0-1/OwnershipDatasetFacet.json#/$defs/OwnershipDatasetFacet");
      ObjectNode owner = ownership.putArray("owners").addObject();
      owner.put("name", spec.metadata().owner());
      owner.put("type", "OWNER");
      facets.set("ownership", ownership);
      if (!output.description().isBlank()) {
        ObjectNode documentation =
            facet("1-1-0/DocumentationDatasetFacet.json#/$defs/DocumentationDatasetFacet");
        documentation.put("description", output.description());
        facets.set("documentation", documentation);
      }
      Optional<RunRecord.RunPortResult> result =
          run.flatMap(
              committed ->
                  committed.ports().stream()
                      .filter(candidate -> candidate.port().equals(output.name()))
                      .findFirst());
      result
          .flatMap(RunRecord.RunPortResult::snapshotId)
          .ifPresent(snapshot -> facets.set("version", version(snapshot)));
      if (run.isPresent()) {
        columnLineage(spec, port).ifPresent(lineage -> facets.set("columnLineage", lineage));
      }
      if (result.isPresent()) {
        ObjectNode statistics =
            facet(
                "1-0-2/OutputStatisticsOutputDatasetFacet.json"
                    + "#/$defs/OutputStatisticsOutputDatasetFacet");
        statistics.put("rowCount", result.get().rowsAdded());
        dataset.putObject("outputFacets").set("outputStatistics", statistics);
      }
    }
    return outputs;
  }

  private ObjectNode schema(List<Column> columns) {
    ObjectNode schema = facet("1-2-0/SchemaDatasetFacet.json#/$defs/SchemaDatasetFacet");
    ArrayNode fields = schema.putArray("fields");
    for (int i = 0; i < columns.size(); i++) {
      Column column = columns.get(i);
      ObjectNode field = fields.addObject();
      field.put("name", column.name());
      field.put("type", column.type().toString());
      if (!column.description().isBlank()) {
        field.put("description", column.description());
      }
      field.put("ordinal_position", i + 1);
    }
    return schema;
  }

  /** The Iceberg snapshot id of a port, as its dataset version. */
  private static ObjectNode version(long snapshotId) {
    ObjectNode version =
        facet("1-0-1/DatasetVersionDatasetFacet.json#/$defs/DatasetVersionDatasetFacet");
    version.put("datasetVersion", Long.toString(snapshotId));
    return version;
  }

  static ObjectNode facet(String schema) {
    ObjectNode facet = JSON.createObjectNode();
    facet.put("_producer", PRODUCER);
    facet.put("_schemaURL", FACETS + schema);
    return facet;
  }

  private String portNamespace() {
    return "quanta://" + settings.namespace();
  }

  /** The JDBC URL without its parameters, which may hold credentials. */
  private static String withoutParameters(String url) {
    int parameters = url.indexOf('?');
    int semicolon = url.indexOf(';');
    int end = url.length();
    if (parameters >= 0) {
      end = parameters;
    }
    if (semicolon >= 0 && semicolon < end) {
      end = semicolon;
    }
    return url.substring(0, end);
  }

  private void send(ObjectNode event) {
    try {
      transport.send(JSON.writeValueAsString(event));
    } catch (IOException | RuntimeException e) {
      LOG.warn(
          "Could not send the OpenLineage {} event of job {} to {}: {}",
          event.path("eventType").asText(),
          event.path("job").path("name").asText(),
          transport,
          e.getMessage());
    }
  }
}
