package io.quanta.platform.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import io.quanta.engine.ResultColumn;
import io.quanta.error.QuantaException;
import io.quanta.platform.Mesh;
import io.quanta.ports.sql.QueryResult;
import io.quanta.ports.sql.ReadOptions;
import io.quanta.ports.sql.ResultSink;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The SQL port over HTTP: {@code POST /api/v1/query} with {@code {"sql", "asOf", "history",
 * "since", "from", "to", "limit"}}, or {@code GET /api/v1/query?sql=...} with the same names as
 * query parameters.
 */
final class QueryRoutes {
  static final int DEFAULT_LIMIT = 1_000;
  static final int MAX_LIMIT = 100_000;

  private final Mesh mesh;
  private final ObjectMapper mapper;

  QueryRoutes(Mesh mesh, ObjectMapper mapper) {
    this.mesh = mesh;
    this.mapper = mapper;
  }

  void register(JavalinDefaultRoutingApi routes) {
    routes.post("/api/v1/query", this::post);
    routes.get("/api/v1/query", this::get);
  }

  private void post(Context context) {
    JsonNode body = ApiServer.jsonBody(context, mapper);
    Map<String, String> parameters = new LinkedHashMap<>();
    body.fields()
        .forEachRemaining(
            field ->
                parameters.put(
                    field.getKey(), field.getValue().isNull() ? null : field.getValue().asText()));
    query(context, parameters);
  }

  private void get(Context context) {
    Map<String, String> parameters = new LinkedHashMap<>();
    context
        .queryParamMap()
        .forEach((name, values) -> parameters.put(name, values.isEmpty() ? null : values.get(0)));
    query(context, parameters);
  }

  private void query(Context context, Map<String, String> parameters) {
    String sql = parameters.get("sql");
    if (sql == null || sql.isBlank()) {
      throw QuantaException.invalidRequest(
          "'sql' is required: the SELECT to run over output ports");
    }
    ReadOptions options = ReadParameters.parse(parameters);
    int limit = limit(parameters.get("limit"));
    Collector sink = new Collector(limit);
    QueryResult result = mesh.queries().query(ApiPrincipal.reader(context), sql, options, sink);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("columns", sink.columns);
    body.put("rows", sink.rows);
    body.put("rowCount", sink.rows.size());
    body.put("truncated", result.truncated());
    body.put("asOf", result.asOf());
    Map<String, Object> snapshots = new LinkedHashMap<>();
    result
        .snapshots()
        .forEach((port, snapshot) -> snapshots.put(port.toString(), snapshot.orElse(null)));
    body.put("snapshots", snapshots);
    LifecycleRoutes.deprecationHeaders(
        context, mesh, result.snapshots().keySet().stream().map(port -> port.product()).toList());
    context.json(body);
  }

  private static int limit(String value) {
    if (value == null) {
      return DEFAULT_LIMIT;
    }
    try {
      int limit = Integer.parseInt(value);
      if (limit < 1 || limit > MAX_LIMIT) {
        throw QuantaException.invalidRequest(
            "limit must be between 1 and " + MAX_LIMIT + ", got " + limit);
      }
      return limit;
    } catch (NumberFormatException e) {
      throw QuantaException.invalidRequest("limit must be a number, got '" + value + "'");
    }
  }

  private static final class Collector implements ResultSink {
    final List<Map<String, String>> columns = new ArrayList<>();
    final List<List<Object>> rows = new ArrayList<>();
    private final int limit;

    Collector(int limit) {
      this.limit = limit;
    }

    @Override
    public void columns(List<ResultColumn> resultColumns) {
      for (ResultColumn column : resultColumns) {
        Map<String, String> entry = new LinkedHashMap<>();
        entry.put("name", column.name());
        entry.put("type", column.duckType());
        columns.add(entry);
      }
    }

    @Override
    public boolean row(List<Object> values) {
      rows.add(values);
      return rows.size() < limit;
    }
  }
}
