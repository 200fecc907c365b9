package io.quanta.catalog.graph;

import io.quanta.spec.Column;
import io.quanta.spec.FileInput;
import io.quanta.spec.Input;
import io.quanta.spec.JdbcInput;
import io.quanta.spec.KafkaInput;
import io.quanta.spec.Output;
import io.quanta.spec.PortId;
import io.quanta.spec.ProductId;
import io.quanta.spec.ProductSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The nodes of the drawings: one way to name and describe each thing, in every graph. */
final class Nodes {
  private Nodes() {}

  static String sourceId(ProductId product, String input) {
    return product + "/inputs/" + input;
  }

  static String identifierId(String type) {
    return "identifier:" + type;
  }

  /** A product version; {@code spec} is empty when it is not deployed. */
  static GraphNode product(ProductId id, Optional<ProductSpec> spec) {
    Map<String, Object> attributes = new LinkedHashMap<>();
    attributes.put("domain", id.domain());
    attributes.put("name", id.name());
    attributes.put("major", id.major());
    if (spec.isPresent()) {
      attributes.put("version", spec.get().metadata().version().toString());
      spec.get()
          .metadata()
          .kind()
          .ifPresent(kind -> attributes.put("productKind", kind.specName()));
      attributes.put("owner", spec.get().metadata().owner());
    } else {
      attributes.put("deployed", false);
    }
    return new GraphNode(
        id.toString(), GraphNode.Kind.PRODUCT, id.toString(), Optional.empty(), attributes);
  }

  static GraphNode port(PortId port, Optional<Output> output) {
    Map<String, Object> attributes = new LinkedHashMap<>();
    if (output.isEmpty()) {
      attributes.put("exists", false);
    }
    return new GraphNode(
        port.toString(),
        GraphNode.Kind.PORT,
        port.port(),
        Optional.of(port.product().toString()),
        attributes);
  }

  /** A column of an output port; {@code column} is empty when the port has no such column. */
  static GraphNode column(ColumnId id, Optional<Column> column) {
    Map<String, Object> attributes = new LinkedHashMap<>();
    if (column.isPresent()) {
      attributes.put("type", column.get().type().toString());
      column.get().semantic().ifPresent(semantic -> attributes.put("semantic", semantic));
      column.get().links().ifPresent(link -> attributes.put("links", link.toString()));
    } else if (!id.column().startsWith("_")) {
      attributes.put("exists", false);
    }
    return new GraphNode(
        id.toString(),
        GraphNode.Kind.COLUMN,
        id.column(),
        Optional.of(id.port().toString()),
        attributes);
  }

  /** A column of an external source: its declared type when the input declares its schema. */
  static GraphNode sourceColumn(ProductId product, Input input, String column) {
    Map<String, Object> attributes = new LinkedHashMap<>();
    declaredColumn(input, column)
        .ifPresent(declared -> attributes.put("type", declared.type().toString()));
    String parent = sourceId(product, input.name());
    return new GraphNode(
        parent + "." + column, GraphNode.Kind.COLUMN, column, Optional.of(parent), attributes);
  }

  /** Where an input reads from outside the mesh, as the spec writes it. */
  static GraphNode source(ProductId product, Input input) {
    Map<String, Object> attributes = new LinkedHashMap<>();
    attributes.put("input", input.name());
    String label;
    if (input instanceof FileInput file) {
      attributes.put("sourceKind", "file");
      attributes.put("file", file.file());
      attributes.put("format", file.format().name().toLowerCase(Locale.ROOT));
      label = "file " + file.file();
    } else if (input instanceof JdbcInput jdbc) {
      attributes.put("sourceKind", "jdbc");
      String url = withoutCredentials(jdbc.url());
      attributes.put("url", url);
      jdbc.table().ifPresent(table -> attributes.put("table", table));
      label = "jdbc " + url + jdbc.table().map(table -> " " + table).orElse(" (query)");
    } else if (input instanceof KafkaInput kafka) {
      attributes.put("sourceKind", "kafka");
      attributes.put("topic", kafka.topic());
      label = "kafka topic " + kafka.topic();
    } else {
      label = input.name();
    }
    attributes.put("product", product.toString());
    return new GraphNode(
        sourceId(product, input.name()),
        GraphNode.Kind.SOURCE,
        label,
        Optional.empty(),
        attributes);
  }

  static GraphNode identifier(String type, String description, boolean registered) {
    Map<String, Object> attributes = new LinkedHashMap<>();
    attributes.put("description", description);
    attributes.put("registered", registered);
    return new GraphNode(
        identifierId(type), GraphNode.Kind.IDENTIFIER, type, Optional.empty(), attributes);
  }

  private static Optional<Column> declaredColumn(Input input, String column) {
    List<Column> schema =
        input instanceof FileInput file
            ? file.schema()
            : input instanceof JdbcInput jdbc
                ? jdbc.schema()
                : input instanceof KafkaInput kafka ? kafka.schema() : List.of();
    return schema.stream().filter(declared -> declared.name().equals(column)).findFirst();
  }

  /** A JDBC URL without a user's password or parameters, which may hold secrets. */
  static String withoutCredentials(String url) {
    String bare = url;
    int query = bare.indexOf('?');
    if (query >= 0) {
      bare = bare.substring(0, query);
    }
    int semicolon = bare.indexOf(';');
    if (semicolon >= 0) {
      bare = bare.substring(0, semicolon);
    }
    return bare.replaceAll("//[^/@]*@", "//");
  }
}
