package io.quanta.flight;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.quanta.platform.Mesh;
import io.quanta.ports.sql.ReadOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.Criteria;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightEndpoint;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.PutResult;
import org.apache.arrow.flight.Result;
import org.apache.arrow.flight.SchemaResult;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.flight.sql.FlightSqlProducer;
import org.apache.arrow.flight.sql.impl.FlightSql.ActionBeginSavepointRequest;
import org.apache.arrow.flight.sql.impl.FlightSql.ActionBeginSavepointResult;
import org.apache.arrow.flight.sql.impl.FlightSql.ActionBeginTransactionRequest;
import org.apache.arrow.flight.sql.impl.FlightSql.ActionBeginTransactionResult;
import org.apache.arrow.flight.sql.impl.FlightSql.ActionClosePreparedStatementRequest;
import org.apache.arrow.flight.sql.impl.FlightSql.ActionCreatePreparedStatementRequest;
import org.apache.arrow.flight.sql.impl.FlightSql.ActionCreatePreparedStatementResult;
import org.apache.arrow.flight.sql.impl.FlightSql.ActionCreatePreparedSubstraitPlanRequest;
import org.apache.arrow.flight.sql.impl.FlightSql.ActionEndSavepointRequest;
import org.apache.arrow.flight.sql.impl.FlightSql.ActionEndTransactionRequest;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetCatalogs;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetCrossReference;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetDbSchemas;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetExportedKeys;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetImportedKeys;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetPrimaryKeys;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetSqlInfo;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetTableTypes;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetTables;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetXdbcTypeInfo;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandPreparedStatementQuery;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandPreparedStatementUpdate;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandStatementIngest;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandStatementQuery;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandStatementSubstraitPlan;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandStatementUpdate;
import org.apache.arrow.flight.sql.impl.FlightSql.TicketStatementQuery;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Quanta's Flight SQL service: SELECT queries over the mesh's output ports, and the catalog BI
 * tools browse. Read-only: updates, bulk ingestion, transactions and Substrait plans are refused.
 *
 * <p>Every query runs through the mesh's SQL port ({@link ArrowQueries}). Nothing a client opens
 * needs closing on the server: a prepared statement's handle and a ticket carry the SQL (and a
 * ticket the processing time to read as of), so a client that never closes a statement leaks
 * nothing.
 */
final class MeshFlightSqlProducer implements FlightSqlProducer {
  private static final String NO_SUBSTRAIT =
      "Quanta's SQL port takes SQL text, not Substrait plans";

  private final BufferAllocator allocator;
  private final ArrowQueries queries;
  private final MeshCatalog catalog;
  private final ServerInfo serverInfo = new ServerInfo();
  private final FreshDescriptions justPrepared = new FreshDescriptions();

  MeshFlightSqlProducer(Mesh mesh, BufferAllocator allocator) {
    requireNonNull(mesh, "mesh is null");
    this.allocator = requireNonNull(allocator, "allocator is null");
    this.queries = new ArrowQueries(mesh.queries(), allocator);
    this.catalog = new MeshCatalog(mesh, queries);
  }

  /** A ticket that is not even a Flight SQL message is the client's mistake, not the server's. */
  @Override
  public void getStream(CallContext context, Ticket ticket, ServerStreamListener listener) {
    try {
      Any.parseFrom(ticket.getBytes());
    } catch (InvalidProtocolBufferException e) {
      listener.error(FlightErrors.invalidArgument("not a ticket of this Quanta server"));
      return;
    }
    FlightSqlProducer.super.getStream(context, ticket, listener);
  }

  // Queries: a statement's FlightInfo, or a prepared statement's, describes the result and pins
  // the processing time; its ticket runs the query.

  @Override
  public FlightInfo getFlightInfoStatement(
      CommandStatementQuery command, CallContext context, FlightDescriptor descriptor) {
    try {
      refuseTransaction(command.hasTransactionId());
      ReadOptions options = ConnectionSettings.readOptions(context);
      String sql = command.getQuery();
      return queryInfo(
          sql,
          options,
          queries.describe(FlightPrincipal.reader(context), sql, options),
          descriptor);
    } catch (RuntimeException e) {
      throw FlightErrors.toFlight(e);
    }
  }

