package io.quanta.platform.trust;

import static java.util.Objects.requireNonNull;

import io.quanta.engine.DuckDbSession;
import io.quanta.engine.Sessions;
import io.quanta.engine.Sql;
import io.quanta.error.ErrorCode;
import io.quanta.error.QuantaException;
import io.quanta.governance.Reader;
import io.quanta.platform.lifecycle.DeployedSpecs;
import io.quanta.spec.Output;
import io.quanta.spec.PortId;
import io.quanta.spec.ProductSpec;
import io.quanta.spec.SystemColumns;
import io.quanta.storage.QuarantineTable;
import io.quanta.storage.Warehouse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Reads a port's quarantine: the rows that broke an {@code error} expectation, with the check and
 * the reason (docs/trust.md). They are the product's data in clear, so only its owner and the
 * governance role may read them. Thread safe.
 */
public final class QuarantineService {
  private final DeployedSpecs specs;
  private final Warehouse warehouse;
  private final Sessions sessions;

  public QuarantineService(DeployedSpecs specs, Warehouse warehouse, Sessions sessions) {
    this.specs = requireNonNull(specs, "specs is null");
    this.warehouse = requireNonNull(warehouse, "warehouse is null");
    this.sessions = requireNonNull(sessions, "sessions is null");
  }

  /**
   * Quarantined rows, newest run first.
   *
   * @param columns the column names, the port's then {@code _event_time}, {@code _processed_at},
   *     {@code _run_id}, {@code _check}, {@code _reason}
   * @param rows at most the limit, values as text
   * @param total how many rows match
   */
  public record Quarantined(List<String> columns, List<List<String>> rows, long total) {
    public Quarantined {
      columns = List.copyOf(columns);
      rows = List.copyOf(rows);
    }
  }

  /**
   * The quarantined rows of a port, of one run or of all.
   *
   * @throws QuantaException {@code NOT_FOUND} for an unknown port, {@code ACCESS_DENIED} unless the
   *     reader owns the product or has the governance role
   */
  public Quarantined read(PortId port, Reader reader, Optional<String> runId, int limit) {
    ProductSpec spec =
        specs
            .find(port.product())
            .orElseThrow(
                () -> QuantaException.notFound("Data product does not exist: " + port.product()));
    Output output =
        spec.output(port.port())
            .orElseThrow(
                () ->
                    QuantaException.notFound(
                        "Port does not exist: " + port + "; ports: " + portNames(spec)));
    if (!reader.principal().controls(spec.metadata().owner())) {
      throw new QuantaException(
          ErrorCode.ACCESS_DENIED,
          "Only the owner of "
              + spec.id()
              + " ("
              + spec.metadata().owner()
              + ") and the governance role may read its quarantined rows");
    }
    QuarantineTable table = warehouse.quarantine(port, output.schema());
    List<String> files = table.dataFiles();
    List<String> columns = new ArrayList<>(table.fieldIds().keySet());
    if (files.isEmpty()) {
      return new Quarantined(columns, List.of(), 0);
    }
    String relation =
        "read_parquet("
            + files.stream().map(Sql::literal).collect(Collectors.joining(", ", "[", "]"))
            // Files written before the port's columns evolved lack the new ones: null there.
            + ", union_by_name = true)";
    String where =
        runId
            .map(id -> " WHERE " + Sql.identifier(SystemColumns.RUN_ID) + " = " + Sql.literal(id))
            .orElse("");
    try (DuckDbSession session = sessions.open()) {
      long total = session.queryLong("SELECT count(*) FROM " + relation + where);
      String select =
          columns.stream()
              .map(column -> "CAST(" + Sql.identifier(column) + " AS VARCHAR)")
              .collect(Collectors.joining(", "));
      List<List<String>> rows =
          session.query(
              "SELECT "
                  + select
                  + " FROM "
                  + relation
                  + where
                  + " ORDER BY "
                  + Sql.identifier(SystemColumns.RUN_ID)
                  + " DESC LIMIT "
                  + Math.max(0, limit),
              row -> {
                List<String> values = new ArrayList<>();
                for (int i = 1; i <= columns.size(); i++) {
                  values.add(row.getString(i));
                }
                return values;
              });
      return new Quarantined(columns, rows, total);
    }
  }

  private static String portNames(ProductSpec spec) {
    return spec.outputs().stream().map(Output::name).collect(Collectors.joining(", "));
  }
}
