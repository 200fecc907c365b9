package io.quanta.spec;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;
import com.networknt.schema.path.PathType;
import io.quanta.error.ErrorCode;
import io.quanta.error.Problem;
import io.quanta.error.QuantaException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Parses data product spec files: YAML, then the JSON Schema ({@code quanta-v1.schema.json}), then
 * the checks a single file allows (names unique, {@code eventTime} and {@code key} name real
 * columns, inputs well formed). Every problem is collected and reported together, each with {@code
 * file:line:column} and the field path.
 *
 * <p>Instances are immutable and thread safe.
 */
public final class SpecParser {
  /** The resource holding the JSON Schema of {@code quanta/v1}, also published in docs/. */
  public static final String SCHEMA_RESOURCE = "/io/quanta/spec/quanta-v1.schema.json";

  /** Domain names that are DuckDB's own catalogs, which would shadow the domain's ports in SQL. */
  static final Set<String> RESERVED_DOMAINS = Set.of("main", "system", "temp", "memory");

  /** Column names DuckDB uses for its virtual file columns, which the platform reads. */
  static final Set<String> RESERVED_COLUMNS = Set.of("filename", "file_row_number");

  /** YAML ends a {...} mapping's value at a comma, so decimal(p,s) there must be quoted. */
  static final String DECIMAL_IN_FLOW_MAPPING =
      "in a {...} mapping the comma of decimal(p,s) ends the value: quote the type, e.g."
          + " type: \"decimal(10,2)\"";

  /** The names of the checks the platform makes itself, which expectations may not take. */
  static final Set<String> RESERVED_CHECK_NAMES =
      Set.of(
          "freshness",
          "timeliness.p50",
          "timeliness.p95",
          "completeness",
          "volume",
          "availability");

  /** How far back probes count for an availability objective that names no window. */
  static final Duration DEFAULT_AVAILABILITY_WINDOW = Duration.ofDays(30);

  static final com.cronutils.parser.CronParser CRON_PARSER =
      new com.cronutils.parser.CronParser(
          com.cronutils.model.definition.CronDefinitionBuilder.instanceDefinitionFor(
              com.cronutils.model.CronType.UNIX));

  private final Schema schema;
  private final JsonNode schemaDocument;

  private SpecParser(Schema schema, JsonNode schemaDocument) {
    this.schema = schema;
    this.schemaDocument = schemaDocument;
  }

  /** A parser with the {@code quanta/v1} schema loaded. */
  public static SpecParser create() {
    SchemaRegistryConfig config =
        SchemaRegistryConfig.builder()
            .errorMessageKeyword("errorMessage")
            .pathType(PathType.JSON_POINTER)
            .build();
    SchemaRegistry registry =
        SchemaRegistry.withDefaultDialect(
            SpecificationVersion.DRAFT_2020_12, builder -> builder.schemaRegistryConfig(config));
    try (InputStream in = SpecParser.class.getResourceAsStream(SCHEMA_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + SCHEMA_RESOURCE);
      }
      JsonNode document = new ObjectMapper().readTree(in);
      return new SpecParser(registry.getSchema(SchemaLocation.DOCUMENT, document), document);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The outcome of parsing one file: the spec when it has no errors, the errors, and warnings that
   * do not stop a deploy.
   */
  public record Result(Optional<ProductSpec> spec, List<Problem> errors, List<Problem> warnings) {
    public Result {
      requireNonNull(spec, "spec is null");
      errors = List.copyOf(errors);
      warnings = List.copyOf(warnings);
    }

    /** The spec, or a {@code INVALID_SPEC} exception carrying every error. */
    public ProductSpec orThrow() {
      if (spec.isPresent() && errors.isEmpty()) {
        return spec.get();
      }
      throw invalid(errors);
    }
  }

  /** An {@code INVALID_SPEC} exception listing the problems. */
  public static QuantaException invalid(List<Problem> problems) {
    String files =
        problems.stream().map(Problem::file).distinct().reduce((a, b) -> a + ", " + b).orElse("");
    StringBuilder message =
        new StringBuilder()
            .append(problems.size())
            .append(problems.size() == 1 ? " problem" : " problems")
            .append(" in ")
            .append(files);
    problems.forEach(problem -> message.append("\n  ").append(problem));
    return new QuantaException(ErrorCode.INVALID_SPEC, message.toString(), problems);
  }

  /**
   * Reads and parses a spec file. Relative file inputs resolve against the file's folder.
   *
   * @param file the spec file, shown in messages as given
   */
  public Result parse(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return failed(file.toString(), "no such file");
    } catch (MalformedInputException e) {
      return failed(file.toString(), "the file is not UTF-8 text");
    } catch (IOException e) {
      return failed(file.toString(), "cannot read the file: " + e.getMessage());
    }
    Path baseDir = file.toAbsolutePath().normalize().getParent();
    return parse(new SpecSource(file.toString(), baseDir, text));
  }

