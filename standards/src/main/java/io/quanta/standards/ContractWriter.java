package io.quanta.standards;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quanta.spec.AccessMode;
import io.quanta.spec.Column;
import io.quanta.spec.ColumnType;
import io.quanta.spec.Expectation;
import io.quanta.spec.Metadata;
import io.quanta.spec.Output;
import io.quanta.spec.PortId;
import io.quanta.spec.ProductSpec;
import io.quanta.spec.Slo;
import io.quanta.spec.Threshold;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Writes the ODCS v3.1.0 data contract of one output port (the mapping of ADR 0014). */
final class ContractWriter {
  /** How a Quanta SQL expectation's failing rows become the value an ODCS SQL check returns. */
  static final String COUNT_PREFIX = "SELECT count(*) FROM (\n";

  static final String PERCENT_PREFIX =
      "SELECT 100.0 * count(*) / nullif((SELECT count(*) FROM port), 0) FROM (\n";
  static final String FAILING_SUFFIX = "\n) AS failing";

  private final ProductSpec spec;
  private final String status;

  ContractWriter(ProductSpec spec, String status) {
    this.spec = spec;
    this.status = status;
  }

  ExportedDocument write(Output output) {
    PortId port = spec.id().port(output.name());
    Metadata metadata = spec.metadata();
    ObjectNode contract = Json.object();
    contract.put("apiVersion", Standard.ODCS.apiVersion());
    contract.put("kind", Standard.ODCS.kind());
    contract.put("id", port.toString());
    contract.put("name", metadata.name().name() + "/" + output.name());
    contract.put("version", metadata.version().toString());
    contract.put("status", status);
    contract.put("domain", metadata.name().domain());
    if (!metadata.tags().isEmpty()) {
      contract.set("tags", Json.strings(metadata.tags()));
    }
    ObjectNode description = contract.putObject("description");
    description.put("purpose", metadata.description());
    metadata.docs().ifPresent(docs -> description.put("usage", docs));
    contract.set("team", ProductWriter.team(metadata.owner()));

    ArrayNode schema = contract.putArray("schema");
    schema.add(object(port, output));

    ArrayNode sla = slaProperties(output);
    if (!sla.isEmpty()) {
      contract.set("slaProperties", sla);
    }

    ArrayNode extensions = Json.array();
    Extensions.add(extensions, Extensions.SQL, output.sql());
    output
        .eventTime()
        .ifPresent(column -> Extensions.add(extensions, Extensions.EVENT_TIME, column));
    if (!output.access().equals(EnumSet.allOf(AccessMode.class))) {
      Extensions.add(
          extensions,
          Extensions.ACCESS,
          Json.strings(output.access().stream().sorted().map(AccessMode::specName).toList()));
    }
    spec.slo(output)
        .completeness()
        .ifPresent(
            completeness -> {
              ObjectNode counted = QuantaTree.completeness(completeness);
              counted.remove("min");
              Extensions.add(extensions, Extensions.COMPLETENESS, counted);
            });
    contract.set("customProperties", extensions);
    return new ExportedDocument(
        Standard.ODCS, port.toString(), DocumentNames.contractFile(port), contract);
  }

  /** The port as the contract's one schema object, a table. */
  private ObjectNode object(PortId port, Output output) {
    ObjectNode object = Json.object();
    object.put("id", output.name());
    object.put("name", output.name());
    object.put("physicalName", port.sqlName());
    object.put("physicalType", "table");
    if (!output.description().isEmpty()) {
      object.put("description", output.description());
    }
    Map<String, ArrayNode> columnQuality = new LinkedHashMap<>();
    ArrayNode portQuality = Json.array();
    for (Expectation expectation : output.quality()) {
      Optional<String> column = placement(expectation);
      ObjectNode check = quality(expectation, column.isEmpty());
      if (column.isPresent()) {
        columnQuality.computeIfAbsent(column.get(), unused -> Json.array()).add(check);
      } else {
        portQuality.add(check);
      }
    }
    ArrayNode properties = object.putArray("properties");
    for (Column column : output.schema()) {
      properties.add(property(output, column, columnQuality.get(column.name())));
    }
    if (!portQuality.isEmpty()) {
      object.set("quality", portQuality);
    }
    return object;
  }

