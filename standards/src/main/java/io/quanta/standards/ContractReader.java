package io.quanta.standards;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quanta.spec.AccessMode;
import io.quanta.spec.ColumnLink;
import io.quanta.spec.ColumnType;
import io.quanta.spec.PortId;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads an ODCS data contract into the output ports it describes (the mapping of ADR 0014). */
final class ContractReader {
  private static final Set<String> TOP_LEVEL =
      Set.of(
          "apiVersion",
          "kind",
          "id",
          "name",
          "version",
          "status",
          "domain",
          "dataProduct",
          "tags",
          "description",
          "team",
          "schema",
          "slaProperties");

  private static final Set<String> CONTRACT_EXTENSIONS =
      Set.of(Extensions.SQL, Extensions.EVENT_TIME, Extensions.ACCESS, Extensions.COMPLETENESS);

  private static final Set<String> OBJECT_FIELDS =
      Set.of(
          "id",
          "name",
          "physicalName",
          "physicalType",
          "logicalType",
          "description",
          "properties",
          "quality");

  private static final Set<String> PROPERTY_FIELDS =
      Set.of(
          "id",
          "name",
          "logicalType",
          "logicalTypeOptions",
          "physicalType",
          "description",
          "required",
          "unique",
          "primaryKey",
          "primaryKeyPosition",
          "classification",
          "relationships",
          "quality");

  private static final Set<String> QUALITY_FIELDS =
      Set.of(
          "type",
          "metric",
          "name",
          "description",
          "dimension",
          "severity",
          "unit",
          "arguments",
          "query",
          "engine",
          "implementation",
          "mustBe",
          "mustNotBe",
          "mustBeGreaterThan",
          "mustBeGreaterOrEqualTo",
          "mustBeLessThan",
          "mustBeLessOrEqualTo",
          "mustBeBetween",
          "mustNotBeBetween");

  private static final List<String> OPERATORS =
      List.of(
          "mustBe",
          "mustNotBe",
          "mustBeGreaterThan",
          "mustBeGreaterOrEqualTo",
          "mustBeLessThan",
          "mustBeLessOrEqualTo",
          "mustBeBetween",
          "mustNotBeBetween");

  private static final Set<String> DIMENSIONS =
      Set.of(
          "accuracy",
          "completeness",
          "conformity",
          "consistency",
          "coverage",
          "timeliness",
          "uniqueness");

