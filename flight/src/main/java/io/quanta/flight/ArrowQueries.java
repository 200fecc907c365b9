package io.quanta.flight;

import static java.util.Objects.requireNonNull;

import io.quanta.error.ErrorCode;
import io.quanta.error.QuantaException;
import io.quanta.governance.Reader;
import io.quanta.ports.sql.QueryLimits;
import io.quanta.ports.sql.QueryService;
import io.quanta.ports.sql.ReadOptions;
import io.quanta.spec.AccessMode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.arrow.flight.BackpressureStrategy;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightProducer.ServerStreamListener;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorLoader;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.duckdb.DuckDBResultSet;

/**
 * Runs consumer queries through the mesh's SQL port ({@link QueryService}: the statement check, one
 * processing time for every port, a fresh locked-down DuckDB session, the timeout) and hands their
 * results over as Arrow, exported by DuckDB itself.
 *
 * <p><b>Schema before data.</b> Flight SQL clients, the JDBC driver among them, need a result's
 * schema from GetFlightInfo, before any row flows. {@link #describe} reads it by running {@code
 * SELECT * FROM (<query>) LIMIT 0} through the SQL port: the same check and the same ports, no
 * rows. The column names come from DuckDB's prepared statement of the query itself, since the
 * wrapper would rename duplicate names ({@code id, id} becomes {@code id, id_1}). The query itself
 * then runs once, when the client fetches the stream, as of the processing time the schema was read
 * at (the ticket carries it), so both see the same snapshots. Describing costs a session and no
 * data, about 15 ms, where the alternative, running the query at GetFlightInfo and keeping its
 * result for the ticket, would hold a session, a query slot and the rows between two client calls
 * that may never come.
 */
final class ArrowQueries {
  /** Rows per Arrow record batch sent to clients. */
  static final int BATCH_ROWS = 64 * 1024;