  @Override
  public FlightInfo getFlightInfoPreparedStatement(
      CommandPreparedStatementQuery command, CallContext context, FlightDescriptor descriptor) {
    try {
      String sql = QueryTicket.decode(command.getPreparedStatementHandle()).sql();
      ReadOptions options = ConnectionSettings.readOptions(context);
      ArrowQueries.Description description =
          justPrepared
              .take(FlightPrincipal.reader(context), sql, options)
              .orElseGet(() -> queries.describe(FlightPrincipal.reader(context), sql, options));
      return queryInfo(sql, options, description, descriptor);
    } catch (RuntimeException e) {
      throw FlightErrors.toFlight(e);
    }
  }

  /** The FlightInfo of a described query: its schema, and a ticket pinned to its read time. */
  private static FlightInfo queryInfo(
      String sql,
      ReadOptions options,
      ArrowQueries.Description description,
      FlightDescriptor descriptor) {
    QueryTicket ticket = QueryTicket.of(sql, options.withAsOf(description.asOf()));
    TicketStatementQuery statement =
        TicketStatementQuery.newBuilder().setStatementHandle(ticket.encode()).build();
    return info(statement, descriptor, description.schema());
  }

  @Override
  public SchemaResult getSchemaStatement(
      CommandStatementQuery command, CallContext context, FlightDescriptor descriptor) {
    try {
      refuseTransaction(command.hasTransactionId());
      return new SchemaResult(describe(command.getQuery(), context).schema());
    } catch (RuntimeException e) {
      throw FlightErrors.toFlight(e);
    }
  }

  @Override
  public SchemaResult getSchemaPreparedStatement(
      CommandPreparedStatementQuery command, CallContext context, FlightDescriptor descriptor) {
    try {
      String sql = QueryTicket.decode(command.getPreparedStatementHandle()).sql();
      return new SchemaResult(describe(sql, context).schema());
    } catch (RuntimeException e) {
      throw FlightErrors.toFlight(e);
    }
  }

  private ArrowQueries.Description describe(String sql, CallContext context) {
    return queries.describe(
        FlightPrincipal.reader(context), sql, ConnectionSettings.readOptions(context));
  }

  @Override
  public void getStreamStatement(
      TicketStatementQuery ticket, CallContext context, ServerStreamListener listener) {
    try {
      queries.stream(
          FlightPrincipal.reader(context),
          QueryTicket.decode(ticket.getStatementHandle()),
          listener);
    } catch (RuntimeException e) {
      listener.error(FlightErrors.toFlight(e));
    }
  }

  /** A client that fetches a prepared statement directly reads as of now (or its asof). */
  @Override
  public void getStreamPreparedStatement(
      CommandPreparedStatementQuery command, CallContext context, ServerStreamListener listener) {
    try {
      String sql = QueryTicket.decode(command.getPreparedStatementHandle()).sql();
      queries.stream(
          FlightPrincipal.reader(context),
          QueryTicket.of(sql, ConnectionSettings.readOptions(context)),
          listener);
    } catch (RuntimeException e) {
      listener.error(FlightErrors.toFlight(e));
    }
  }

  /**
   * Checks the query (so a bad one fails when it is prepared, as JDBC users expect) and answers its
   * result schema; the handle is the SQL itself. The description is kept for the execution that
   * follows at once ({@link FreshDescriptions}).
   */
  @Override
  public void createPreparedStatement(
      ActionCreatePreparedStatementRequest request,
      CallContext context,
      StreamListener<Result> listener) {
    try {
      refuseTransaction(request.hasTransactionId());
      ReadOptions options = ConnectionSettings.readOptions(context);
      ArrowQueries.Description description =
          queries.describe(FlightPrincipal.reader(context), request.getQuery(), options);
      justPrepared.put(FlightPrincipal.reader(context), request.getQuery(), options, description);
      Schema schema = description.schema();
      ActionCreatePreparedStatementResult result =
          ActionCreatePreparedStatementResult.newBuilder()
              .setPreparedStatementHandle(QueryTicket.prepared(request.getQuery()).encode())
              .setDatasetSchema(ByteString.copyFrom(schema.serializeAsMessage()))
              .build();
      listener.onNext(new Result(Any.pack(result).toByteArray()));
      listener.onCompleted();
    } catch (RuntimeException e) {
      listener.onError(FlightErrors.toFlight(e));
    }
  }

