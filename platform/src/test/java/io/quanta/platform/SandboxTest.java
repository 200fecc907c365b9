package io.quanta.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quanta.error.ErrorCode;
import io.quanta.error.QuantaException;
import io.quanta.ports.sql.ReadOptions;
import io.quanta.spec.ProductId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every escape from the SQL port, tried against a real mesh with real table files. */
class SandboxTest {
  @TempDir static Path temp;
  private static Mesh mesh;
  private static String tableFile;

  @BeforeAll
  static void deployAndRun() throws IOException {
    Path specs = TestMeshes.copy("mesh", temp.resolve("specs"));
    mesh = Mesh.open(temp.resolve("quanta"));
    mesh.lifecycle()
        .deployFiles(TestMeshes.specs(specs, "podcast-catalog", "play-events", "top-podcasts"));
    mesh.runs()
        .runAll(
            List.of(
                ProductId.of("podcasts", "podcast-catalog", 1),
                ProductId.of("podcasts", "play-events", 1)),
            "test");
    try (Stream<Path> files = Files.walk(temp.resolve("quanta/warehouse"))) {
      tableFile =
          files
              .filter(file -> file.toString().endsWith(".parquet"))
              .findFirst()
              .orElseThrow()
              .toString();
    }
  }

  @AfterAll
  static void close() {
    mesh.close();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "SELECT * FROM read_csv('/etc/passwd')",
        "SELECT * FROM read_parquet('TABLE_FILE')",
        "SELECT * FROM 'TABLE_FILE'",
        "SELECT * FROM podcasts.podcast_catalog.podcasts WHERE podcast_id IN (SELECT content FROM read_text('/etc/hostname'))",
        "SELECT * FROM glob('/*')",
        "SELECT * FROM duckdb_views()",
        "SELECT * FROM duckdb_settings()",
        "SELECT current_setting('allowed_directories')",
        "SELECT * FROM podcasts.podcast_catalog.podcasts AT (VERSION => 1)",
        // A WITH elsewhere in the query must not hide a name where it is not in scope.
        "SELECT v.sql FROM (WITH duckdb_views AS (SELECT 1) SELECT 1) t, duckdb_views v,"
            + " podcasts.podcast_catalog.podcasts p",
        "SELECT * FROM (WITH \"TABLE_FILE\" AS (SELECT 1) SELECT 1) t, \"TABLE_FILE\" f,"
            + " podcasts.podcast_catalog.podcasts p",
      })
  void refusesReadingAnythingButPorts(String template) {
    String sql = template.replace("TABLE_FILE", tableFile);
    assertThatThrownBy(() -> QueryRows.run(mesh, sql, ReadOptions.LATEST))
        .isInstanceOfSatisfying(
            QuantaException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.QUERY_REFUSED))
        .hasMessageMatching(".*(not allowed|is not an output port).*")
        .hasMessageNotContaining(temp.resolve("quanta/warehouse").toString());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "COPY (SELECT * FROM podcasts.podcast_catalog.podcasts) TO '/tmp/stolen.csv'",
        "ATTACH '/tmp/other.db' AS other",
        "INSTALL httpfs",
        "LOAD httpfs",
        "SET enable_external_access = true",
        "PRAGMA database_list",
        "CREATE TABLE t AS SELECT 1",
        "INSERT INTO podcasts.podcast_catalog.podcasts VALUES ('x')",
      })
  void refusesEverythingButASelect(String sql) {
    assertThatThrownBy(() -> QueryRows.run(mesh, sql, ReadOptions.LATEST))
        .isInstanceOfSatisfying(
            QuantaException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.QUERY_REFUSED))
        .hasMessageContaining("only a SELECT query may run here");
  }

  @Test
  void errorsFromReadingAPortNeverShowItsFiles() {
    assertThatThrownBy(
            () ->
                QueryRows.run(
                    mesh,
                    "SELECT CAST(title AS INTEGER) FROM podcasts.podcast_catalog.podcasts",
                    ReadOptions.LATEST))
        .isInstanceOf(QuantaException.class)
        .hasMessageContaining("Conversion Error")
        .hasMessageNotContaining(temp.toString());
  }

  @Test
  void aProductCannotReadWhatItDoesNotDeclare() throws IOException {
    Path spec = temp.resolve("sneaky.yaml");
    Files.writeString(
        spec,
        """
        apiVersion: quanta/v1
        kind: DataProduct
        metadata: {domain: podcasts, name: sneaky, version: 1.0.0, owner: o, description: Reads what it should not.}
        inputs:
          - {name: plays, product: podcasts/play-events:1/events}
        outputs:
          - name: stolen
            sql: SELECT title FROM podcasts.podcast_catalog.podcasts
            schema: [{name: title, type: string}]
        """);
    assertThat(mesh.lifecycle().validateFiles(List.of(spec)).errors())
        .singleElement()
        .satisfies(
            problem -> assertThat(problem.message()).contains("is not an input of this product"));
  }
}
