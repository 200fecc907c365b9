package io.quanta.flight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import io.quanta.platform.Mesh;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.flight.sql.FlightSqlClient;
import org.apache.arrow.flight.sql.impl.FlightSql.SqlInfo;
import org.apache.arrow.flight.sql.impl.FlightSql.TicketStatementQuery;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Flight SQL calls the JDBC driver does not make, through Arrow's own Flight SQL client. */
class FlightSqlProtocolTest {
  @TempDir static Path temp;
  private static Mesh mesh;
  private static FlightSqlServer server;
  private static String token;

  private BufferAllocator allocator;
  private FlightSqlClient client;

  @BeforeAll
  static void startServer() {
    mesh = TestMeshes.deployedAndRun(temp);
    server = FlightSqlServer.start(mesh, "127.0.0.1", 0);
    token = TestMeshes.token(mesh);
  }

  @AfterAll
  static void stopServer() {
    server.close();
    mesh.close();
  }

  @BeforeEach
  void connect() {
    allocator = new RootAllocator();
    client =
        new FlightSqlClient(
            FlightClient.builder(allocator, Location.forGrpcInsecure("127.0.0.1", server.port()))
                .intercept(new BearerToken(token))
                .build());
  }

  @AfterEach
  void disconnect() throws Exception {
    client.close();
    allocator.close();
  }

  @Test
  void aPlainStatementDescribesItsResultThenStreamsIt() throws Exception {
    FlightInfo info =
        client.execute("SELECT podcast_id, listens FROM podcasts.top_podcasts.listens ORDER BY 1;");

    assertThat(info.getSchema().getFields())
        .extracting(Field::getName)
        .containsExactly("podcast_id", "listens");
    assertThat(info.getEndpoints()).hasSize(1);
    List<String> rows = new ArrayList<>();
    try (FlightStream stream = client.getStream(info.getEndpoints().get(0).getTicket())) {
      assertThat(stream.getSchema()).isEqualTo(info.getSchema());
      while (stream.next()) {
        VectorSchemaRoot root = stream.getRoot();
        for (int i = 0; i < root.getRowCount(); i++) {
          rows.add(root.getVector(0).getObject(i) + "|" + root.getVector(1).getObject(i));
        }
      }
    }
    assertThat(rows).containsExactly("p1|2", "p2|1");
    assertThat(client.getExecuteSchema("SELECT title FROM podcasts.podcast_catalog.podcasts"))
        .satisfies(
            schema ->
                assertThat(schema.getSchema().getFields())
                    .extracting(Field::getName)
                    .containsExactly("title"));
  }

  @Test
  void errorsCarryTheMatchingStatus() throws Exception {
    assertThat(status(() -> client.execute("SELECT * FROM read_parquet('x.parquet')")))
        .isEqualTo(FlightStatusCode.UNAUTHORIZED);
    assertThat(status(() -> client.execute("SELEC 1")))
        .isEqualTo(FlightStatusCode.INVALID_ARGUMENT);
    assertThat(status(() -> client.execute("SELECT * FROM podcasts.nothing.here")))
        .isEqualTo(FlightStatusCode.NOT_FOUND);
    assertThat(
            status(() -> client.getStream(new Ticket("forged".getBytes(StandardCharsets.UTF_8)))))
        .isEqualTo(FlightStatusCode.INVALID_ARGUMENT);
    TicketStatementQuery forged =
        TicketStatementQuery.newBuilder()
            .setStatementHandle(ByteString.copyFromUtf8("SELECT * FROM read_csv('/etc/passwd')"))
            .build();
    assertThat(status(() -> client.getStream(new Ticket(Any.pack(forged).toByteArray()))))
        .isEqualTo(FlightStatusCode.INVALID_ARGUMENT);
    TicketStatementQuery wellFormed =
        TicketStatementQuery.newBuilder()
            .setStatementHandle(QueryTicket.prepared("SELECT * FROM read_csv('x')").encode())
            .build();
    assertThat(status(() -> client.getStream(new Ticket(Any.pack(wellFormed).toByteArray()))))
        .isEqualTo(FlightStatusCode.UNAUTHORIZED);
  }

  @Test
  void writesTransactionsAndSubstraitAreRefused() {
    assertThatThrownBy(() -> client.executeUpdate("DELETE FROM podcasts.play_events.events"))
        .isInstanceOf(FlightRuntimeException.class)
        .hasMessageContaining("read-only");
    assertThatThrownBy(() -> client.beginTransaction())
        .isInstanceOf(FlightRuntimeException.class)
        .hasMessageContaining("read-only");
    assertThatThrownBy(
            () ->
                client.executeSubstrait(new FlightSqlClient.SubstraitPlan(new byte[] {1}, "0.1.0")))
        .isInstanceOf(FlightRuntimeException.class)
        .hasMessageContaining("Substrait");
  }

  @Test
  void sqlInfoAnswersWhatItKnowsAndLeavesOutTheRest() throws Exception {
    FlightInfo info =
        client.getSqlInfo(SqlInfo.FLIGHT_SQL_SERVER_NAME, SqlInfo.SQL_MAX_COLUMNS_IN_TABLE);
    List<Long> names = new ArrayList<>();
    try (FlightStream stream = client.getStream(info.getEndpoints().get(0).getTicket())) {
      while (stream.next()) {
        for (int i = 0; i < stream.getRoot().getRowCount(); i++) {
          names.add(((Number) stream.getRoot().getVector("info_name").getObject(i)).longValue());
        }
      }
    }
    assertThat(names).containsExactly((long) SqlInfo.FLIGHT_SQL_SERVER_NAME_VALUE);
  }

  @Test
  void typeInfoListsTheTypesOfPortColumns() throws Exception {
    FlightInfo info = client.getXdbcTypeInfo();
    List<String> types = new ArrayList<>();
    try (FlightStream stream = client.getStream(info.getEndpoints().get(0).getTicket())) {
      while (stream.next()) {
        VarCharVector names = (VarCharVector) stream.getRoot().getVector("type_name");
        for (int i = 0; i < stream.getRoot().getRowCount(); i++) {
          types.add(names.getObject(i).toString());
        }
      }
    }
    assertThat(types)
        .containsExactlyInAnyOrder(
            "VARCHAR",
            "BOOLEAN",
            "INTEGER",
            "BIGINT",
            "DOUBLE",
            "DECIMAL",
            "DATE",
            "TIMESTAMP",
            "TIMESTAMP WITH TIME ZONE");
  }

  private static FlightStatusCode status(Call call) throws Exception {
    try {
      Object result = call.run();
      if (result instanceof FlightStream) {
        try (FlightStream stream = (FlightStream) result) {
          while (stream.next()) {
            // drain
          }
        }
      }
    } catch (FlightRuntimeException e) {
      return e.status().code();
    }
    throw new AssertionError("the call succeeded");
  }

  /** Runs a call whose result is drained and closed, for status checks. */
  private interface Call {
    Object run() throws Exception;
  }
}
