package io.quanta.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionPoolTest {
  @TempDir Path temp;

  @Test
  void everySessionIsAFreshDatabaseNobodyUsedBefore() {
    try (SessionPool pool = new SessionPool(new EngineSettings(1, "256MB", temp), 2)) {
      try (DuckDbSession first = pool.open()) {
        first.execute("CREATE TABLE secret AS SELECT 42 AS answer");
        first.lockDown(java.util.List.of());
      }
      for (int i = 0; i < 5; i++) {
        try (DuckDbSession next = pool.open()) {
          assertThat(
                  next.queryLong(
                      "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'secret'"))
              .isZero();
          assertThat(next.query("SELECT current_setting('TimeZone')", row -> row.getString(1)))
              .containsExactly("UTC");
          next.execute(
              "SET threads = 1"); // not locked: the lockdown of another session does not carry over
        }
      }
    }
  }

  @Test
  void refusesSessionsOnceClosed() {
    SessionPool pool = new SessionPool(new EngineSettings(1, "256MB", temp), 1);
    pool.open().close();
    pool.close();
    assertThatThrownBy(pool::open).isInstanceOf(IllegalStateException.class);
  }
}
