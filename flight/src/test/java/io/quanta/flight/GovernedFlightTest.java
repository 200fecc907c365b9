package io.quanta.flight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quanta.governance.Principal;
import io.quanta.platform.Mesh;
import io.quanta.platform.auth.TokenService;
import io.quanta.spec.ProductId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Flight SQL reads under a product's policies: masked, filtered, refused, and not even listed. */
class GovernedFlightTest {
  private static final ProductId PROFILES = ProductId.of("users", "user-profiles", 1);
  private static final String ALL =
      "SELECT user_id, email, country FROM users.user_profiles.profiles ORDER BY user_id";

  @TempDir Path temp;
  private Mesh mesh;
  private FlightSqlServer server;

  @BeforeEach
  void start() throws Exception {
    Path source = Path.of(getClass().getClassLoader().getResource("governed").toURI());
    Path specs = temp.resolve("specs");
    try (Stream<Path> files = Files.walk(source)) {
      for (Path file : files.toList()) {
        Path target = specs.resolve(source.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else {
          Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
    mesh = Mesh.open(temp.resolve("quanta"));
    mesh.lifecycle().deployFiles(List.of(specs.resolve("user-profiles.yaml")));
    mesh.runs().run(PROFILES, "test");
    server = FlightSqlServer.start(mesh, "127.0.0.1", 0);
  }

  @AfterEach
  void stop() {
    server.close();
    mesh.close();
  }

  @Test
  void aJdbcReaderGetsTheMaskedFilteredRowsOfTheOtherPorts() throws SQLException {
    List<String> analyst = Rows.jdbc(url("ana", Set.of(), "DE"), ALL);
    List<String> piiReader = Rows.jdbc(url("pia", Set.of("pii-reader"), "DE"), ALL);

    assertThat(piiReader).containsExactly("u1|ada@example.com|DE", "u3|cyd@example.com|DE");
    assertThat(analyst)
        .hasSize(2)
        .noneMatch(row -> row.contains("@"))
        .allMatch(row -> row.endsWith("|DE"));
    // The same hash as the SQL port computes for the same reader.
    List<String> sqlPort = new ArrayList<>();
    mesh.queries()
        .query(
            io.quanta.governance.Reader.of(
                new Principal("ana", Set.of(), Set.of(), Map.of("country", "DE"), false)),
            ALL,
            io.quanta.ports.sql.ReadOptions.LATEST,
            new io.quanta.ports.sql.ResultSink() {
              @Override
              public void columns(List<io.quanta.engine.ResultColumn> columns) {}

              @Override
              public boolean row(List<Object> values) {
                sqlPort.add(values.get(0) + "|" + values.get(1) + "|" + values.get(2));
                return true;
              }
            });
    assertThat(analyst).isEqualTo(sqlPort);
  }

  @Test
  void aDeniedReaderCanNeitherReadNorSeeThePort() throws SQLException {
    String token = token("carl2", Set.of("contractors"), Set.of(), "DE");
    String url = server.jdbcUrl() + "&token=" + token;
    assertThatThrownBy(() -> Rows.jdbc(url, ALL))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("may not read users/user-profiles:1/profiles")
        .hasMessageContaining("no-contractors");
    try (Connection connection = DriverManager.getConnection(url)) {
      List<String> tables = new ArrayList<>();
      try (ResultSet result = connection.getMetaData().getTables(null, null, "%", null)) {
        while (result.next()) {
          tables.add(result.getString("TABLE_NAME"));
        }
      }
      assertThat(tables).isEmpty();
    }
  }

  private String url(String user, Set<String> roles, String country) {
    return server.jdbcUrl() + "&token=" + token(user, Set.of(), roles, country);
  }

  private String token(String user, Set<String> groups, Set<String> roles, String country) {
    return new TokenService(mesh.registry().tokens(), Clock.systemUTC())
        .create(
            new Principal(user, groups, roles, Map.of("country", country), false),
            "flight test",
            Optional.empty())
        .token();
  }
}
