package io.quanta.ports.sql;

import static java.util.Objects.requireNonNull;

import io.quanta.engine.ResultColumn;
import io.quanta.spec.PortId;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a query read and returned.
 *
 * @param columns the result's columns
 * @param rows rows passed to the sink
 * @param truncated whether the sink stopped reading before the end
 * @param asOf the processing time every port was read as of; repeating the query with this {@code
 *     asOf} returns the same rows
 * @param snapshots the Iceberg snapshot read of each port (empty when it had no data then)
 */
public record QueryResult(
    List<ResultColumn> columns,
    long rows,
    boolean truncated,
    Instant asOf,
    Map<PortId, Optional<Long>> snapshots) {
  public QueryResult {
    columns = List.copyOf(columns);
    requireNonNull(asOf, "asOf is null");
    snapshots = Map.copyOf(snapshots);
  }
}