  /** Parses a spec from its text. */
  public Result parse(SpecSource source) {
    YamlTree.Result yaml = YamlTree.read(source.file(), source.text());
    if (yaml.tree().isEmpty() || !yaml.problems().isEmpty()) {
      return new Result(Optional.empty(), yaml.problems(), List.of());
    }
    JsonNode tree = yaml.tree().get();
    SourceMap locations = yaml.locations();
    List<Problem> schemaProblems = validateSchema(tree, locations);
    if (!schemaProblems.isEmpty()) {
      return new Result(Optional.empty(), schemaProblems, List.of());
    }
    return new Binder(tree, source, locations).bind();
  }

  private static Result failed(String file, String message) {
    return new Result(Optional.empty(), List.of(new Problem(file, 0, 0, "", message)), List.of());
  }

  private List<Problem> validateSchema(JsonNode tree, SourceMap locations) {
    List<Problem> problems = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    List<Error> errors = schema.validate(tree);
    for (Error error : errors) {
      if (repeatsAnAlternative(error, errors)) {
        continue;
      }
      Problem problem = toProblem(error, locations);
      // Schema alternatives can report the same place twice; keep the first message.
      if (seen.add(problem.path() + "\u0000" + problem.message())) {
        problems.add(problem);
      }
    }
    problems.sort(
        Comparator.comparingInt(Problem::line)
            .thenComparingInt(Problem::column)
            .thenComparing(Problem::path));
    return problems;
  }

  /**
   * Whether the error only restates, less precisely, another error of a failed {@code oneOf}: a
   * {@code oneOf} with its own message stands for its alternatives' errors; without one, the
   * alternatives the value has the type of say what is wrong, so neither the summary ("must be
   * valid to one and only one schema") nor the other alternatives' type mismatches are needed.
   */
  private static boolean repeatsAnAlternative(Error error, List<Error> errors) {
    for (Error oneOf : errors) {
      if (!"oneOf".equals(oneOf.getKeyword())) {
        continue;
      }
      String alternatives = oneOf.getEvaluationPath() + "/";
      List<Error> inside =
          errors.stream()
              .filter(e -> e.getEvaluationPath().toString().startsWith(alternatives))
              .toList();
      if (error == oneOf) {
        return !oneOf.isCustomMessage() && !inside.isEmpty();
      }
      if (inside.contains(error)) {
        return oneOf.isCustomMessage()
            || (wrongType(error, alternatives)
                && inside.stream().anyMatch(e -> !wrongType(e, alternatives)));
      }
    }
    return false;
  }

  private static boolean wrongType(Error error, String alternatives) {
    String at = error.getEvaluationPath().toString();
    return at.startsWith(alternatives) && at.substring(alternatives.length()).matches("\\d+/type");
  }

  private Problem toProblem(Error error, SourceMap locations) {
    String path = toPath(error.getInstanceLocation());
    String keyword = error.getKeyword() == null ? "" : error.getKeyword();
    String property = error.getProperty();
    switch (keyword) {
      case "required" -> {
        return locations.keyProblem(path, "missing required field '" + property + "'");
      }
      case "additionalProperties" -> {
        String fieldPath = SourceMap.child(path, property);
        if (property != null && property.matches("\\s*\\d+\\s*\\)")) {
          return locations.keyProblem(fieldPath, DECIMAL_IN_FLOW_MAPPING);
        }
        return locations.keyProblem(fieldPath, unknownField(error, property, path));
      }
      default -> {
        JsonNode value = error.getInstanceNode();
        if (value != null
            && value.isTextual()
            && value.asText().matches("decimal\\(\\s*\\d+\\s*")) {
          return locations.problem(path, DECIMAL_IN_FLOW_MAPPING);
        }
        return locations.problem(path, cleanMessage(error));
      }
    }
  }

  private String unknownField(Error error, String property, String parentPath) {
    Set<String> allowed = allowedFields(error.getSchemaLocation());
    String suggestion = Suggestions.closest(property, allowed);
    StringBuilder message = new StringBuilder("unknown field '").append(property).append("'");
    if (suggestion != null) {
      message.append("; did you mean '").append(suggestion).append("'?");
    } else if (!allowed.isEmpty()) {
      message.append("; expected one of ").append(String.join(", ", allowed));
    }
    return message.toString();
  }

  /**
   * The field names the schema allows where an {@code additionalProperties} error was raised: the
   * {@code properties} next to the failing keyword.
   */
  private Set<String> allowedFields(SchemaLocation location) {
    Set<String> allowed = new LinkedHashSet<>();
    if (location == null) {
      return allowed;
    }
    NodePath fragment = location.getFragment();
    JsonNode node = schemaDocument;
    // The last element is the keyword itself ("additionalProperties"); its parent holds it.
    for (int i = 0; i < fragment.getNameCount() - 1 && node != null; i++) {
      Object element = fragment.getElement(i);
      node = element instanceof Integer index ? node.get(index) : node.get(String.valueOf(element));
    }
    if (node != null) {
      node.path("properties").fieldNames().forEachRemaining(allowed::add);
    }
    return allowed;
  }

