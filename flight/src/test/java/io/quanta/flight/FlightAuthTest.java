package io.quanta.flight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quanta.governance.Principal;
import io.quanta.governance.identity.Tokens;
import io.quanta.platform.Mesh;
import io.quanta.platform.MeshConfig;
import io.quanta.platform.auth.TokenService;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.sql.FlightSqlClient;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every Flight SQL call is authenticated from the connection's token. */
class FlightAuthTest {
  private static final String COUNT = "SELECT count(*) FROM podcasts.podcast_catalog.podcasts";

  @TempDir Path temp;

  private static TokenService tokens(Mesh mesh) {
    return new TokenService(mesh.registry().tokens(), Clock.systemUTC());
  }

  @Test
  void aConnectionWithoutTokenIsRefusedAndToldHowToGetOne() {
    try (Mesh mesh = TestMeshes.deployedAndRun(temp);
        FlightSqlServer server = FlightSqlServer.start(mesh, "127.0.0.1", 0)) {
      assertThatThrownBy(() -> Rows.jdbc(server.jdbcUrl(), COUNT))
          .isInstanceOf(SQLException.class)
          .hasStackTraceContaining("UNAUTHENTICATED")
          .hasStackTraceContaining("This mesh needs a token")
          .hasStackTraceContaining("token= in the URL");
    }
  }

  @Test
  void aConnectionWithTokenReadsAsItsUser() throws Exception {
    try (Mesh mesh = TestMeshes.deployedAndRun(temp);
        FlightSqlServer server = FlightSqlServer.start(mesh, "127.0.0.1", 0)) {
      String token = TestMeshes.token(mesh);

      assertThat(Rows.jdbc(server.jdbcUrl() + "&token=" + token, COUNT)).containsExactly("2");
      Properties properties = new Properties();
      properties.setProperty("token", token);
      assertThat(Rows.jdbc(server.jdbcUrl(), properties, COUNT)).containsExactly("2");
    }
  }

  @Test
  void anUnknownOrRevokedTokenIsRefused() throws Exception {
    try (Mesh mesh = TestMeshes.deployedAndRun(temp);
        FlightSqlServer server = FlightSqlServer.start(mesh, "127.0.0.1", 0)) {
      String unknown = "qnt_" + "A".repeat(43);
      assertThatThrownBy(() -> Rows.jdbc(server.jdbcUrl() + "&token=" + unknown, COUNT))
          .isInstanceOf(SQLException.class)
          .hasStackTraceContaining("UNAUTHENTICATED")
          .hasStackTraceContaining("The token qnt_AAAAAAAA... is not known to this mesh");

      String token = TestMeshes.token(mesh);
      assertThat(Rows.jdbc(server.jdbcUrl() + "&token=" + token, COUNT)).containsExactly("2");
      tokens(mesh).revoke(Tokens.id(token));
      assertThatThrownBy(() -> Rows.jdbc(server.jdbcUrl() + "&token=" + token, COUNT))
          .isInstanceOf(SQLException.class)
          .hasStackTraceContaining("UNAUTHENTICATED")
          .hasStackTraceContaining("was revoked at");
    }
  }

