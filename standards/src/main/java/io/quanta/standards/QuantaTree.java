package io.quanta.standards;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quanta.spec.Column;
import io.quanta.spec.FileInput;
import io.quanta.spec.Input;
import io.quanta.spec.JdbcInput;
import io.quanta.spec.KafkaInput;
import io.quanta.spec.ProductInput;
import io.quanta.spec.Schedule;
import io.quanta.spec.Slo;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Parts of a parsed spec written back in the {@code quanta/v1} form, for the extension properties
 * that carry what the standards have no field for. The parser reads each part back to the same
 * model.
 */
final class QuantaTree {
  /** A password written into a JDBC URL: never exported (specs name an environment variable). */
  private static final Pattern URL_SECRET = Pattern.compile("(?i)(password|pwd|secret)=[^&;]*");

  private QuantaTree() {}

  /** The objectives as a spec's {@code slo} block. */
  static ObjectNode slo(Slo slo) {
    ObjectNode node = Json.object();
    slo.freshness().ifPresent(freshness -> node.put("freshness", Durations.iso(freshness)));
    slo.timeliness()
        .ifPresent(
            timeliness -> {
              ObjectNode percentiles = node.putObject("timeliness");
              timeliness.p50().ifPresent(p50 -> percentiles.put("p50", Durations.iso(p50)));
              timeliness.p95().ifPresent(p95 -> percentiles.put("p95", Durations.iso(p95)));
            });
    slo.completeness()
        .ifPresent(completeness -> node.set("completeness", completeness(completeness)));
    slo.volume()
        .ifPresent(
            volume -> {
              ObjectNode bounds = node.putObject("volume");
              volume.min().ifPresent(min -> bounds.put("min", min));
              volume.max().ifPresent(max -> bounds.put("max", max));
            });
    slo.availability()
        .ifPresent(
            availability -> {
              ObjectNode share = node.putObject("availability");
              share.set("min", Json.number(availability.min()));
              share.put("window", Durations.iso(availability.window()));
            });
    return node;
  }

  /** A completeness objective as a spec writes it. */
  static ObjectNode completeness(Slo.Completeness completeness) {
    ObjectNode node = Json.object();
    node.set("min", Json.number(completeness.min()));
    completeness.against().ifPresent(against -> node.put("against", against));
    completeness.expected().ifPresent(expected -> node.put("expected", expected));
    completeness.actual().ifPresent(actual -> node.put("actual", actual));
    return node;
  }

  /** A schedule as a spec's {@code schedule} block. */
  static ObjectNode schedule(Schedule schedule) {
    ObjectNode node = Json.object();
    schedule.cron().ifPresent(cron -> node.put("cron", cron));
    schedule.interval().ifPresent(interval -> node.put("interval", Durations.iso(interval)));
    if (schedule.onUpstreamCommit()) {
      node.put("onUpstreamCommit", true);
    }
    node.put("retries", schedule.retries());
    node.put("backoff", Durations.iso(schedule.backoff()));
    return node;
  }

  /** An input as a spec's {@code inputs} entry; a password in a JDBC URL is replaced by ***. */
  static ObjectNode input(Input input) {
    ObjectNode node = Json.object();
    node.put("name", input.name());
    if (input instanceof ProductInput product) {
      node.put("product", product.port().toString());
      if (product.mode() == ProductInput.Mode.INCREMENTAL) {
        node.put("mode", "incremental");
      }
    } else if (input instanceof FileInput file) {
      node.put("file", file.file());
      node.put("format", file.format().specName());
      file.delimiter().ifPresent(delimiter -> node.put("delimiter", delimiter));
      file.header().ifPresent(header -> node.put("header", header));
      columns(node, file.schema());
    } else if (input instanceof JdbcInput jdbc) {
      ObjectNode source = node.putObject("jdbc");
      source.put("url", redacted(jdbc.url()));
      jdbc.table().ifPresent(table -> source.put("table", table));
      jdbc.query().ifPresent(query -> source.put("query", query));
      jdbc.cursor().ifPresent(cursor -> source.put("cursor", cursor));
      jdbc.user().ifPresent(user -> source.put("user", user));
      jdbc.passwordEnv().ifPresent(variable -> source.put("passwordEnv", variable));
      columns(node, jdbc.schema());
    } else if (input instanceof KafkaInput kafka) {
      ObjectNode source = node.putObject("kafka");
      source.put("topic", kafka.topic());
      kafka.bootstrapServers().ifPresent(servers -> source.put("bootstrapServers", servers));
      columns(node, kafka.schema());
    }
    return node;
  }

  /** Whether the URL carries a password that {@link #input} does not export. */
  static boolean hasSecret(String url) {
    return URL_SECRET.matcher(url).find();
  }

  /** A column as a spec's {@code schema} entry. */
  static ObjectNode column(Column column) {
    ObjectNode node = Json.object();
    node.put("name", column.name());
    node.put("type", column.type().toString());
    if (!column.description().isEmpty()) {
      node.put("description", column.description());
    }
    if (column.required()) {
      node.put("required", true);
    }
    column.semantic().ifPresent(semantic -> node.put("semantic", semantic));
    column.classification().ifPresent(classification -> node.put("classification", classification));
    column.links().ifPresent(link -> node.put("links", link.toString()));
    return node;
  }

  private static void columns(ObjectNode input, List<Column> schema) {
    if (!schema.isEmpty()) {
      ArrayNode columns = input.putArray("schema");
      schema.forEach(column -> columns.add(column(column)));
    }
  }

  private static String redacted(String url) {
    return URL_SECRET.matcher(url).replaceAll("$1=***");
  }
}