  private static String cleanMessage(Error error) {
    String message = error.getMessage();
    if (error.isCustomMessage()) {
      return message;
    }
    // networknt prefixes the instance location ("/outputs/0/name: ..."); the problem already
    // carries the path.
    int colon = message.indexOf(": ");
    if (message.startsWith("/") && colon > 0) {
      message = message.substring(colon + 2);
    } else if (message.startsWith(": ")) {
      message = message.substring(2);
    }
    return message;
  }

  static String toPath(NodePath location) {
    String path = "";
    for (int i = 0; i < location.getNameCount(); i++) {
      Object element = location.getElement(i);
      path =
          element instanceof Integer index
              ? SourceMap.element(path, index)
              : SourceMap.child(path, String.valueOf(element));
    }
    return path;
  }

  /** Binds a schema-valid tree to the model and runs the checks one file allows. */
  private static final class Binder {
    private final JsonNode root;
    private final SpecSource source;
    private final SourceMap locations;
    private final List<Problem> errors = new ArrayList<>();
    private final List<Problem> warnings = new ArrayList<>();

    Binder(JsonNode root, SpecSource source, SourceMap locations) {
      this.root = root;
      this.source = source;
      this.locations = locations;
    }

    Result bind() {
      Metadata metadata = metadata(root.get("metadata"));
      List<Input> inputs = inputs(root.path("inputs"));
      List<Output> outputs = outputs(root.get("outputs"), inputs);
      Slo slo = slo(root.path("slo"), "slo", inputs);
      checkTimeliness(slo, outputs);
      Schedule schedule = schedule(root.path("schedule"), inputs);
      checkInputColumnsHaveNoQuality(root.path("inputs"));
      // Read by the governance module, which knows the rules and reports with these locations.
      JsonNode policies = root.path("policies");
      if (!errors.isEmpty()) {
        return new Result(Optional.empty(), errors, warnings);
      }
      ProductSpec spec =
          new ProductSpec(
              metadata,
              inputs,
              outputs,
              slo,
              schedule,
              policies.isObject() ? policies.deepCopy() : JsonNodeFactory.instance.objectNode(),
              source,
              locations);
      return new Result(Optional.of(spec), List.of(), warnings);
    }

    private Metadata metadata(JsonNode node) {
      if (RESERVED_DOMAINS.contains(node.get("domain").asText())) {
        errors.add(
            locations.problem(
                "metadata.domain",
                "'"
                    + node.get("domain").asText()
                    + "' is reserved (a catalog of the SQL engine); choose another domain name"));
      }
      if (node.get("name").asText().matches(".*-v[0-9]+")) {
        errors.add(
            locations.problem(
                "metadata.name",
                "a name ending in -v<number> is reserved: in SQL, <product>_v<major> pins a major"
                    + " version; choose another name"));
      }
      ProductName name = new ProductName(node.get("domain").asText(), node.get("name").asText());
      SemVer version = SemVer.parse(node.get("version").asText());
      Optional<ProductKind> kind =
          node.has("kind")
              ? Optional.of(ProductKind.fromSpecName(node.get("kind").asText()))
              : Optional.empty();
      List<String> tags = new ArrayList<>();
      node.path("tags").forEach(tag -> tags.add(tag.asText()));
      Optional<String> docs =
          node.hasNonNull("docs") ? Optional.of(node.get("docs").asText()) : Optional.empty();
      return new Metadata(
          name,
          version,
          node.get("owner").asText(),
          node.get("description").asText(),
          kind,
          tags,
          docs);
    }

    private List<Input> inputs(JsonNode node) {
      List<Input> inputs = new ArrayList<>();
      Set<String> names = new HashSet<>();
      for (int i = 0; i < node.size(); i++) {
        String path = SourceMap.element("inputs", i);
        JsonNode input = node.get(i);
        String name = input.get("name").asText();
        if (!names.add(name)) {
          errors.add(
              locations.problem(
                  path + ".name", "duplicate input name '" + name + "'; input names must differ"));
        }
        List<String> sources =
            java.util.stream.Stream.of("product", "file", "jdbc", "kafka")
                .filter(input::has)
                .toList();
        if (sources.size() != 1) {
          errors.add(
              locations.problem(
                  path,
                  "an input reads another product ('product: domain/name:major/port'), files"
                      + " ('file: path'), a database ('jdbc: {url, table}') or a topic ('kafka:"
                      + " {topic}'); give exactly one of them"
                      + (sources.isEmpty() ? "" : ", not " + String.join(" and ", sources))));
          continue;
        }
        String source = sources.get(0);
        for (String field : List.of("format", "delimiter", "header")) {
          if (input.has(field) && !source.equals("file")) {
            errors.add(
                locations.keyProblem(
                    path + "." + field, "'" + field + "' applies to file inputs only"));
          }
        }
        if (input.has("mode") && !source.equals("product")) {
          errors.add(locations.keyProblem(path + ".mode", "'mode' applies to product inputs only"));
        }
        switch (source) {
          case "product" -> {
            if (input.has("schema")) {
              errors.add(
                  locations.keyProblem(
                      path + ".schema",
                      "a product input takes the upstream port's schema; remove 'schema'"));
            }
            ProductInput.Mode mode =
                "incremental".equals(input.path("mode").asText("full"))
                    ? ProductInput.Mode.INCREMENTAL
                    : ProductInput.Mode.FULL;
            inputs.add(new ProductInput(name, PortId.parse(input.get("product").asText()), mode));
          }
          case "jdbc" -> jdbcInput(input, path, name).ifPresent(inputs::add);
          case "kafka" -> {
            if (!input.has("schema")) {
              errors.add(
                  locations.problem(
                      path,
                      "a kafka input needs a 'schema': the fields each JSON record has, with their"
                          + " types"));
              continue;
            }
            JsonNode kafka = input.get("kafka");
            inputs.add(
                new KafkaInput(
                    name,
                    kafka.get("topic").asText(),
                    optionalText(kafka, "bootstrapServers"),
                    columns(input.get("schema"), path + ".schema")));
          }
          default -> fileInput(input, path, name).ifPresent(inputs::add);
        }
      }
      return inputs;
    }

