package io.quanta.ports.rows;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quanta.engine.ResultColumn;
import io.quanta.engine.Sql;
import io.quanta.error.QuantaException;
import io.quanta.governance.Reader;
import io.quanta.ports.sql.QueryResult;
import io.quanta.ports.sql.QueryService;
import io.quanta.ports.sql.ReadOptions;
import io.quanta.ports.sql.ResultSink;
import io.quanta.spec.AccessMode;
import io.quanta.spec.Column;
import io.quanta.spec.PortId;
import io.quanta.spec.SystemColumns;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * The REST output port: a port's rows in pages of JSON, with a cursor that stays valid: it pins the
 * processing time the first page was read as of, so every page of one listing comes from the same
 * state of the port, whatever runs commit meanwhile.
 *
 * <p>Rows are ordered by the port's key and processing time (event logs: by every column), a total
 * order of the state up to identical rows, which are interchangeable.
 *
 * <p>Thread safe.
 */
public final class RowsPort {
  /** Rows per page when the caller does not say. */
  public static final int DEFAULT_LIMIT = 100;

  /** The largest page. */
  public static final int MAX_LIMIT = 10_000;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final QueryService queries;

  public RowsPort(QueryService queries) {
    this.queries = requireNonNull(queries, "queries is null");
  }

  /**
   * A page of rows.
   *
   * @param columns the port's columns, system columns included
   * @param rows the rows, values in column order
   * @param next the cursor of the next page, empty on the last page
   * @param asOf the processing time every page of this listing reads the port as of
   */
  public record Page(
      List<ResultColumn> columns, List<List<Object>> rows, Optional<String> next, Instant asOf) {}

  /**
   * The first page (no cursor) or the page a cursor points at.
   *
   * @param columns the port's declared columns, for the order
   * @param key the port's key columns, empty for an event log
   * @param options the read; ignored when a cursor is given (the cursor carries the first page's)
   * @param cursor a cursor from a previous page
   * @throws QuantaException {@code INVALID_REQUEST} for a malformed cursor or limit
   */
  public Page page(
      Reader reader,
      PortId port,
      List<Column> columns,
      List<String> key,
      ReadOptions options,
      int limit,
      Optional<String> cursor) {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw QuantaException.invalidRequest(
          "limit must be between 1 and " + MAX_LIMIT + ", got " + limit);
    }
    Position position = cursor.map(text -> Position.decode(port, text)).orElse(null);
    ReadOptions read = position == null ? options : position.options();
    long offset = position == null ? 0 : position.offset();

    List<String> order = new ArrayList<>();
    if (key.isEmpty()) {
      columns.forEach(column -> order.add(Sql.identifier(column.name())));
    } else {
      key.forEach(column -> order.add(Sql.identifier(column)));
    }
    order.add(Sql.identifier(SystemColumns.PROCESSED_AT));
    order.add(Sql.identifier(SystemColumns.EVENT_TIME));
    String sql =
        "SELECT * FROM "
            + port.sqlName()
            + " ORDER BY "
            + String.join(", ", order)
            + " LIMIT "
            + (limit + 1)
            + " OFFSET "
            + offset;

    Collector collector = new Collector(limit);
    QueryResult result = queries.query(reader, AccessMode.REST, sql, read, collector);
    Optional<String> next = Optional.empty();
    if (collector.more) {
      ReadOptions pinned = read.withAsOf(result.asOf());
      next = Optional.of(new Position(port, pinned, offset + limit).encode());
    }
    return new Page(result.columns(), collector.rows, next, result.asOf());
  }

  private static final class Collector implements ResultSink {
    final List<List<Object>> rows = new ArrayList<>();
    private final int limit;
    boolean more;

    Collector(int limit) {
      this.limit = limit;
    }

    @Override
    public void columns(List<ResultColumn> columns) {}

    @Override
    public boolean row(List<Object> values) {
      if (rows.size() == limit) {
        more = true;
        return false;
      }
      rows.add(values);
      return true;
    }
  }

  /** Where a listing is: its port, its pinned read, and how many rows came before. */
  private record Position(PortId port, ReadOptions options, long offset) {
    String encode() {
      ObjectNode node = JSON.createObjectNode();
      node.put("v", 1);
      node.put("port", port.toString());
      node.put("asOf", options.asOf().orElseThrow().toString());
      node.put("history", options.history());
      options.since().ifPresent(time -> node.put("since", time.toString()));
      options.eventFrom().ifPresent(time -> node.put("from", time.toString()));
      options.eventTo().ifPresent(time -> node.put("to", time.toString()));
      node.put("offset", offset);
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString(node.toString().getBytes(StandardCharsets.UTF_8));
    }

    static Position decode(PortId port, String text) {
      try {
        JsonNode node = JSON.readTree(Base64.getUrlDecoder().decode(text));
        if (node.path("v").asInt() != 1 || !port.toString().equals(node.path("port").asText())) {
          throw new IllegalArgumentException("another port's cursor");
        }
        ReadOptions options =
            new ReadOptions(
                Optional.of(Instant.parse(node.get("asOf").asText())),
                node.path("history").asBoolean(),
                time(node, "since"),
                time(node, "from"),
                time(node, "to"));
        long offset = node.get("offset").asLong();
        if (offset < 0) {
          throw new IllegalArgumentException("negative offset");
        }
        return new Position(port, options, offset);
      } catch (IOException | RuntimeException e) {
        throw QuantaException.invalidRequest(
            "Invalid cursor for port " + port + ": use the 'next' value of a previous page");
      }
    }

    private static Optional<Instant> time(JsonNode node, String field) {
      return node.hasNonNull(field)
          ? Optional.of(Instant.parse(node.get(field).asText()))
          : Optional.empty();
    }
  }
}