  /** Nothing to release: the handle holds the statement. */
  @Override
  public void closePreparedStatement(
      ActionClosePreparedStatementRequest request,
      CallContext context,
      StreamListener<Result> listener) {
    listener.onCompleted();
  }

  // Writes, parameters, transactions and Substrait.

  @Override
  public Runnable acceptPutStatement(
      CommandStatementUpdate command,
      CallContext context,
      FlightStream flightStream,
      StreamListener<PutResult> ackStream) {
    return () -> ackStream.onError(FlightErrors.readOnly());
  }

  @Override
  public Runnable acceptPutPreparedStatementUpdate(
      CommandPreparedStatementUpdate command,
      CallContext context,
      FlightStream flightStream,
      StreamListener<PutResult> ackStream) {
    return () -> ackStream.onError(FlightErrors.readOnly());
  }

  @Override
  public Runnable acceptPutStatementBulkIngest(
      CommandStatementIngest command,
      CallContext context,
      FlightStream flightStream,
      StreamListener<PutResult> ackStream) {
    return () -> ackStream.onError(FlightErrors.readOnly());
  }

  @Override
  public Runnable acceptPutPreparedStatementQuery(
      CommandPreparedStatementQuery command,
      CallContext context,
      FlightStream flightStream,
      StreamListener<PutResult> ackStream) {
    return () -> ackStream.onError(FlightErrors.invalidArgument(FlightErrors.NO_PARAMETERS));
  }

  @Override
  public Runnable acceptPutSubstraitPlan(
      CommandStatementSubstraitPlan command,
      CallContext context,
      FlightStream flightStream,
      StreamListener<PutResult> ackStream) {
    return () -> ackStream.onError(FlightErrors.readOnly());
  }

  @Override
  public FlightInfo getFlightInfoSubstraitPlan(
      CommandStatementSubstraitPlan command, CallContext context, FlightDescriptor descriptor) {
    throw CallStatus.UNIMPLEMENTED.withDescription(NO_SUBSTRAIT).toRuntimeException();
  }

  @Override
  public SchemaResult getSchemaSubstraitPlan(
      CommandStatementSubstraitPlan command, CallContext context, FlightDescriptor descriptor) {
    throw CallStatus.UNIMPLEMENTED.withDescription(NO_SUBSTRAIT).toRuntimeException();
  }

  @Override
  public void createPreparedSubstraitPlan(
      ActionCreatePreparedSubstraitPlanRequest request,
      CallContext context,
      StreamListener<ActionCreatePreparedStatementResult> listener) {
    listener.onError(CallStatus.UNIMPLEMENTED.withDescription(NO_SUBSTRAIT).toRuntimeException());
  }

  @Override
  public void beginTransaction(
      ActionBeginTransactionRequest request,
      CallContext context,
      StreamListener<ActionBeginTransactionResult> listener) {
    listener.onError(FlightErrors.readOnly());
  }

  @Override
  public void endTransaction(
      ActionEndTransactionRequest request, CallContext context, StreamListener<Result> listener) {
    listener.onError(FlightErrors.readOnly());
  }

  @Override
  public void beginSavepoint(
      ActionBeginSavepointRequest request,
      CallContext context,
      StreamListener<ActionBeginSavepointResult> listener) {
    listener.onError(FlightErrors.readOnly());
  }

  @Override
  public void endSavepoint(
      ActionEndSavepointRequest request, CallContext context, StreamListener<Result> listener) {
    listener.onError(FlightErrors.readOnly());
  }

  /** No transaction was ever begun, so a request naming one cannot be served. */
  private static void refuseTransaction(boolean hasTransaction) {
    if (hasTransaction) {
      throw FlightErrors.invalidArgument(FlightErrors.READ_ONLY + "; it has no transactions");
    }
  }

  @Override
  public void listFlights(
      CallContext context, Criteria criteria, StreamListener<FlightInfo> listener) {
    listener.onError(
        CallStatus.UNIMPLEMENTED
            .withDescription("Quanta lists its output ports as tables (GetTables), not as flights")
            .toRuntimeException());
  }

  // Catalog metadata: the FlightInfo's ticket is the command itself.

  @Override
  public FlightInfo getFlightInfoSqlInfo(
      CommandGetSqlInfo command, CallContext context, FlightDescriptor descriptor) {
    return info(command, descriptor, Schemas.GET_SQL_INFO_SCHEMA);
  }