    private Optional<Input> jdbcInput(JsonNode input, String path, String name) {
      JsonNode jdbc = input.get("jdbc");
      if (jdbc.has("table") == jdbc.has("query")) {
        errors.add(
            locations.problem(
                path + ".jdbc",
                "a jdbc input reads a 'table' or a 'query'; give exactly one of them"));
        return Optional.empty();
      }
      if (jdbc.has("query")
          && !jdbc.get("query").asText().strip().toLowerCase().matches("(?s)(select|with)\\b.*")) {
        errors.add(locations.problem(path + ".jdbc.query", "the query must be a SELECT"));
        return Optional.empty();
      }
      List<Column> schema = columns(input.path("schema"), path + ".schema");
      Optional<String> cursor = optionalText(jdbc, "cursor");
      if (cursor.isPresent()
          && !schema.isEmpty()
          && schema.stream().noneMatch(column -> column.name().equals(cursor.get()))) {
        errors.add(
            locations.problem(
                path + ".jdbc.cursor",
                "cursor column '" + cursor.get() + "' is not in the input's schema"));
      }
      return Optional.of(
          new JdbcInput(
              name,
              jdbc.get("url").asText(),
              optionalText(jdbc, "table"),
              optionalText(jdbc, "query"),
              cursor,
              optionalText(jdbc, "user"),
              optionalText(jdbc, "passwordEnv"),
              schema));
    }

    private Optional<Input> fileInput(JsonNode input, String path, String name) {
      String file = input.get("file").asText();
      Optional<FileFormat> format =
          input.has("format")
              ? Optional.of(FileFormat.fromSpecName(input.get("format").asText()))
              : FileFormat.fromExtension(file);
      if (format.isEmpty()) {
        errors.add(
            locations.problem(
                path + ".file",
                "cannot tell the format of '"
                    + file
                    + "' from its extension; add 'format: csv', 'format: json' or 'format:"
                    + " parquet'"));
        return Optional.empty();
      }
      if (format.get() != FileFormat.CSV) {
        for (String csvOnly : List.of("delimiter", "header")) {
          if (input.has(csvOnly)) {
            errors.add(
                locations.keyProblem(
                    path + "." + csvOnly, "'" + csvOnly + "' applies to CSV files only"));
          }
        }
      }
      String resolved;
      try {
        Path location = Path.of(file);
        resolved =
            (location.isAbsolute() ? location : source.baseDir().resolve(location))
                .normalize()
                .toString();
      } catch (java.nio.file.InvalidPathException e) {
        errors.add(locations.problem(path + ".file", "not a valid path: " + e.getReason()));
        return Optional.empty();
      }
      List<Column> schema = columns(input.path("schema"), path + ".schema");
      return Optional.of(
          new FileInput(
              name,
              file,
              resolved,
              format.get(),
              input.has("delimiter")
                  ? Optional.of(input.get("delimiter").asText())
                  : Optional.empty(),
              input.has("header") ? Optional.of(input.get("header").asBoolean()) : Optional.empty(),
              schema));
    }

