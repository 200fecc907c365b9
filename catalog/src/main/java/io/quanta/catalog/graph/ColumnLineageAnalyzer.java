package io.quanta.catalog.graph;

import static java.util.Objects.requireNonNull;

import io.quanta.engine.DuckDbSession;
import io.quanta.engine.SqlFailure;
import io.quanta.spec.Column;
import io.quanta.spec.FileInput;
import io.quanta.spec.Input;
import io.quanta.spec.JdbcInput;
import io.quanta.spec.KafkaInput;
import io.quanta.spec.Output;
import io.quanta.spec.PortId;
import io.quanta.spec.ProductInput;
import io.quanta.spec.ProductSpec;
import io.quanta.spec.SystemColumns;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Column-level lineage of products' SQL outputs, from DuckDB's own parse tree: {@code SELECT
 * json_serialize_sql(?)} on a session, then a binder over the tree (see {@link SqlLineage}). No
 * data is read and no table needs to exist: each input is known by its columns alone, an upstream
 * port's (with the system columns every port has) or the input's declared schema.
 *
 * <p>Not thread safe: it uses its session from one thread, like the session itself.
 */
public final class ColumnLineageAnalyzer {
  private final DuckDbSession session;
  private final Set<String> aggregates;

  /**
   * @param session a DuckDB session to parse with, which the caller closes; its catalog of
   *     functions tells aggregate functions from scalar ones
   */
  public ColumnLineageAnalyzer(DuckDbSession session) {
    this.session = requireNonNull(session, "session is null");
    this.aggregates =
        Set.copyOf(
            session.query(
                "SELECT DISTINCT lower(function_name) FROM duckdb_functions()"
                    + " WHERE function_type = 'aggregate'",
                row -> row.getString(1)));
  }

  /**
   * The lineage of every output port of a product.
   *
   * @param upstreamColumns the columns of an upstream output port, empty when the port is unknown
   */
  public List<OutputLineage> analyze(
      ProductSpec spec, Function<PortId, Optional<List<Column>>> upstreamColumns) {
    List<OutputLineage> lineage = new ArrayList<>();
    for (Output output : spec.outputs()) {
      lineage.add(analyze(spec, output, upstreamColumns));
    }
    return lineage;
  }

  /** The lineage of one output port; see {@link #analyze(ProductSpec, Function)}. */
  public OutputLineage analyze(
      ProductSpec spec, Output output, Function<PortId, Optional<List<Column>>> upstreamColumns) {
    List<SqlLineage.InputTable> tables = new ArrayList<>();
    for (Input input : spec.inputs()) {
      tables.add(new SqlLineage.InputTable(input.name(), columns(input, upstreamColumns)));
    }
    List<String> wanted = output.schema().stream().map(Column::name).toList();
    PortId port = spec.id().port(output.name());
    String tree;
    try {
      tree = session.queryString("SELECT json_serialize_sql(?::VARCHAR)", output.sql());
    } catch (SqlFailure e) {
      return failed(port, wanted, "DuckDB cannot parse the SQL: " + e.getMessage());
    }
    SqlLineage.Result result = SqlLineage.analyze(tree, output.sql(), tables, aggregates, wanted);
    List<String> declared = spec.inputs().stream().map(Input::name).toList();
    return new OutputLineage(
        port,
        SqlLineage.inDeclarationOrder(declared, result.inputsRead()),
        result.columns(),
        result.failure());
  }

  /** The columns of an input's view, when they are known without reading any data. */
  static Optional<List<String>> columns(
      Input input, Function<PortId, Optional<List<Column>>> upstreamColumns) {
    List<Column> declared;
    if (input instanceof ProductInput product) {
      Optional<List<Column>> upstream = upstreamColumns.apply(product.port());
      if (upstream.isEmpty()) {
        return Optional.empty();
      }
      List<String> names = new ArrayList<>(upstream.get().stream().map(Column::name).toList());
      names.addAll(SystemColumns.ALL);
      return Optional.of(names);
    } else if (input instanceof FileInput file) {
      declared = file.schema();
    } else if (input instanceof JdbcInput jdbc) {
      declared = jdbc.schema();
    } else if (input instanceof KafkaInput kafka) {
      declared = kafka.schema();
    } else {
      return Optional.empty();
    }
    return declared.isEmpty()
        ? Optional.empty()
        : Optional.of(declared.stream().map(Column::name).toList());
  }

  private static OutputLineage failed(PortId port, List<String> columns, String reason) {
    List<ColumnDerivation> derivations = new ArrayList<>();
    for (String column : columns) {
      derivations.add(new ColumnDerivation(column, List.of(), List.of(reason), Optional.empty()));
    }
    return new OutputLineage(port, List.of(), derivations, Optional.of(reason));
  }
}
