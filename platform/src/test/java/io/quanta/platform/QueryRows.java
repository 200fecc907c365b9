package io.quanta.platform;

import io.quanta.engine.ResultColumn;
import io.quanta.governance.Principal;
import io.quanta.governance.Reader;
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

  /** Who tests read as unless they say: a named user, with no role that lifts a mask. */
  static final Reader TESTER = Reader.of(Principal.user("tester"));

  static QueryRows run(Mesh mesh, String sql, ReadOptions options) {
    return run(mesh, TESTER, sql, options);
  }

  static QueryRows run(Mesh mesh, Reader reader, String sql, ReadOptions options) {
    QueryRows sink = new QueryRows();
    sink.result = mesh.queries().query(reader, sql, options, sink);
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