    private List<Output> outputs(JsonNode node, List<Input> inputs) {
      List<Output> outputs = new ArrayList<>();
      Set<String> names = new HashSet<>();
      for (int i = 0; i < node.size(); i++) {
        String path = SourceMap.element("outputs", i);
        JsonNode output = node.get(i);
        String name = output.get("name").asText();
        if (!names.add(name)) {
          errors.add(
              locations.problem(
                  path + ".name", "duplicate output name '" + name + "'; port names must differ"));
        }
        List<Column> schema = columns(output.get("schema"), path + ".schema");
        Set<String> columnNames = new LinkedHashSet<>();
        schema.forEach(column -> columnNames.add(column.name()));

        Optional<String> eventTime = Optional.empty();
        if (output.has("eventTime")) {
          String column = output.get("eventTime").asText();
          eventTime = Optional.of(column);
          Optional<Column> declared =
              schema.stream().filter(c -> c.name().equals(column)).findFirst();
          if (declared.isEmpty()) {
            errors.add(
                locations.problem(
                    path + ".eventTime",
                    "eventTime names column '"
                        + column
                        + "', which the schema does not declare; declared columns: "
                        + String.join(", ", columnNames)));
          } else if (!declared.get().type().isTemporal()) {
            errors.add(
                locations.problem(
                    path + ".eventTime",
                    "eventTime column '"
                        + column
                        + "' is "
                        + declared.get().type()
                        + "; it must be a date or timestamp"));
          }
        }

        List<String> key = new ArrayList<>();
        JsonNode keyNode = output.path("key");
        for (int k = 0; k < keyNode.size(); k++) {
          String column = keyNode.get(k).asText();
          key.add(column);
          if (!columnNames.contains(column)) {
            errors.add(
                locations.problem(
                    path + ".key[" + k + "]",
                    "key column '"
                        + column
                        + "' is not in the schema; declared columns: "
                        + String.join(", ", columnNames)));
          }
        }

        // Every mode unless the spec names some: the same facts for every kind of consumer.
        Set<AccessMode> access = EnumSet.noneOf(AccessMode.class);
        JsonNode accessNode = output.path("access");
        if (accessNode.isMissingNode()) {
          access.addAll(EnumSet.allOf(AccessMode.class));
        }
        for (int a = 0; a < accessNode.size(); a++) {
          access.add(AccessMode.fromSpecName(accessNode.get(a).asText()));
        }
        Slo slo = slo(output.path("slo"), path + ".slo", inputs);
        if (slo.timeliness().isPresent() && eventTime.isEmpty()) {
          errors.add(
              locations.problem(
                  path + ".slo.timeliness",
                  "timeliness compares event time with processing time; the port declares no"
                      + " eventTime"));
        }
        List<Expectation> quality =
            new Expectations(path, schema, key, inputs).parse(output.path("quality"), output);
        outputs.add(
            new Output(
                name,
                output.path("description").asText(""),
                withoutTrailingSemicolons(output.get("sql").asText()),
                eventTime,
                key,
                schema,
                access,
                slo,
                quality));
      }
      return outputs;
    }

    private List<Column> columns(JsonNode node, String path) {
      List<Column> columns = new ArrayList<>();
      Set<String> names = new HashSet<>();
      for (int i = 0; i < node.size(); i++) {
        String columnPath = SourceMap.element(path, i);
        JsonNode column = node.get(i);
        String name = column.get("name").asText();
        if (!names.add(name)) {
          errors.add(
              locations.problem(
                  columnPath + ".name",
                  "duplicate column '" + name + "'; column names must differ"));
        }
        if (RESERVED_COLUMNS.contains(name)) {
          errors.add(
              locations.problem(
                  columnPath + ".name",
                  "'" + name + "' is reserved by the platform; choose another column name"));
        }
        ColumnType type;
        try {
          type = ColumnType.parse(column.get("type").asText());
        } catch (IllegalArgumentException e) {
          errors.add(locations.problem(columnPath + ".type", e.getMessage()));
          continue;
        }
        Optional<ColumnLink> link =
            column.has("links")
                ? Optional.of(ColumnLink.parse(column.get("links").asText()))
                : Optional.empty();
        columns.add(
            new Column(
                name,
                type,
                column.path("description").asText(""),
                column.path("required").asBoolean(false),
                optionalText(column, "semantic"),
                optionalText(column, "classification"),
                link));
      }
      return columns;
    }

