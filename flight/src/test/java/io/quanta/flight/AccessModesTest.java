package io.quanta.flight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quanta.platform.Mesh;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A port whose spec leaves SQL out of its access is neither listed nor readable over Flight. */
class AccessModesTest {
  @TempDir Path temp;

  @Test
  void aPortNotServedThroughSqlIsNotATable() throws SQLException {
    try (Mesh mesh = TestMeshes.deployedAndRun(temp, AccessModesTest::episodeShareAsFilesOnly);
        FlightSqlServer server = FlightSqlServer.start(mesh, "127.0.0.1", 0);
        Connection connection = DriverManager.getConnection(TestMeshes.url(mesh, server))) {
      List<String> tables = new ArrayList<>();
      try (ResultSet result =
          connection.getMetaData().getTables("podcasts", "top_podcasts", "%", null)) {
        while (result.next()) {
          tables.add(result.getString("TABLE_NAME"));
        }
      }
      assertThat(tables).containsExactly("listens");

      assertThatThrownBy(
              () -> Rows.jdbc(connection, "SELECT * FROM podcasts.top_podcasts.episode_share"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining(
              "podcasts/top-podcasts:1/episode-share is not served through sql: its product"
                  + " serves it through files");
      assertThat(Rows.jdbc(connection, "SELECT count(*) FROM podcasts.top_podcasts.listens"))
          .containsExactly("2");
    }
  }

  private static void episodeShareAsFilesOnly(Path specs) {
    Path spec = specs.resolve("top-podcasts.yaml");
    try {
      String text = Files.readString(spec);
      int share = text.indexOf("- name: episode-share");
      int key = text.indexOf("    key: [podcast_id]", share);
      Files.writeString(
          spec, text.substring(0, key) + "    access: [files]\n" + text.substring(key));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