  private final QueryService queries;
  private final BufferAllocator allocator;
  private final long clientWaitMillis;
  private final ExecutorService streams =
      Executors.newCachedThreadPool(
          new ThreadFactory() {
            private final AtomicInteger count = new AtomicInteger();

            @Override
            public Thread newThread(Runnable runnable) {
              Thread thread =
                  new Thread(runnable, "quanta-flight-stream-" + count.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            }
          });

  ArrowQueries(QueryService queries, BufferAllocator allocator) {
    this.queries = requireNonNull(queries, "queries is null");
    this.allocator = requireNonNull(allocator, "allocator is null");
    this.clientWaitMillis = QueryLimits.defaults().timeout().toMillis();
  }

  /**
   * A query's result, described without reading its rows.
   *
   * @param schema the Arrow schema of the rows
   * @param typeNames DuckDB's name of each column's type, e.g. {@code TIMESTAMP WITH TIME ZONE}
   * @param asOf the processing time the ports were read as of
   */
  record Description(Schema schema, List<String> typeNames, Instant asOf) {}

  /**
   * Checks the query and describes its result.
   *
   * @throws QuantaException as {@link QueryService#read}
   */
  Description describe(Reader consumer, String sql, ReadOptions options) {
    String query = withoutTrailingSemicolons(sql);
    return queries.read(
        consumer,
        AccessMode.SQL,
        sql,
        options,
        List.of(),
        prepared -> {
          Statement statement = prepared.statement();
          List<String> names = new ArrayList<>();
          List<String> typeNames = new ArrayList<>();
          try (PreparedStatement bound = statement.getConnection().prepareStatement(query)) {
            if (bound.getParameterMetaData().getParameterCount() > 0) {
              throw new QuantaException(ErrorCode.INVALID_QUERY, FlightErrors.NO_PARAMETERS);
            }
            ResultSetMetaData metadata = bound.getMetaData();
            for (int i = 1; i <= metadata.getColumnCount(); i++) {
              names.add(metadata.getColumnLabel(i));
              typeNames.add(WireTypes.typeName(metadata.getColumnTypeName(i)));
            }
          }
          try (ResultSet result =
                  statement.executeQuery("SELECT * FROM (\n" + query + "\n) LIMIT 0");
              ArrowReader reader = export(result, allocator)) {
            Schema schema =
                WireTypes.wireSchema(named(reader.getVectorSchemaRoot().getSchema(), names));
            requireNoDictionaries(schema);
            return new Description(schema, typeNames, prepared.asOf());
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }

  /**
   * Runs the ticket's query and streams its rows to the listener, one record batch at a time, as
   * fast as the client reads them; returns at once.
   *
   * <p>The stream runs on a thread of its own: gRPC delivers a call's callbacks one at a time, so
   * while the thread that started the stream is busy, the client's "ready for more" and "cancelled"
   * signals would wait behind it. The stream completes the listener, reports a failure to it, or
   * stops when the client cancels.
   */
  void stream(Reader consumer, QueryTicket ticket, ServerStreamListener listener) {
    // Registered on the calling gRPC thread, as gRPC requires of a call's handlers.
    BackpressureStrategy.CallbackBackpressureStrategy backpressure =
        new BackpressureStrategy.CallbackBackpressureStrategy();
    backpressure.register(listener);
    try {
      streams.execute(
          () -> {
            try {
              streamNow(consumer, ticket, listener, backpressure);
            } catch (RuntimeException e) {
              listener.error(FlightErrors.toFlight(e));
            }
          });
    } catch (RejectedExecutionException e) {
      listener.error(
          CallStatus.UNAVAILABLE
              .withDescription("Quanta's SQL port is shutting down")
              .toRuntimeException());
    }
  }

  private void streamNow(
      Reader consumer,
      QueryTicket ticket,
      ServerStreamListener listener,
      BackpressureStrategy backpressure) {
    queries.read(
        consumer,
        AccessMode.SQL,
        ticket.sql(),
        ticket.readOptions(),
        List.of(),
        prepared -> {
          try (BufferAllocator streamAllocator =
                  allocator.newChildAllocator("query", 0, allocator.getLimit());
              ResultSet result = prepared.statement().executeQuery(ticket.sql());
              ArrowReader reader = export(result, streamAllocator)) {
            VectorSchemaRoot exported = reader.getVectorSchemaRoot();
            requireNoDictionaries(exported.getSchema());
            Schema wire = WireTypes.wireSchema(exported.getSchema());
            if (wire.equals(exported.getSchema())) {
              listener.start(exported);
              while (reader.loadNextBatch()) {
                if (!clientWantsMore(backpressure)) {
                  return null;
                }
                listener.putNext();
              }
            } else {
              // The same buffers under the wire types: each batch is moved, not copied.
              try (VectorSchemaRoot sent = VectorSchemaRoot.create(wire, streamAllocator)) {
                VectorLoader loader = new VectorLoader(sent);
                listener.start(sent);
                while (reader.loadNextBatch()) {
                  try (ArrowRecordBatch batch = new VectorUnloader(exported).getRecordBatch()) {
                    loader.load(batch);
                  }
                  if (!clientWantsMore(backpressure)) {
                    return null;
                  }
                  listener.putNext();
                }
              }
            }
            listener.completed();
            return null;
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }

  /** Waits until the client can take another batch; false when it went away. */
  private boolean clientWantsMore(BackpressureStrategy backpressure) {
    switch (backpressure.waitForListener(clientWaitMillis)) {
      case READY:
        return true;
      case TIMEOUT:
        throw new QuantaException(
            ErrorCode.QUERY_TIMEOUT,
            "the client read no rows for "
                + clientWaitMillis / 1000
                + " s, so the query was stopped");
      default:
        return false;
    }
  }

  /**
   * Waits for the running streams to end (the server has cancelled their calls), at most the given
   * time; true when none is left.
   */
  boolean close(Duration wait) {
    streams.shutdown();
    try {
      return streams.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static ArrowReader export(ResultSet result, BufferAllocator allocator)
      throws SQLException {
    return (ArrowReader)
        result.unwrap(DuckDBResultSet.class).arrowExportStream(allocator, BATCH_ROWS);
  }

  /** The schema with the top-level fields named as the query names its columns. */
  private static Schema named(Schema schema, List<String> names) {
    List<Field> fields = schema.getFields();
    if (fields.size() != names.size()) {
      return schema;
    }
    List<Field> renamed = new ArrayList<>(fields.size());
    for (int i = 0; i < fields.size(); i++) {
      Field field = fields.get(i);
      renamed.add(
          field.getName().equals(names.get(i))
              ? field
              : new Field(names.get(i), field.getFieldType(), field.getChildren()));
    }
    return new Schema(renamed, schema.getCustomMetadata());
  }

  /**
   * DuckDB sends ENUM columns dictionary-encoded, a dictionary per batch, which a Flight stream
   * (one dictionary for the whole stream) and the JDBC driver do not take.
   */
  private static void requireNoDictionaries(Schema schema) {
    for (Field field : schema.getFields()) {
      if (hasDictionary(field)) {
        throw new QuantaException(
            ErrorCode.INVALID_QUERY,
            "column '"
                + field.getName()
                + "' is an ENUM, which the Flight SQL port does not send; cast it to VARCHAR");
      }
    }
  }

  private static boolean hasDictionary(Field field) {
    if (field.getDictionary() != null) {
      return true;
    }
    for (Field child : field.getChildren()) {
      if (hasDictionary(child)) {
        return true;
      }
    }
    return false;
  }

  /** The query without the semicolons that may end it, so that it can be wrapped. */
  private static String withoutTrailingSemicolons(String sql) {
    int end = sql.length();
    while (end > 0 && (Character.isWhitespace(sql.charAt(end - 1)) || sql.charAt(end - 1) == ';')) {
      end--;
    }
    return sql.substring(0, end);
  }
}