    private Slo slo(JsonNode node, String path, List<Input> inputs) {
      if (node.isMissingNode()) {
        return Slo.NONE;
      }
      Optional<Duration> freshness = duration(node, "freshness", path);
      Optional<Slo.Timeliness> timeliness = Optional.empty();
      if (node.has("timeliness")) {
        JsonNode t = node.get("timeliness");
        timeliness =
            Optional.of(
                new Slo.Timeliness(
                    duration(t, "p50", path + ".timeliness"),
                    duration(t, "p95", path + ".timeliness")));
      }
      Optional<Slo.Completeness> completeness = Optional.empty();
      if (node.has("completeness")) {
        JsonNode c = node.get("completeness");
        Optional<String> against = optionalText(c, "against");
        against
            .filter(name -> inputs.stream().noneMatch(input -> input.name().equals(name)))
            .ifPresent(
                name ->
                    errors.add(
                        locations.problem(
                            path + ".completeness.against",
                            "'"
                                + name
                                + "' is not an input of this product; inputs: "
                                + String.join(", ", inputs.stream().map(Input::name).toList()))));
        completeness =
            Optional.of(
                new Slo.Completeness(
                    c.get("min").asDouble(),
                    against,
                    optionalText(c, "expected").map(SpecParser.Binder::withoutTrailingSemicolons),
                    optionalText(c, "actual").map(SpecParser.Binder::withoutTrailingSemicolons)));
      }
      Optional<Slo.Volume> volume = Optional.empty();
      if (node.has("volume")) {
        JsonNode v = node.get("volume");
        OptionalLong min =
            v.has("min") ? OptionalLong.of(v.get("min").asLong()) : OptionalLong.empty();
        OptionalLong max =
            v.has("max") ? OptionalLong.of(v.get("max").asLong()) : OptionalLong.empty();
        if (min.isPresent() && max.isPresent() && min.getAsLong() > max.getAsLong()) {
          errors.add(
              locations.problem(
                  path + ".volume.max",
                  "max (" + max.getAsLong() + ") is below min (" + min.getAsLong() + ")"));
        }
        volume = Optional.of(new Slo.Volume(min, max));
      }
      Optional<Slo.Availability> availability = Optional.empty();
      if (node.has("availability")) {
        JsonNode a = node.get("availability");
        if (a.isNumber()) {
          availability =
              Optional.of(new Slo.Availability(a.asDouble(), DEFAULT_AVAILABILITY_WINDOW));
        } else {
          availability =
              Optional.of(
                  new Slo.Availability(
                      a.get("min").asDouble(),
                      duration(a, "window", path + ".availability")
                          .orElse(DEFAULT_AVAILABILITY_WINDOW)));
        }
      }
      return new Slo(freshness, timeliness, completeness, volume, availability);
    }

    /** Timeliness declared for the whole product needs at least one port with an event time. */
    private void checkTimeliness(Slo slo, List<Output> outputs) {
      if (slo.timeliness().isPresent()
          && outputs.stream().noneMatch(output -> output.eventTime().isPresent())) {
        errors.add(
            locations.problem(
                "slo.timeliness",
                "timeliness compares event time with processing time; no output port declares an"
                    + " eventTime"));
      }
    }

    private void checkInputColumnsHaveNoQuality(JsonNode inputs) {
      for (int i = 0; i < inputs.size(); i++) {
        JsonNode schema = inputs.get(i).path("schema");
        for (int c = 0; c < schema.size(); c++) {
          if (schema.get(c).has("quality")) {
            String at = "inputs[" + i + "].schema[" + c + "].quality";
            errors.add(
                locations.keyProblem(
                    at,
                    "quality expectations belong to output ports; an input's schema is checked"
                        + " when it is read"));
          }
        }
      }
    }

    private Schedule schedule(JsonNode node, List<Input> inputs) {
      if (node.isMissingNode()) {
        return Schedule.MANUAL;
      }
      Optional<String> cron = optionalText(node, "cron");
      cron.ifPresent(
          expression -> {
            try {
              CRON_PARSER.parse(expression).validate();
            } catch (IllegalArgumentException e) {
              errors.add(
                  locations.problem(
                      "schedule.cron",
                      "not a five-field cron expression (minute hour day-of-month month"
                          + " day-of-week, e.g. '0 2 * * *'): "
                          + e.getMessage()));
            }
          });
      Optional<Duration> interval = duration(node, "interval", "schedule");
      interval
          .filter(d -> d.compareTo(Duration.ofSeconds(1)) < 0)
          .ifPresent(
              d -> errors.add(locations.problem("schedule.interval", "must be at least PT1S")));
      boolean onUpstream = node.path("onUpstreamCommit").asBoolean(false);
      if (onUpstream && inputs.stream().noneMatch(ProductInput.class::isInstance)) {
        errors.add(
            locations.problem(
                "schedule.onUpstreamCommit",
                "the product reads no other product: no upstream commit can trigger it"));
      }
      if (cron.isEmpty() && interval.isEmpty() && !onUpstream) {
        errors.add(
            locations.problem(
                "schedule",
                "declares no trigger: give a cron, an interval or onUpstreamCommit: true"));
      }
      return new Schedule(
          cron,
          interval,
          onUpstream,
          node.path("retries").asInt(Schedule.DEFAULT_RETRIES),
          duration(node, "backoff", "schedule").orElse(Schedule.DEFAULT_BACKOFF));
    }

    private Optional<Duration> duration(JsonNode node, String field, String path) {
      if (!node.has(field)) {
        return Optional.empty();
      }
      try {
        return Optional.of(Duration.parse(node.get(field).asText()));
      } catch (DateTimeParseException e) {
        errors.add(
            locations.problem(
                SourceMap.child(path, field), "must be an ISO-8601 duration, e.g. PT24H or P1D"));
        return Optional.empty();
      }
    }

    /** Binds an output's quality expectations, its own and its columns'. */
    private final class Expectations {
      private final String path;
      private final List<Column> schema;
      private final List<String> key;
      private final List<Input> inputs;
      private final Set<String> names = new HashSet<>();

      Expectations(String path, List<Column> schema, List<String> key, List<Input> inputs) {
        this.path = path;
        this.schema = schema;
        this.key = key;
        this.inputs = inputs;
      }

