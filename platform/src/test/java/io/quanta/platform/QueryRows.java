package io.quanta.platform;

import io.quanta.engine.ResultColumn;
import io.quanta.ports.sql.QueryResult;
import io.quanta.ports.sql.ReadOptions;
import io.quanta.ports.sql.ResultSink;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Runs a query and keeps its rows as "a|b|c" strings, for readable assertions. */
final class QueryRows implements ResultSink {
  final List<String> rows = new ArrayList<>();
  QueryResult result;

  static QueryRows run(Mesh mesh, String sql, ReadOptions options) {
    QueryRows sink = new QueryRows();
    sink.result = mesh.queries().query(sql, options, sink);
    return sink;
  }

  @Override
  public void columns(List<ResultColumn> columns) {}

  @Override
  public boolean row(List<Object> values) {
    rows.add(values.stream().map(String::valueOf).collect(Collectors.joining("|")));
    return true;
  }
}