  private static final Pattern EXPECTATION_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.()-]*");
  private static final Pattern CLASSIFICATION = Pattern.compile("[a-z][a-z0-9-]*");
  private static final Pattern SQL_TYPE =
      Pattern.compile("([a-z ]+?)\\s*(?:\\((\\d+)\\s*(?:,\\s*(\\d+))?\\))?");

  /** The failing-rows query inside the value query an exported SQL check runs. */
  private static final Pattern WRAPPED_QUERY =
      Pattern.compile(
          "(?s)(?:"
              + Pattern.quote(ContractWriter.COUNT_PREFIX)
              + "|"
              + Pattern.quote(ContractWriter.PERCENT_PREFIX)
              + ")(.*)"
              + Pattern.quote(ContractWriter.FAILING_SUFFIX));

  /**
   * An output port a contract describes.
   *
   * @param name the port's name
   * @param path where its schema object is in the contract
   * @param output the port in the spec's form, without its objectives
   */
  record Port(String name, String path, ObjectNode output) {
    Port {
      requireNonNull(name, "name is null");
      requireNonNull(path, "path is null");
      output = output.deepCopy();
    }
  }

  /**
   * What a contract gives a spec.
   *
   * @param document the contract
   * @param id the contract's id
   * @param port the Quanta port the id names, when it names one
   * @param metadata the product's identity, owner and text as the contract gives them
   * @param ports the ports of its schema objects
   * @param slo the objectives its SLA properties state, in the spec's form
   * @param frequency how often its data is updated, when it says
   */
  record Contract(
      SourceDocument document,
      String id,
      Optional<PortId> port,
      MetadataReader.Fields metadata,
      List<Port> ports,
      ObjectNode slo,
      Optional<Duration> frequency) {
    Contract {
      requireNonNull(document, "document is null");
      requireNonNull(id, "id is null");
      requireNonNull(port, "port is null");
      requireNonNull(metadata, "metadata is null");
      ports = List.copyOf(ports);
      slo = slo.deepCopy();
      requireNonNull(frequency, "frequency is null");
    }
  }

  private final SourceDocument document;
  private final ImportReport report;
  private final MetadataReader metadata;

  ContractReader(SourceDocument document, ImportReport report) {
    this.document = document;
    this.report = report;
    this.metadata = new MetadataReader(document, report);
  }

  Contract read() {
    JsonNode root = document.tree();
    String id = root.path("id").asText("");
    Optional<PortId> port = PortId.isValid(id) ? Optional.of(PortId.parse(id)) : Optional.empty();
    if (port.isEmpty() && !id.isEmpty()) {
      report.notImported(
          document, "id", "a port is addressed by domain/name:major/port, not by a contract id");
    }
    Optional<String> domain =
        port.map(p -> p.product().domain())
            .or(() -> metadata.resourceName("domain", "domain name"));
    Optional<String> name =
        port.map(p -> p.product().name())
            .or(
                () ->
                    root.has("dataProduct")
                        ? metadata.resourceName("dataProduct", "product name")
                        : metadata.resourceName("name", "product name"));
    Optional<String> version = metadata.version(root, "version");
    metadata.status(root);
    MetadataReader.Fields fields =
        new MetadataReader.Fields(
            domain,
            name,
            version,
            metadata.owner(root.get("team"), "team"),
            metadata.description(root.get("description")),
            metadata.docs(root.get("description")),
            metadata.tags(root.get("tags")));

    JsonNode extensions = root.path("customProperties");
    JsonNode objects = root.path("schema");
    List<Port> ports = new ArrayList<>();
    for (int i = 0; i < objects.size(); i++) {
      port(objects.get(i), Paths.element("schema", i), objects.size() == 1 ? extensions : null)
          .ifPresent(ports::add);
    }
    if (objects.size() > 1) {
      for (String property : List.of(Extensions.SQL, Extensions.EVENT_TIME, Extensions.ACCESS)) {
        if (Extensions.find(extensions, property).isPresent()) {
          report.notImported(
              document,
              "customProperties",
              property
                  + " describes a contract of one schema object; this one has "
                  + objects.size());
        }
      }
    }
    Sla sla = new Sla(Extensions.find(extensions, Extensions.COMPLETENESS));
    sla.read(root.path("slaProperties"));
    report.rest(document, root, "", TOP_LEVEL, CONTRACT_EXTENSIONS);
    return new Contract(document, id, port, fields, ports, sla.slo, sla.frequency);
  }

  /** A schema object as an output port; extensions are the contract's when it has only this one. */
  private Optional<Port> port(JsonNode object, String path, JsonNode extensions) {
    String given = object.path("name").asText("");
    Optional<String> name = metadata.resourceName(given, Paths.child(path, "name"), "port name");
    if (name.isEmpty()) {
      return Optional.empty();
    }
    report.rest(document, object, path, OBJECT_FIELDS);
    Json.text(object, "physicalName")
        .filter(physical -> !physical.endsWith("." + name.get().replace('-', '_')))
        .ifPresent(
            physical ->
                report.notImported(
                    document,
                    Paths.child(path, "physicalName"),
                    "Quanta names a port's table domain.product.port"));
    ObjectNode output = Json.object();
    output.put("name", name.get());
    Json.text(object, "description")
        .filter(text -> !text.isBlank())
        .ifPresent(text -> output.put("description", text));
    if (extensions != null) {
      Extensions.find(extensions, Extensions.SQL).ifPresent(sql -> output.put("sql", sql.asText()));
    }

    Map<String, String> renamed = new HashMap<>();
    List<KeyPart> key = new ArrayList<>();
    ArrayNode schema = Json.array();
    JsonNode properties = object.path("properties");
    for (int i = 0; i < properties.size(); i++) {
      column(properties.get(i), Paths.element(Paths.child(path, "properties"), i), renamed, key)
          .ifPresent(schema::add);
    }
    if (extensions != null) {
      Extensions.find(extensions, Extensions.EVENT_TIME)
          .map(JsonNode::asText)
          .ifPresent(column -> output.put("eventTime", renamed.getOrDefault(column, column)));
    }
    if (!key.isEmpty()) {
      key.sort(Comparator.comparingInt(KeyPart::position).thenComparingInt(KeyPart::order));
      output.set("key", Json.strings(key.stream().map(KeyPart::column).toList()));
    }
    output.set("schema", schema);
    if (extensions != null) {
      Extensions.find(extensions, Extensions.ACCESS).ifPresent(access -> access(access, output));
    }
    ArrayNode quality = Json.array();
    JsonNode checks = object.path("quality");
    for (int i = 0; i < checks.size(); i++) {
      expectation(checks.get(i), Paths.element(Paths.child(path, "quality"), i), renamed, false)
          .ifPresent(quality::add);
    }
    if (!quality.isEmpty()) {
      output.set("quality", quality);
    }
    return Optional.of(new Port(name.get(), path, output));
  }

  private void access(JsonNode access, ObjectNode output) {
    ArrayNode modes = Json.array();
    for (JsonNode mode : access) {
      try {
        modes.add(AccessMode.fromSpecName(mode.asText()).specName());
      } catch (IllegalArgumentException e) {
        report.notImported(
            document,
            "customProperties",
            Extensions.ACCESS + ": '" + mode.asText() + "' is none of sql, files, events, rest");
      }
    }
    if (!modes.isEmpty()) {
      output.set("access", modes);
    }
  }

  /** A key column with its place: the primary key position, then the order of declaration. */
  private record KeyPart(String column, int position, int order) {}

  private Optional<ObjectNode> column(
      JsonNode property, String path, Map<String, String> renamed, List<KeyPart> key) {
    String given = property.path("name").asText("");
    Optional<String> name = ImportNames.identifier(given);
    if (name.isEmpty()) {
      report.notImported(
          document,
          path,
          "'" + given + "' cannot be made a column name (lowercase letters, digits and '_')");
      return Optional.empty();
    }
    if (!name.get().equals(given)) {
      renamed.put(given, name.get());
      report.warn(
          document.at(Paths.child(path, "name"), "imported as column '" + name.get() + "'"));
    }
    Optional<ColumnType> type = type(property, path);
    if (type.isEmpty()) {
      return Optional.empty();
    }
    report.rest(document, property, path, PROPERTY_FIELDS, Set.of(Extensions.SEMANTIC));
    ObjectNode column = Json.object();
    column.put("name", name.get());
    column.put("type", type.get().toString());
    Json.text(property, "description")
        .filter(text -> !text.isBlank())
        .ifPresent(text -> column.put("description", text));
    if (property.path("required").asBoolean(false)) {
      column.put("required", true);
    }
    Extensions.find(property.path("customProperties"), Extensions.SEMANTIC)
        .map(JsonNode::asText)
        .ifPresent(semantic -> column.put("semantic", semantic));
    Json.text(property, "classification").ifPresent(value -> classification(value, path, column));
    links(property.path("relationships"), Paths.child(path, "relationships"), column);
    if (property.path("primaryKey").asBoolean(false)) {
      int position = property.path("primaryKeyPosition").asInt(-1);
      key.add(new KeyPart(name.get(), position > 0 ? position : Integer.MAX_VALUE, key.size()));
    }
    ArrayNode quality = Json.array();
    JsonNode checks = property.path("quality");
    for (int i = 0; i < checks.size(); i++) {
      expectation(checks.get(i), Paths.element(Paths.child(path, "quality"), i), renamed, true)
          .ifPresent(quality::add);
    }
    boolean checksDuplicates = quality.findValuesAsText("metric").contains("duplicateValues");
    if (property.path("unique").asBoolean(false) && !checksDuplicates) {
      quality.addObject().put("metric", "duplicateValues");
    }
    if (!quality.isEmpty()) {
      column.set("quality", quality);
    }
    return Optional.of(column);
  }

  /**
   * The column type: the physical type when it is a Quanta type (as exports write it), else the
   * logical type with its format, else the physical type read as SQL.
   */
  private Optional<ColumnType> type(JsonNode property, String path) {
    Optional<String> physical = Json.text(property, "physicalType");
    Optional<String> logical = Json.text(property, "logicalType");
    if (physical.isPresent()) {
      try {
        return Optional.of(ColumnType.parse(physical.get()));
      } catch (IllegalArgumentException e) {
        // not a Quanta type: the logical type says what it holds
      }
    }
    String format = property.path("logicalTypeOptions").path("format").asText("");
    Optional<ColumnType> type =
        logical
            .flatMap(value -> logicalType(value, format, physical))
            .or(() -> physical.flatMap(ContractReader::sqlType));
    if (type.isEmpty()) {
      report.notImported(
          document,
          path,
          "the column's type ("
              + logical.map(value -> "logicalType " + value).orElse("")
              + (logical.isPresent() && physical.isPresent() ? ", " : "")
              + physical.map(value -> "physicalType " + value).orElse("")
              + ") is none of string, boolean, integer, bigint, double, decimal(p,s), date,"
              + " timestamp");
      return Optional.empty();
    }
    physical
        .filter(value -> !value.equalsIgnoreCase(type.get().toString()))
        .ifPresent(
            value ->
                report.notImported(
                    document,
                    Paths.child(path, "physicalType"),
                    "the column is " + type.get() + " in Quanta; '" + value + "' is not kept"));
    JsonNode options = property.path("logicalTypeOptions");
    if (options.isObject()) {
      report.rest(document, options, Paths.child(path, "logicalTypeOptions"), Set.of("format"));
    }
    return type;
  }

  private static Optional<ColumnType> logicalType(
      String logical, String format, Optional<String> physical) {
    return switch (logical.toLowerCase(Locale.ROOT)) {
      case "string" -> Optional.of(ColumnType.STRING);
      case "boolean" -> Optional.of(ColumnType.BOOLEAN);
      case "date" -> Optional.of(ColumnType.DATE);
      case "timestamp" -> Optional.of(ColumnType.TIMESTAMP);
      case "integer" ->
          Optional.of(
              Set.of("i64", "i128", "u32", "u64", "u128").contains(format)
                  ? ColumnType.BIGINT
                  : ColumnType.INTEGER);
      case "number" ->
          physical
              .flatMap(ContractReader::sqlType)
              .filter(type -> type.kind() == ColumnType.Kind.DECIMAL)
              .or(() -> Optional.of(ColumnType.DOUBLE));
      default -> Optional.empty();
    };
  }

  /** A SQL type's Quanta equivalent, when it has one. */
  private static Optional<ColumnType> sqlType(String physical) {
    Matcher matcher = SQL_TYPE.matcher(physical.trim().toLowerCase(Locale.ROOT));
    if (!matcher.matches()) {
      return Optional.empty();
    }
    String base = matcher.group(1).trim();
    return switch (base) {
      case "varchar",
          "char",
          "character",
          "character varying",
          "text",
          "string",
          "nvarchar",
          "uuid" ->
          Optional.of(ColumnType.STRING);
      case "bool", "boolean" -> Optional.of(ColumnType.BOOLEAN);
      case "int", "integer", "int4", "smallint", "tinyint", "int2" ->
          Optional.of(ColumnType.INTEGER);
      case "bigint", "int8", "long" -> Optional.of(ColumnType.BIGINT);
      case "double", "double precision", "float8", "float", "real", "float4" ->
          Optional.of(ColumnType.DOUBLE);
      case "decimal", "numeric", "number" -> {
        if (matcher.group(2) == null) {
          yield Optional.of(ColumnType.DOUBLE);
        }
        int precision = Integer.parseInt(matcher.group(2));
        int scale = matcher.group(3) == null ? 0 : Integer.parseInt(matcher.group(3));
        try {
          yield Optional.of(ColumnType.decimal(precision, scale));
        } catch (IllegalArgumentException e) {
          yield Optional.empty();
        }
      }
      case "date" -> Optional.of(ColumnType.DATE);
      case "timestamp", "timestamptz", "datetime", "timestamp with time zone" ->
          Optional.of(ColumnType.TIMESTAMP);
      default -> Optional.empty();
    };
  }

  private void classification(String value, String path, ObjectNode column) {
    String lower = value.trim().toLowerCase(Locale.ROOT);
    if (CLASSIFICATION.matcher(lower).matches()) {
      column.put("classification", lower);
    } else {
      report.notImported(
          document,
          Paths.child(path, "classification"),
          "'" + value + "' is not a classification a spec accepts (lowercase words, e.g. pii)");
    }
  }

  /** The first relationship naming a column of a Quanta port becomes the column's link. */
  private void links(JsonNode relationships, String path, ObjectNode column) {
    for (int i = 0; i < relationships.size(); i++) {
      JsonNode to = relationships.get(i).path("to");
      Optional<ColumnLink> link =
          to.isTextual() ? DocumentNames.link(to.asText()) : Optional.empty();
      String at = Paths.element(path, i);
      if (link.isEmpty()) {
        report.notImported(
            document,
            at,
            "a spec links a column to a column of another product's port, written in its"
                + " contract's file as domain.product.vMAJOR.port.odcs.yaml#/schema/port/properties/"
                + "column");
      } else if (column.has("links")) {
        report.notImported(document, at, "a spec links a column to one other column");
      } else {
        column.put("links", link.get().toString());
        report.rest(document, relationships.get(i), at, Set.of("to", "type"));
      }
    }
  }

  /** A quality check as a spec's expectation, when the spec can express it. */
  private Optional<ObjectNode> expectation(
      JsonNode check, String path, Map<String, String> renamed, boolean onColumn) {
    String type = check.path("type").asText(check.has("metric") ? "library" : "");
    ObjectNode expectation = Json.object();
    JsonNode thresholds = check;
    switch (type) {
      case "library" -> {
        String metric = check.path("metric").asText("");
        if (!Set.of("nullValues", "invalidValues", "duplicateValues", "rowCount")
            .contains(metric)) {
          report.notImported(
              document,
              path,
              metric.equals("missingValues")
                  ? "Quanta counts nulls (nullValues) and values outside a list (invalidValues),"
                      + " not a list of missing values"
                  : "metric '"
                      + metric
                      + "' is none of nullValues, invalidValues,"
                      + " duplicateValues, rowCount");
          return Optional.empty();
        }
        expectation.put("metric", metric);
        if (!arguments(
            check.path("arguments"),
            Paths.child(path, "arguments"),
            metric,
            renamed,
            expectation)) {
          return Optional.empty();
        }
      }
      case "sql" -> {
        Matcher wrapped = WRAPPED_QUERY.matcher(check.path("query").asText(""));
        if (!wrapped.matches()) {
          report.notImported(
              document,
              path,
              "an ODCS SQL check returns a value; a Quanta SQL expectation returns the failing"
                  + " rows of table 'port': rewrite it as one");
          return Optional.empty();
        }
        expectation.put("type", "sql");
        expectation.put("query", wrapped.group(1));
      }
      case "custom" -> {
        JsonNode implementation = check.path("implementation");
        if (!check.path("engine").asText("").equals(Extensions.ENGINE)
            || !implementation.path("metric").asText("").equals("referentialIntegrity")) {
          report.notImported(
              document,
              path,
              "custom checks of engine '"
                  + check.path("engine").asText("")
                  + "' run outside"
                  + " Quanta");
          return Optional.empty();
        }
        expectation.put("metric", "referentialIntegrity");
        thresholds = implementation;
      }
      default -> {
        report.notImported(
            document,
            path,
            type.equals("text")
                ? "a text rule describes quality in words; a Quanta expectation needs a metric or"
                    + " a query"
                : "the check has no metric");
        return Optional.empty();
      }
    }
    if (!threshold(thresholds, path, expectation)) {
      return Optional.empty();
    }
    Optional<String> unit = Json.text(check, "unit");
    if (unit.isPresent() && !Set.of("rows", "percent").contains(unit.get())) {
      report.notImported(document, path, "unit '" + unit.get() + "' is neither rows nor percent");
      return Optional.empty();
    }
    unit.filter(value -> value.equals("percent"))
        .ifPresent(value -> expectation.put("unit", value));
    Json.text(check, "name")
        .ifPresent(
            name -> {
              if (EXPECTATION_NAME.matcher(name).matches()) {
                expectation.put("name", name);
              } else {
                report.notImported(
                    document,
                    Paths.child(path, "name"),
                    "'" + name + "' is not an expectation name (letters, digits, _ . ( ) -)");
              }
            });
    Json.text(check, "description").ifPresent(text -> expectation.put("description", text));
    Json.text(check, "severity").ifPresent(severity -> severity(severity, path, expectation));
    Json.text(check, "dimension")
        .ifPresent(
            dimension -> {
              if (DIMENSIONS.contains(dimension)) {
                expectation.put("dimension", dimension);
              } else {
                report.notImported(
                    document,
                    Paths.child(path, "dimension"),
                    "'" + dimension + "' is no dimension");
              }
            });
    report.rest(document, check, path, QUALITY_FIELDS);
    return Optional.of(ordered(expectation));
  }

  /** The expectation's fields in the order the spec documentation writes them. */
  private static ObjectNode ordered(ObjectNode expectation) {
    ObjectNode ordered = Json.object();
    List<String> order = new ArrayList<>(List.of("name", "description", "type", "metric"));
    order.addAll(List.of("columns", "arguments", "query"));
    order.addAll(OPERATORS);
    order.addAll(List.of("unit", "severity", "dimension"));
    for (String field : order) {
      if (expectation.has(field)) {
        ordered.set(field, expectation.get(field));
      }
    }
    return ordered;
  }

  private boolean arguments(
      JsonNode arguments,
      String path,
      String metric,
      Map<String, String> renamed,
      ObjectNode expectation) {
    if (!arguments.isObject()) {
      return true;
    }
    ObjectNode kept = Json.object();
    Set<String> used = new LinkedHashSet<>();
    if (metric.equals("invalidValues")) {
      JsonNode valid = arguments.path("validValues");
      if (valid.isArray()) {
        ArrayNode values = Json.array();
        valid.forEach(
            value -> {
              if (!value.isNull()) {
                values.add(value.asText());
              }
            });
        if (!values.isEmpty()) {
          kept.set("validValues", values);
        }
        used.add("validValues");
      }
      Json.text(arguments, "pattern").ifPresent(pattern -> kept.put("pattern", pattern));
      for (String bound : List.of("minimum", "maximum")) {
        if (arguments.path(bound).isNumber()) {
          kept.set(bound, Json.number(arguments.get(bound).decimalValue()));
        }
      }
      used.addAll(List.of("pattern", "minimum", "maximum"));
    }
    if (metric.equals("duplicateValues") && arguments.path("properties").isArray()) {
      ArrayNode columns = Json.array();
      arguments
          .get("properties")
          .forEach(column -> columns.add(renamed.getOrDefault(column.asText(), column.asText())));
      expectation.set("columns", columns);
      used.add("properties");
    }
    report.rest(document, arguments, path, used);
    if (!kept.isEmpty()) {
      expectation.set("arguments", kept);
    } else if (metric.equals("invalidValues")) {
      report.notImported(
          document, path, "invalidValues needs validValues, a pattern, a minimum or a maximum");
      return false;
    }
    return true;
  }

  private boolean threshold(JsonNode check, String path, ObjectNode expectation) {
    List<String> given = OPERATORS.stream().filter(check::has).toList();
    if (given.isEmpty()) {
      return true;
    }
    String operator = given.get(0);
    for (String other : given.subList(1, given.size())) {
      report.notImported(document, Paths.child(path, other), "a check compares with one bound");
    }
    JsonNode value = check.get(operator);
    if (operator.endsWith("Between")) {
      if (!value.isArray()
          || value.size() != 2
          || !value.get(0).isNumber()
          || !value.get(1).isNumber()) {
        report.notImported(document, path, operator + " needs two numbers");
        return false;
      }
      ArrayNode bounds = expectation.putArray(operator);
      bounds.add(Json.number(value.get(0).decimalValue()));
      bounds.add(Json.number(value.get(1).decimalValue()));
      return true;
    }
    if (!value.isNumber()) {
      report.notImported(
          document, path, operator + " compares numbers; '" + value.asText() + "' is not one");
      return false;
    }
    expectation.set(operator, Json.number(value.decimalValue()));
    return true;
  }

  private void severity(String severity, String path, ObjectNode expectation) {
    switch (severity.toLowerCase(Locale.ROOT)) {
      case "error" -> expectation.put("severity", "error");
      case "warning", "warn" -> expectation.put("severity", "warn");
      case "info" -> {
        expectation.put("severity", "warn");
        report.warn(
            document.at(
                Paths.child(path, "severity"),
                "imported as warn: a failed expectation fails the run (error) or flags it (warn)"));
      }
      default ->
          report.notImported(
              document,
              Paths.child(path, "severity"),
              "'" + severity + "' is neither error nor warning; the run fails on it (error)");
    }
  }

  /** Reads SLA properties into the objectives of a spec, in its own form. */
  private final class Sla {
    private final Optional<JsonNode> completenessCounting;
    private final ObjectNode slo = Json.object();
    private Optional<Duration> frequency = Optional.empty();

    Sla(Optional<JsonNode> completenessCounting) {
      this.completenessCounting = completenessCounting;
    }

    void read(JsonNode properties) {
      for (int i = 0; i < properties.size(); i++) {
        JsonNode property = properties.get(i);
        String path = Paths.element("slaProperties", i);
        String name = property.path("property").asText("").toLowerCase(Locale.ROOT);
        Set<String> used = new LinkedHashSet<>(List.of("property", "value", "unit"));
        boolean imported =
            switch (name) {
              case "latency", "ly", "freshness" -> {
                used.add("element");
                yield duration(property, path)
                    .map(d -> put("freshness", Durations.iso(d), path))
                    .orElse(false);
              }
              case "timeliness" -> {
                used.addAll(List.of("element", "valueExt"));
                yield timeliness(property, path);
              }
              case "completeness" -> completeness(property, path);
              case "volume" -> {
                used.add("valueExt");
                yield volume(property, path);
              }
              case "availability", "av" -> {
                used.add("valueExt");
                yield availability(property, path);
              }
              case "frequency", "fy" -> {
                used.add("element");
                Optional<Duration> every = duration(property, path);
                if (every.isPresent() && frequency.isEmpty()) {
                  frequency = every;
                }
                yield every.isPresent();
              }
              default -> {
                report.notImported(
                    document,
                    path,
                    "SLA property '"
                        + property.path("property").asText("")
                        + "' has no Quanta objective (latency, timeliness, completeness, volume,"
                        + " availability, frequency)");
                yield false;
              }
            };
        if (imported) {
          report.rest(document, property, path, used);
        }
      }
    }

    private boolean put(String objective, String value, String path) {
      if (slo.has(objective)) {
        report.notImported(document, path, "the " + objective + " objective is given twice");
        return false;
      }
      slo.put(objective, value);
      return true;
    }

    private Optional<Duration> duration(JsonNode property, String path) {
      JsonNode value = property.path("value");
      Optional<String> unit = Json.text(property, "unit");
      Optional<Duration> duration =
          unit.isEmpty() && value.isTextual()
              ? Durations.parseIso(value.asText())
              : Durations.parse(Json.decimal(value), unit);
      if (duration.isEmpty()) {
        report.notImported(
            document,
            path,
            "'"
                + value.asText()
                + unit.map(u -> " " + u).orElse("")
                + "' is not a duration (a positive number with a unit d, h, min, s or ms)");
      }
      return duration;
    }

    private boolean timeliness(JsonNode property, String path) {
      String percentile = property.path("valueExt").asText("");
      if (!percentile.equals("p50") && !percentile.equals("p95")) {
        report.notImported(
            document, path, "timeliness needs the percentile in valueExt: p50 or p95");
        return false;
      }
      Optional<Duration> delay = duration(property, path);
      if (delay.isEmpty()) {
        return false;
      }
      ObjectNode timeliness =
          slo.has("timeliness") ? (ObjectNode) slo.get("timeliness") : slo.putObject("timeliness");
      if (timeliness.has(percentile)) {
        report.notImported(document, path, "timeliness " + percentile + " is given twice");
        return false;
      }
      timeliness.put(percentile, Durations.iso(delay.get()));
      return true;
    }

    private boolean completeness(JsonNode property, String path) {
      Optional<Double> min = share(property, path);
      if (min.isEmpty()) {
        return false;
      }
      if (completenessCounting.isEmpty() || !completenessCounting.get().isObject()) {
        report.notImported(
            document,
            path,
            "Quanta measures completeness against an input or a query (custom property "
                + Extensions.COMPLETENESS
                + "), which the contract does not name");
        return false;
      }
      if (slo.has("completeness")) {
        report.notImported(document, path, "the completeness objective is given twice");
        return false;
      }
      ObjectNode completeness = slo.putObject("completeness");
      completeness.set("min", Json.number(min.get()));
      completenessCounting
          .get()
          .fields()
          .forEachRemaining(field -> completeness.set(field.getKey(), field.getValue().deepCopy()));
      return true;
    }

    private boolean volume(JsonNode property, String path) {
      Optional<String> unit = Json.text(property, "unit");
      if (unit.isPresent() && !unit.get().equals("rows")) {
        report.notImported(document, path, "volume counts rows, not '" + unit.get() + "'");
        return false;
      }
      JsonNode min = property.path("value");
      JsonNode max = property.path("valueExt");
      if (!(min.isIntegralNumber() || min.isNull())
          || !(max.isIntegralNumber() || max.isMissingNode() || max.isNull())
          || (!min.isIntegralNumber() && !max.isIntegralNumber())) {
        report.notImported(
            document,
            path,
            "volume needs whole numbers of rows: the minimum in value, the maximum in valueExt");
        return false;
      }
      if (slo.has("volume")) {
        report.notImported(document, path, "the volume objective is given twice");
        return false;
      }
      ObjectNode volume = slo.putObject("volume");
      if (min.isIntegralNumber()) {
        volume.put("min", min.longValue());
      }
      if (max.isIntegralNumber()) {
        volume.put("max", max.longValue());
      }
      return true;
    }

    private boolean availability(JsonNode property, String path) {
      Optional<Double> min = share(property, path);
      if (min.isEmpty()) {
        return false;
      }
      Optional<Duration> window = Optional.empty();
      if (property.has("valueExt")) {
        window = Durations.parseIso(property.get("valueExt").asText());
        if (window.isEmpty()) {
          report.notImported(
              document,
              Paths.child(path, "valueExt"),
              "the window of availability is an ISO 8601 duration, e.g. P30D");
        }
      }
      if (slo.has("availability")) {
        report.notImported(document, path, "the availability objective is given twice");
        return false;
      }
      ObjectNode availability = slo.putObject("availability");
      availability.set("min", Json.number(min.get()));
      window.ifPresent(duration -> availability.put("window", Durations.iso(duration)));
      return true;
    }

    /** A share from 0 to 1: a percentage with unit % (or percent), or a fraction without. */
    private Optional<Double> share(JsonNode property, String path) {
      Optional<BigDecimal> value = Json.decimal(property.get("value"));
      String unit = property.path("unit").asText("");
      if (value.isPresent()) {
        BigDecimal share =
            unit.equals("%")
                    || unit.equalsIgnoreCase("percent")
                    || (unit.isEmpty() && value.get().compareTo(BigDecimal.ONE) > 0)
                ? value.get().movePointLeft(2)
                : value.get();
        if (share.signum() >= 0
            && share.compareTo(BigDecimal.ONE) <= 0
            && (unit.isEmpty() || unit.equals("%") || unit.equalsIgnoreCase("percent"))) {
          return Optional.of(share.doubleValue());
        }
      }
      report.notImported(document, path, "expected a percentage (unit %) from 0 to 100");
      return Optional.empty();
    }
  }
}