  @Override
  public void getStreamSqlInfo(
      CommandGetSqlInfo command, CallContext context, ServerStreamListener listener) {
    serverInfo.send(command.getInfoList(), listener, allocator);
  }

  @Override
  public FlightInfo getFlightInfoTypeInfo(
      CommandGetXdbcTypeInfo command, CallContext context, FlightDescriptor descriptor) {
    return info(command, descriptor, Schemas.GET_TYPE_INFO_SCHEMA);
  }

  @Override
  public void getStreamTypeInfo(
      CommandGetXdbcTypeInfo command, CallContext context, ServerStreamListener listener) {
    try {
      TypeInfo.send(
          command.hasDataType() ? Optional.of(command.getDataType()) : Optional.empty(),
          listener,
          allocator);
    } catch (RuntimeException e) {
      listener.error(FlightErrors.toFlight(e));
    }
  }

  @Override
  public FlightInfo getFlightInfoCatalogs(
      CommandGetCatalogs command, CallContext context, FlightDescriptor descriptor) {
    return info(command, descriptor, Schemas.GET_CATALOGS_SCHEMA);
  }

  @Override
  public void getStreamCatalogs(CallContext context, ServerStreamListener listener) {
    try {
      List<List<Object>> rows = new ArrayList<>();
      catalog.catalogs(FlightPrincipal.reader(context)).forEach(name -> rows.add(List.of(name)));
      sendRows(Schemas.GET_CATALOGS_SCHEMA, rows, listener);
    } catch (RuntimeException e) {
      listener.error(FlightErrors.toFlight(e));
    }
  }

  @Override
  public FlightInfo getFlightInfoSchemas(
      CommandGetDbSchemas command, CallContext context, FlightDescriptor descriptor) {
    return info(command, descriptor, Schemas.GET_SCHEMAS_SCHEMA);
  }

  @Override
  public void getStreamSchemas(
      CommandGetDbSchemas command, CallContext context, ServerStreamListener listener) {
    try {
      List<List<Object>> rows = new ArrayList<>();
      for (MeshCatalog.ProductSchema schema :
          catalog.schemas(
              FlightPrincipal.reader(context),
              command.hasCatalog() ? Optional.of(command.getCatalog()) : Optional.empty(),
              command.hasDbSchemaFilterPattern()
                  ? Optional.of(command.getDbSchemaFilterPattern())
                  : Optional.empty())) {
        rows.add(List.of(schema.catalog(), schema.schema()));
      }
      sendRows(Schemas.GET_SCHEMAS_SCHEMA, rows, listener);
    } catch (RuntimeException e) {
      listener.error(FlightErrors.toFlight(e));
    }
  }

  @Override
  public FlightInfo getFlightInfoTables(
      CommandGetTables command, CallContext context, FlightDescriptor descriptor) {
    return info(
        command,
        descriptor,
        command.getIncludeSchema()
            ? Schemas.GET_TABLES_SCHEMA
            : Schemas.GET_TABLES_SCHEMA_NO_SCHEMA);
  }

  /** With {@code include_schema}, each table's columns come from describing a query of it. */
  @Override
  public void getStreamTables(
      CommandGetTables command, CallContext context, ServerStreamListener listener) {
    try {
      List<List<Object>> rows = new ArrayList<>();
      for (MeshCatalog.PortTable table :
          catalog.tables(
              FlightPrincipal.reader(context),
              command.hasCatalog() ? Optional.of(command.getCatalog()) : Optional.empty(),
              command.hasDbSchemaFilterPattern()
                  ? Optional.of(command.getDbSchemaFilterPattern())
                  : Optional.empty(),
              command.hasTableNameFilterPattern()
                  ? Optional.of(command.getTableNameFilterPattern())
                  : Optional.empty(),
              command.getTableTypesList())) {
        List<Object> row = new ArrayList<>();
        row.addAll(
            Arrays.asList(table.catalog(), table.schema(), table.table(), MeshCatalog.TABLE_TYPE));
        if (command.getIncludeSchema()) {
          row.add(catalog.schema(FlightPrincipal.reader(context), table).serializeAsMessage());
        }
        rows.add(row);
      }
      sendRows(
          command.getIncludeSchema()
              ? Schemas.GET_TABLES_SCHEMA
              : Schemas.GET_TABLES_SCHEMA_NO_SCHEMA,
          rows,
          listener);
    } catch (RuntimeException e) {
      listener.error(FlightErrors.toFlight(e));
    }
  }