  @Test
  void everyCallOfTheProtocolIsAuthenticated() throws Exception {
    try (Mesh mesh = TestMeshes.deployedAndRun(temp);
        FlightSqlServer server = FlightSqlServer.start(mesh, "127.0.0.1", 0);
        BufferAllocator allocator = new RootAllocator()) {
      Location location = Location.forGrpcInsecure("127.0.0.1", server.port());
      try (FlightSqlClient anonymous =
          new FlightSqlClient(FlightClient.builder(allocator, location).build())) {
        assertThat(status(() -> anonymous.execute(COUNT)))
            .isEqualTo(FlightStatusCode.UNAUTHENTICATED);
        assertThat(status(anonymous::getCatalogs)).isEqualTo(FlightStatusCode.UNAUTHENTICATED);
        assertThat(status(() -> anonymous.getTables(null, null, null, null, false)))
            .isEqualTo(FlightStatusCode.UNAUTHENTICATED);
      }
      String token = TestMeshes.token(mesh);
      try (FlightSqlClient withToken =
          new FlightSqlClient(
              FlightClient.builder(allocator, location)
                  .intercept(new BearerToken(token))
                  .build())) {
        assertThat(withToken.execute(COUNT).getEndpoints()).hasSize(1);
        // A ticket proves nothing: fetching it is authenticated again.
        try (FlightSqlClient anonymous =
            new FlightSqlClient(FlightClient.builder(allocator, location).build())) {
          var ticket = withToken.execute(COUNT).getEndpoints().get(0).getTicket();
          assertThat(status(() -> anonymous.getStream(ticket).next()))
              .isEqualTo(FlightStatusCode.UNAUTHENTICATED);
        }
      }
    }
  }

  @Test
  void aMeshThatAllowsAnonymousReadsServesConnectionsWithoutToken() throws IOException {
    try (Mesh mesh = TestMeshes.deployedAndRun(temp)) {
      // quanta.yaml is read when a mesh opens.
    }
    Files.writeString(temp.resolve("quanta").resolve(MeshConfig.FILE), "auth: {anonymous: true}\n");
    try (Mesh mesh = Mesh.open(temp.resolve("quanta"));
        FlightSqlServer server = FlightSqlServer.start(mesh, "127.0.0.1", 0)) {
      assertThat(mesh.config().auth().anonymous()).isTrue();
      assertThat(Rows.jdbc(server.jdbcUrl(), COUNT)).containsExactly("2");
      assertThatThrownBy(() -> Rows.jdbc(server.jdbcUrl() + "&token=qnt_" + "A".repeat(43), COUNT))
          .isInstanceOf(SQLException.class)
          .hasStackTraceContaining("UNAUTHENTICATED");
    } catch (SQLException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void theConnectionsUserAndPurposeAreWhatThePoliciesSee() throws Exception {
    try (Mesh mesh = TestMeshes.deployedAndRun(temp, FlightAuthTest::analystsReportingOnly);
        FlightSqlServer server = FlightSqlServer.start(mesh, "127.0.0.1", 0)) {
      String analyst =
          tokens(mesh)
              .create(
                  new Principal("dana", Set.of("analysts"), Set.of(), Map.of(), false),
                  "",
                  Optional.empty())
              .token();
      String other = TestMeshes.token(mesh);
      String url = server.jdbcUrl() + "&token=";

      assertThat(Rows.jdbc(url + analyst + "&purpose=reporting", COUNT)).containsExactly("2");
      assertThatThrownBy(() -> Rows.jdbc(url + analyst + "&purpose=marketing", COUNT))
          .isInstanceOf(SQLException.class)
          .hasStackTraceContaining("analysts-reporting");
      assertThatThrownBy(() -> Rows.jdbc(url + other + "&purpose=reporting", COUNT))
          .isInstanceOf(SQLException.class)
          .hasStackTraceContaining("analysts-reporting");
    }
  }

  /**
   * Lets only analysts who read for reporting read the podcast catalog, and the marketing team,
   * whose top-podcasts product takes it as an input (a product reads its inputs as its owner).
   */
  private static void analystsReportingOnly(Path specs) {
    Path spec = specs.resolve("podcast-catalog.yaml");
    try {
      Files.writeString(
          spec,
          Files.readString(spec)
              + """
              policies:
                access:
                  - id: analysts-reporting
                    allow: "('analysts' in principal.groups && purpose == 'reporting') || 'marketing@example.com' in principal.groups"
              """);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static FlightStatusCode status(Call call) {
    try {
      call.run();
    } catch (FlightRuntimeException e) {
      return e.status().code();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    throw new AssertionError("the call succeeded");
  }

  private interface Call {
    void run() throws Exception;
  }
}