  private static ObjectNode property(Output output, Column column, ArrayNode quality) {
    ObjectNode property = Json.object();
    property.put("id", column.name());
    property.put("name", column.name());
    logicalType(property, column.type());
    property.put("physicalType", column.type().toString());
    if (!column.description().isEmpty()) {
      property.put("description", column.description());
    }
    if (column.required()) {
      property.put("required", true);
    }
    int keyPosition = output.key().indexOf(column.name());
    if (keyPosition >= 0) {
      property.put("primaryKey", true);
      property.put("primaryKeyPosition", keyPosition + 1);
    }
    column.classification().ifPresent(value -> property.put("classification", value));
    column
        .links()
        .ifPresent(
            link -> {
              ObjectNode relationship = property.putArray("relationships").addObject();
              relationship.put("type", "foreignKey");
              relationship.put("to", DocumentNames.reference(link));
            });
    if (quality != null) {
      property.set("quality", quality);
    }
    column
        .semantic()
        .ifPresent(
            semantic ->
                Extensions.add(
                    property.putArray("customProperties"), Extensions.SEMANTIC, semantic));
    return property;
  }

  /** ODCS logical types: numbers keep their width in {@code logicalTypeOptions.format}. */
  private static void logicalType(ObjectNode property, ColumnType type) {
    switch (type.kind()) {
      case STRING -> property.put("logicalType", "string");
      case BOOLEAN -> property.put("logicalType", "boolean");
      case INTEGER -> {
        property.put("logicalType", "integer");
        property.putObject("logicalTypeOptions").put("format", "i32");
      }
      case BIGINT -> {
        property.put("logicalType", "integer");
        property.putObject("logicalTypeOptions").put("format", "i64");
      }
      case DOUBLE -> {
        property.put("logicalType", "number");
        property.putObject("logicalTypeOptions").put("format", "f64");
      }
      case DECIMAL -> property.put("logicalType", "number");
      case DATE -> property.put("logicalType", "date");
      case TIMESTAMP -> property.put("logicalType", "timestamp");
    }
  }

  /**
   * The column an expectation is written under: ODCS checks on one column sit on its property, the
   * others (row counts, checks across columns, queries on the port) on the schema object.
   */
  private static Optional<String> placement(Expectation expectation) {
    if (expectation.metric() == Expectation.Metric.DUPLICATE_VALUES) {
      return expectation.columns().size() == 1
          ? Optional.of(expectation.columns().get(0))
          : Optional.empty();
    }
    return expectation.column();
  }

  private static ObjectNode quality(Expectation expectation, boolean onObject) {
    ObjectNode check = Json.object();
    if (!expectation.name().equals(defaultName(expectation))) {
      check.put("name", expectation.name());
    }
    if (!expectation.description().isEmpty()) {
      check.put("description", expectation.description());
    }
    switch (expectation.metric()) {
      case SQL -> {
        check.put("type", "sql");
        String prefix =
            expectation.unit() == Expectation.Unit.PERCENT ? PERCENT_PREFIX : COUNT_PREFIX;
        check.put("query", prefix + expectation.query().orElseThrow() + FAILING_SUFFIX);
        threshold(check, expectation.threshold());
      }
      case REFERENTIAL_INTEGRITY -> {
        check.put("type", "custom");
        check.put("engine", Extensions.ENGINE);
        ObjectNode implementation = check.putObject("implementation");
        implementation.put("metric", expectation.metric().specName());
        threshold(implementation, expectation.threshold());
      }
      default -> {
        check.put("metric", expectation.metric().specName());
        ObjectNode arguments = Json.object();
        if (!expectation.validValues().isEmpty()) {
          arguments.set("validValues", Json.strings(expectation.validValues()));
        }
        expectation.pattern().ifPresent(pattern -> arguments.put("pattern", pattern));
        expectation.minimum().ifPresent(minimum -> arguments.set("minimum", Json.number(minimum)));
        expectation.maximum().ifPresent(maximum -> arguments.set("maximum", Json.number(maximum)));
        if (expectation.metric() == Expectation.Metric.DUPLICATE_VALUES && onObject) {
          arguments.set("properties", Json.strings(expectation.columns()));
        }
        if (!arguments.isEmpty()) {
          check.set("arguments", arguments);
        }
        threshold(check, expectation.threshold());
      }
    }
    if (expectation.unit() == Expectation.Unit.PERCENT) {
      check.put("unit", "percent");
    }
    check.put(
        "severity", expectation.severity() == Expectation.Severity.WARN ? "warning" : "error");
    expectation.dimension().ifPresent(dimension -> check.put("dimension", dimension));
    return check;
  }