  @Override
  public FlightInfo getFlightInfoTableTypes(
      CommandGetTableTypes command, CallContext context, FlightDescriptor descriptor) {
    return info(command, descriptor, Schemas.GET_TABLE_TYPES_SCHEMA);
  }

  @Override
  public void getStreamTableTypes(CallContext context, ServerStreamListener listener) {
    sendRows(Schemas.GET_TABLE_TYPES_SCHEMA, List.of(List.of(MeshCatalog.TABLE_TYPE)), listener);
  }

  // Ports declare keys but the SQL port does not enforce them as constraints: no key is reported.

  @Override
  public FlightInfo getFlightInfoPrimaryKeys(
      CommandGetPrimaryKeys command, CallContext context, FlightDescriptor descriptor) {
    return info(command, descriptor, Schemas.GET_PRIMARY_KEYS_SCHEMA);
  }

  @Override
  public void getStreamPrimaryKeys(
      CommandGetPrimaryKeys command, CallContext context, ServerStreamListener listener) {
    sendRows(Schemas.GET_PRIMARY_KEYS_SCHEMA, List.of(), listener);
  }

  @Override
  public FlightInfo getFlightInfoExportedKeys(
      CommandGetExportedKeys command, CallContext context, FlightDescriptor descriptor) {
    return info(command, descriptor, Schemas.GET_EXPORTED_KEYS_SCHEMA);
  }

  @Override
  public void getStreamExportedKeys(
      CommandGetExportedKeys command, CallContext context, ServerStreamListener listener) {
    sendRows(Schemas.GET_EXPORTED_KEYS_SCHEMA, List.of(), listener);
  }

  @Override
  public FlightInfo getFlightInfoImportedKeys(
      CommandGetImportedKeys command, CallContext context, FlightDescriptor descriptor) {
    return info(command, descriptor, Schemas.GET_IMPORTED_KEYS_SCHEMA);
  }

  @Override
  public void getStreamImportedKeys(
      CommandGetImportedKeys command, CallContext context, ServerStreamListener listener) {
    sendRows(Schemas.GET_IMPORTED_KEYS_SCHEMA, List.of(), listener);
  }

  @Override
  public FlightInfo getFlightInfoCrossReference(
      CommandGetCrossReference command, CallContext context, FlightDescriptor descriptor) {
    return info(command, descriptor, Schemas.GET_CROSS_REFERENCE_SCHEMA);
  }

  @Override
  public void getStreamCrossReference(
      CommandGetCrossReference command, CallContext context, ServerStreamListener listener) {
    sendRows(Schemas.GET_CROSS_REFERENCE_SCHEMA, List.of(), listener);
  }

  /** A FlightInfo with one endpoint, on this server, whose ticket is the message. */
  private static FlightInfo info(Message ticket, FlightDescriptor descriptor, Schema schema) {
    Ticket endpoint = new Ticket(Any.pack(ticket).toByteArray());
    return new FlightInfo(schema, descriptor, List.of(new FlightEndpoint(endpoint)), -1, -1);
  }

  /** Sends rows of text ({@code String}) and binary ({@code byte[]}) columns in one batch. */
  private void sendRows(Schema schema, List<List<Object>> rows, ServerStreamListener listener) {
    try (VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator)) {
      root.allocateNew();
      for (int column = 0; column < schema.getFields().size(); column++) {
        for (int row = 0; row < rows.size(); row++) {
          BaseVariableWidthVector vector = (BaseVariableWidthVector) root.getVector(column);
          Object value = rows.get(row).get(column);
          if (value == null) {
            vector.setNull(row);
          } else if (value instanceof String) {
            vector.setSafe(row, ((String) value).getBytes(StandardCharsets.UTF_8));
          } else {
            vector.setSafe(row, (byte[]) value);
          }
        }
      }
      root.setRowCount(rows.size());
      listener.start(root);
      listener.putNext();
      listener.completed();
    }
  }

  /**
   * Waits for the running streams to end; the server has stopped and cancelled their calls.
   *
   * @return true when every stream ended in time
   */
  boolean awaitStreams(Duration wait) {
    return queries.close(wait);
  }

  @Override
  public void close() {
    awaitStreams(Duration.ZERO);
  }
}
