package io.quanta.platform.api;

import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import io.quanta.error.QuantaException;
import io.quanta.platform.Mesh;
import io.quanta.ports.files.FileFormat;
import io.quanta.ports.files.FilesPort;
import io.quanta.ports.rows.RowsPort;
import io.quanta.ports.sql.ReadOptions;
import io.quanta.spec.Output;
import io.quanta.spec.PortId;
import io.quanta.spec.ProductRef;
import io.quanta.spec.ProductSpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A port's other output modes over HTTP: {@code .../ports/{port}/files} (a Parquet, CSV or JSON
 * file) and {@code .../ports/{port}/rows} (pages of JSON). Both take the SQL port's read options:
 * {@code asOf}, {@code history}, {@code since}, {@code from}, {@code to}.
 */
final class PortRoutes {
  static final String PORT_PATH = "/api/v1/products/{domain}/{name}/{major}/ports/{port}";

  private final Mesh mesh;

  PortRoutes(Mesh mesh) {
    this.mesh = mesh;
  }

  void register(JavalinDefaultRoutingApi routes) {
    routes.get(PORT_PATH + "/files", this::files);
    routes.get(PORT_PATH + "/rows", this::rows);
  }

  private void files(Context context) throws IOException {
    ResolvedPort port = resolve(mesh, context);
    ReadOptions options = ReadParameters.parse(parameters(context));
    FileFormat format =
        FileFormat.parse(
            context.queryParamMap().containsKey("format")
                ? context.queryParam("format")
                : "parquet");
    Path folder = mesh.dataDir().resolve("tmp").resolve("exports");
    Files.createDirectories(folder);
    Path file = folder.resolve(UUID.randomUUID() + "." + format.extension());
    FilesPort.Export export;
    try {
      export = mesh.files().export(ApiPrincipal.reader(context), port.id(), options, format, file);
    } catch (RuntimeException e) {
      Files.deleteIfExists(file);
      throw e;
    }
    InputStream stream = Files.newInputStream(file);
    // The open stream keeps the content readable; the name goes now, so nothing is left behind.
    Files.delete(file);
    context
        .contentType(format.mediaType())
        .header(
            "Content-Disposition",
            "attachment; filename=\"" + port.id().sqlName() + "." + format.extension() + "\"")
        .header("X-Quanta-As-Of", export.asOf().toString())
        .header("X-Quanta-Rows", String.valueOf(export.rows()))
        .result(stream);
  }

  private void rows(Context context) {
    ResolvedPort port = resolve(mesh, context);
    Map<String, String> parameters = parameters(context);
    ReadOptions options = ReadParameters.parse(parameters);
    int limit =
        ProductRoutes.intParam(context, "limit", RowsPort.DEFAULT_LIMIT, 1, RowsPort.MAX_LIMIT);
    RowsPort.Page page =
        mesh.rows()
            .page(
                ApiPrincipal.reader(context),
                port.id(),
                port.output().schema(),
                port.output().key(),
                options,
                limit,
                Optional.ofNullable(parameters.get("cursor")));
    Map<String, Object> body = new LinkedHashMap<>();
    List<Map<String, String>> columns =
        page.columns().stream()
            .map(
                column -> {
                  Map<String, String> entry = new LinkedHashMap<>();
                  entry.put("name", column.name());
                  entry.put("type", column.duckType());
                  return entry;
                })
            .toList();
    body.put("port", port.id().toString());
    body.put("asOf", page.asOf());
    body.put("columns", columns);
    body.put("rows", page.rows());
    body.put("next", page.next().orElse(null));
    context.json(body);
  }

  static Map<String, String> parameters(Context context) {
    Map<String, String> parameters = new LinkedHashMap<>();
    context
        .queryParamMap()
        .forEach((name, values) -> parameters.put(name, values.isEmpty() ? null : values.get(0)));
    return parameters;
  }

  /** A port named by the path, with its spec. */
  record ResolvedPort(PortId id, Output output) {}

  static ResolvedPort resolve(Mesh mesh, Context context) {
    String major = context.pathParam("major");
    if (!major.matches("[0-9]{1,9}")) {
      throw QuantaException.invalidRequest(
          "The major version must be a number, got '" + major + "'");
    }
    ProductRef ref =
        ProductRef.parse(
            context.pathParam("domain") + "/" + context.pathParam("name") + ":" + major);
    ProductSpec spec = mesh.specs().spec(mesh.specs().resolve(ref));
    String name = context.pathParam("port");
    Output output =
        spec.output(name)
            .orElseThrow(
                () ->
                    QuantaException.notFound(
                        spec.id()
                            + " has no output port '"
                            + name
                            + "'; its ports: "
                            + String.join(
                                ", ", spec.outputs().stream().map(Output::name).toList())));
    return new ResolvedPort(spec.id().port(output.name()), output);
  }
}