  private static void threshold(ObjectNode check, Threshold threshold) {
    if (threshold.operator().isRange()) {
      ArrayNode bounds = check.putArray(threshold.operator().specName());
      bounds.add(Json.number(threshold.value()));
      bounds.add(Json.number(threshold.upper()));
    } else {
      check.set(threshold.operator().specName(), Json.number(threshold.value()));
    }
  }

  /** The name the parser gives an expectation the spec does not name. */
  static String defaultName(Expectation expectation) {
    if (expectation.metric() == Expectation.Metric.DUPLICATE_VALUES) {
      return expectation.metric().specName() + "(" + String.join(",", expectation.columns()) + ")";
    }
    return expectation.metric().specName()
        + expectation.column().map(column -> "(" + column + ")").orElse("");
  }

  /** The objectives that apply to the port, and how often the product runs, as SLA properties. */
  private ArrayNode slaProperties(Output output) {
    Slo slo = spec.slo(output);
    ArrayNode properties = Json.array();
    slo.freshness().ifPresent(freshness -> properties.add(duration("latency", freshness)));
    slo.timeliness()
        .ifPresent(
            timeliness -> {
              String element = output.name() + "." + output.eventTime().orElseThrow();
              timeliness.p50().ifPresent(p50 -> properties.add(timeliness(p50, "p50", element)));
              timeliness.p95().ifPresent(p95 -> properties.add(timeliness(p95, "p95", element)));
            });
    slo.completeness()
        .ifPresent(completeness -> properties.add(percentage("completeness", completeness.min())));
    slo.volume()
        .ifPresent(
            volume -> {
              ObjectNode property = properties.addObject();
              property.put("property", "volume");
              if (volume.min().isPresent()) {
                property.put("value", volume.min().getAsLong());
              } else {
                property.putNull("value");
              }
              volume.max().ifPresent(max -> property.put("valueExt", max));
              property.put("unit", "rows");
            });
    slo.availability()
        .ifPresent(
            availability -> {
              ObjectNode property = percentage("availability", availability.min());
              property.put("valueExt", Durations.iso(availability.window()));
              properties.add(property);
            });
    spec.schedule()
        .interval()
        .ifPresent(interval -> properties.add(duration("frequency", interval)));
    return properties;
  }

  private static ObjectNode duration(String name, Duration duration) {
    Durations.Amount amount = Durations.amount(duration);
    ObjectNode property = Json.object();
    property.put("property", name);
    property.set("value", Json.number(amount.value()));
    property.put("unit", amount.unit());
    return property;
  }

  private static ObjectNode timeliness(Duration delay, String percentile, String element) {
    ObjectNode property = duration("timeliness", delay);
    property.put("valueExt", percentile);
    property.put("element", element);
    return property;
  }

  private static ObjectNode percentage(String name, double share) {
    ObjectNode property = Json.object();
    property.put("property", name);
    property.set("value", Json.number(BigDecimal.valueOf(share).movePointRight(2)));
    property.put("unit", "%");
    return property;
  }
}
