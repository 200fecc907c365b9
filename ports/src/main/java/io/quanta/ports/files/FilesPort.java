package io.quanta.ports.files;

import static java.util.Objects.requireNonNull;

import io.quanta.engine.Sql;
import io.quanta.governance.Reader;
import io.quanta.ports.sql.QueryService;
import io.quanta.ports.sql.ReadOptions;
import io.quanta.spec.AccessMode;
import io.quanta.spec.PortId;
import java.nio.file.Path;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The files output port: a port's rows as one Parquet, CSV or JSON file, with the same semantics as
 * the SQL port (latest state or history, as of a time, in an event-time window). DuckDB writes the
 * file with {@code COPY} from the same locked-down session a query would use.
 *
 * <p>Thread safe.
 */
public final class FilesPort {
  private final QueryService queries;

  public FilesPort(QueryService queries) {
    this.queries = requireNonNull(queries, "queries is null");
  }

  /**
   * What an export wrote.
   *
   * @param file the file
   * @param rows rows written
   * @param asOf the processing time the port was read as of
   * @param snapshot the Iceberg snapshot read, empty when the port had no data then
   */
  public record Export(Path file, long rows, Instant asOf, Optional<Long> snapshot) {}

  /**
   * Writes the port's rows to the file (which must not exist). A history is a change log, written
   * in the order the mesh learned it (processing time, then event time); a latest state is a set of
   * facts, written in no particular order, since sorting it would cost a third of the export's time
   * for an order no consumer of a set relies on.
   *
   * @param reader who reads: the file holds what they may see, masked and filtered
   * @throws io.quanta.error.QuantaException {@code NOT_FOUND} for an unknown port, {@code
   *     INVALID_REQUEST} for a bad time, {@code ACCESS_DENIED} for a port the reader may not read,
   *     as the SQL port otherwise
   */
  public Export export(
      Reader reader, PortId port, ReadOptions options, FileFormat format, Path file) {
    String target = file.toAbsolutePath().normalize().toString();
    String select = "SELECT * FROM " + port.sqlName();
    return queries.read(
        reader,
        AccessMode.FILES,
        select,
        options,
        List.of(target),
        prepared -> {
          long rows;
          try (Statement statement = prepared.statement()) {
            statement.execute(
                "COPY ("
                    + select
                    + (options.history() ? " ORDER BY _processed_at, _event_time" : "")
                    + ") TO "
                    + Sql.literal(target)
                    + " "
                    + format.copyOptions());
            rows = statement.getUpdateCount();
          }
          prepared.returned(rows);
          Map<PortId, Optional<Long>> snapshots = prepared.snapshots();
          return new Export(
              file, rows, prepared.asOf(), snapshots.getOrDefault(port, Optional.empty()));
        });
  }
}