      List<Expectation> parse(JsonNode portQuality, JsonNode output) {
        List<Expectation> expectations = new ArrayList<>();
        for (int i = 0; i < portQuality.size(); i++) {
          expectation(portQuality.get(i), path + ".quality[" + i + "]", Optional.empty())
              .ifPresent(expectations::add);
        }
        JsonNode columns = output.path("schema");
        for (int c = 0; c < columns.size(); c++) {
          JsonNode quality = columns.get(c).path("quality");
          String column = columns.get(c).path("name").asText();
          for (int i = 0; i < quality.size(); i++) {
            expectation(
                    quality.get(i),
                    path + ".schema[" + c + "].quality[" + i + "]",
                    Optional.of(column))
                .ifPresent(expectations::add);
          }
        }
        return expectations;
      }

      private Optional<Expectation> expectation(
          JsonNode node, String at, Optional<String> impliedColumn) {
        int before = errors.size();
        boolean sql = "sql".equals(node.path("type").asText("library"));
        Optional<Expectation.Metric> metric;
        if (sql) {
          metric = Optional.of(Expectation.Metric.SQL);
          if (!node.has("query")) {
            errors.add(
                locations.problem(
                    at, "a sql expectation needs a 'query' returning the rows that fail"));
          }
          if (node.has("metric")) {
            errors.add(
                locations.keyProblem(
                    at + ".metric", "a sql expectation has a query, not a metric"));
          }
        } else if (!node.has("metric")) {
          errors.add(
              locations.problem(
                  at,
                  "needs a metric (nullValues, duplicateValues, invalidValues, rowCount,"
                      + " referentialIntegrity) or type: sql with a query"));
          metric = Optional.empty();
        } else {
          metric = Expectation.Metric.fromSpecName(node.get("metric").asText());
        }
        if (metric.isEmpty()) {
          return Optional.empty();
        }
        Expectation.Metric kind = metric.get();
        Optional<String> column = optionalText(node, "column");
        if (column.isPresent() && impliedColumn.isPresent() && !column.equals(impliedColumn)) {
          errors.add(
              locations.problem(
                  at + ".column",
                  "names column '"
                      + column.get()
                      + "' but sits under column '"
                      + impliedColumn.get()
                      + "'"));
        }
        Optional<String> named = column;
        column = named.or(() -> impliedColumn);
        Optional<String> checked = column;
        boolean needsColumn =
            kind == Expectation.Metric.NULL_VALUES
                || kind == Expectation.Metric.INVALID_VALUES
                || kind == Expectation.Metric.REFERENTIAL_INTEGRITY;
        if (needsColumn && column.isEmpty()) {
          errors.add(locations.problem(at, kind.specName() + " needs a column"));
        }
        Optional<Column> declared = column.flatMap(this::column);
        if (column.isPresent() && declared.isEmpty()) {
          errors.add(
              locations.problem(
                  impliedColumn.isPresent() ? at : at + ".column",
                  "column '"
                      + column.get()
                      + "' is not in the port's schema; declared columns: "
                      + String.join(", ", schema.stream().map(Column::name).toList())));
        }
        List<String> columns = new ArrayList<>();
        node.path("columns").forEach(c -> columns.add(c.asText()));
        if (kind == Expectation.Metric.DUPLICATE_VALUES) {
          if (columns.isEmpty()) {
            checked.ifPresentOrElse(columns::add, () -> columns.addAll(key));
          }
          if (columns.isEmpty()) {
            errors.add(
                locations.problem(
                    at,
                    "duplicateValues needs columns (or a column): the port has no key to default"
                        + " to"));
          }
          for (String c : columns) {
            if (column(c).isEmpty()) {
              errors.add(
                  locations.problem(
                      at + ".columns", "column '" + c + "' is not in the port's schema"));
            }
          }
        }
        JsonNode arguments = node.path("arguments");
        List<String> validValues = new ArrayList<>();
        // A null is never an invalid value (nullValues counts nulls): accepting it changes nothing.
        for (JsonNode value : arguments.path("validValues")) {
          if (!value.isNull()) {
            validValues.add(value.asText());
          }
        }
        Optional<String> pattern = optionalText(arguments, "pattern");
        pattern.ifPresent(
            regex -> {
              try {
                java.util.regex.Pattern.compile(regex);
              } catch (java.util.regex.PatternSyntaxException e) {
                errors.add(
                    locations.problem(
                        at + ".arguments.pattern",
                        "not a regular expression: " + e.getDescription()));
              }
            });
        Optional<Double> minimum =
            arguments.has("minimum")
                ? Optional.of(arguments.get("minimum").asDouble())
                : Optional.empty();
        Optional<Double> maximum =
            arguments.has("maximum")
                ? Optional.of(arguments.get("maximum").asDouble())
                : Optional.empty();
        if (kind == Expectation.Metric.INVALID_VALUES
            && validValues.isEmpty()
            && pattern.isEmpty()
            && minimum.isEmpty()
            && maximum.isEmpty()) {
          errors.add(
              locations.problem(
                  at,
                  "invalidValues needs arguments: validValues, pattern, minimum and/or maximum"));
        }
        if ((minimum.isPresent() || maximum.isPresent())
            && declared.isPresent()
            && !declared.get().type().isNumeric()
            && !declared.get().type().isTemporal()) {
          errors.add(
              locations.problem(
                  at + ".arguments",
                  "minimum and maximum need a number, date or timestamp column; '"
                      + declared.get().name()
                      + "' is "
                      + declared.get().type()));
        }
        if (kind != Expectation.Metric.INVALID_VALUES && !arguments.isMissingNode()) {
          errors.add(locations.keyProblem(at + ".arguments", "only invalidValues takes arguments"));
        }
        if (kind == Expectation.Metric.REFERENTIAL_INTEGRITY && declared.isPresent()) {
          Optional<ColumnLink> link = declared.get().links();
          if (link.isEmpty()) {
            errors.add(
                locations.problem(
                    at,
                    "referentialIntegrity checks the column's links; column '"
                        + declared.get().name()
                        + "' declares none"));
          } else if (inputs.stream()
              .noneMatch(
                  input -> input instanceof ProductInput p && p.port().equals(link.get().port()))) {
            errors.add(
                locations.problem(
                    at,
                    "referentialIntegrity reads the linked port "
                        + link.get().port()
                        + ", which is not an input of this product; add it to inputs"));
          }
        }
        Threshold threshold = threshold(node, at, kind);
        Expectation.Unit unit =
            "percent".equals(node.path("unit").asText("rows"))
                ? Expectation.Unit.PERCENT
                : Expectation.Unit.ROWS;
        if (unit == Expectation.Unit.PERCENT && kind == Expectation.Metric.ROW_COUNT) {
          errors.add(
              locations.problem(at + ".unit", "rowCount counts rows; percent does not apply"));
        }
        Expectation.Severity severity =
            Expectation.Severity.fromSpecName(node.path("severity").asText("error")).orElseThrow();
        String name =
            optionalText(node, "name")
                .orElseGet(
                    () ->
                        kind.specName()
                            + (kind == Expectation.Metric.DUPLICATE_VALUES
                                ? "(" + String.join(",", columns) + ")"
                                : checked.map(c -> "(" + c + ")").orElse("")));
        if (RESERVED_CHECK_NAMES.contains(name) || name.startsWith("drift.")) {
          errors.add(
              locations.problem(
                  at,
                  "'"
                      + name
                      + "' names one of the platform's own checks (objectives, drift); give the"
                      + " expectation another name"));
        }
        if (!names.add(name)) {
          errors.add(
              locations.problem(
                  at,
                  "another expectation of this port is named '"
                      + name
                      + "'; give one of them a distinct name"));
        }
        if (errors.size() > before) {
          return Optional.empty();
        }
        return Optional.of(
            new Expectation(
                name,
                kind,
                kind == Expectation.Metric.DUPLICATE_VALUES ? Optional.empty() : column,
                columns,
                validValues,
                pattern,
                minimum,
                maximum,
                optionalText(node, "query").map(SpecParser.Binder::withoutTrailingSemicolons),
                threshold,
                unit,
                severity,
                node.path("description").asText(""),
                optionalText(node, "dimension")));
      }

