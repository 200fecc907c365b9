package io.quanta.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DuckDbSessionTest {
  @TempDir Path temp;

  @Test
  void aLockedDownSessionTouchesOnlyTheGrantedFilesAndKeepsItsSettings() {
    String granted = temp.resolve("granted.parquet").toString();
    String other = temp.resolve("other.parquet").toString();
    try (DuckDbSession setup =
        DuckDbSession.open(new EngineSettings(1, "256MB", temp.resolve("tmp")))) {
      setup.execute("COPY (SELECT 1 AS x) TO " + Sql.literal(granted) + " (FORMAT parquet)");
      setup.execute("COPY (SELECT 2 AS x) TO " + Sql.literal(other) + " (FORMAT parquet)");
    }
    try (DuckDbSession session =
        DuckDbSession.open(new EngineSettings(1, "256MB", temp.resolve("tmp")))) {
      session.lockDown(List.of(granted));

      assertThat(session.queryLong("SELECT x FROM read_parquet(" + Sql.literal(granted) + ")"))
          .isEqualTo(1);
      assertThatThrownBy(
              () -> session.queryLong("SELECT x FROM read_parquet(" + Sql.literal(other) + ")"))
          .hasMessageContaining("Permission Error");
      assertThatThrownBy(
              () ->
                  session.execute(
                      "COPY (SELECT 3) TO " + Sql.literal(temp.resolve("out.csv").toString())))
          .hasMessageContaining("Permission Error");
      assertThatThrownBy(() -> session.execute("SET enable_external_access = true"))
          .hasMessageContaining("locked");
      assertThatThrownBy(
              () ->
                  session.execute(
                      "ATTACH " + Sql.literal(temp.resolve("x.db").toString()) + " AS x"))
          .isInstanceOf(SqlFailure.class);
    }
  }
}