      private Threshold threshold(JsonNode node, String at, Expectation.Metric kind) {
        List<Threshold> given = new ArrayList<>();
        for (Threshold.Operator operator : Threshold.Operator.values()) {
          JsonNode value = node.get(operator.specName());
          if (value == null) {
            continue;
          }
          if (operator.isRange()) {
            double low = value.get(0).asDouble();
            double high = value.get(1).asDouble();
            if (low > high) {
              errors.add(
                  locations.problem(
                      at + "." + operator.specName(), "the smaller number comes first"));
            }
            given.add(new Threshold(operator, low, high));
          } else {
            given.add(new Threshold(operator, value.asDouble(), value.asDouble()));
          }
        }
        if (given.size() > 1) {
          errors.add(
              locations.problem(
                  at,
                  "gives "
                      + given.size()
                      + " comparisons ("
                      + String.join(", ", given.stream().map(t -> t.operator().specName()).toList())
                      + "); give one"));
        }
        if (given.isEmpty()) {
          // Nothing may fail; a port must not be empty.
          return kind == Expectation.Metric.ROW_COUNT
              ? new Threshold(Threshold.Operator.MUST_BE_GREATER_THAN, 0, 0)
              : Threshold.NONE_FAIL;
        }
        return given.get(0);
      }

      private Optional<Column> column(String name) {
        return schema.stream().filter(c -> c.name().equals(name)).findFirst();
      }
    }

    /** "SELECT ...;" is one statement; the run embeds it in a larger one, where ';' breaks it. */
    private static String withoutTrailingSemicolons(String sql) {
      return sql.strip().replaceAll("(;\\s*)+$", "");
    }

    private static Optional<String> optionalText(JsonNode node, String field) {
      return node.has(field) ? Optional.of(node.get(field).asText()) : Optional.empty();
    }
  }
}
