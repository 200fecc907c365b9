package io.quanta.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SqlGuardTest {
  @TempDir Path temp;
  private DuckDbSession session;

  @BeforeEach
  void open() {
    session = DuckDbSession.open(new EngineSettings(1, "512MB", temp));
  }

  @AfterEach
  void close() {
    session.close();
  }

  @Test
  void findsEveryTableReferenceIncludingSubqueriesButNotCommonTableExpressions() {
    SqlGuard.Analysis analysis =
        SqlGuard.analyze(
            session,
            """
            WITH recent AS (SELECT * FROM podcasts.play_events.events WHERE day > DATE '2026-01-01')
            SELECT r.podcast_id, c.title
            FROM recent r JOIN podcasts.podcast_catalog_v1.podcasts c USING (podcast_id)
            WHERE r.user_id IN (SELECT user_id FROM users.user_profiles.profiles)
            """);

    assertThat(analysis.tables())
        .extracting(SqlGuard.TableReference::name)
        .containsExactly(
            "podcasts.play_events.events",
            "podcasts.podcast_catalog_v1.podcasts",
            "users.user_profiles.profiles");
    assertThat(analysis.commonTableExpressions()).containsExactly("recent");
  }

  @Test
  void aCommonTableExpressionHidesANameOnlyWhereItIsInScope() {
    SqlGuard.Analysis analysis =
        SqlGuard.analyze(
            session,
            "SELECT v.sql FROM (WITH duckdb_views AS (SELECT 1) SELECT 1) t, duckdb_views v,"
                + " \"/data/warehouse/x.parquet\" f,"
                + " (WITH \"/data/warehouse/x.parquet\" AS (SELECT 1) SELECT 1) g");

    assertThat(analysis.tables())
        .extracting(SqlGuard.TableReference::name)
        .containsExactly("duckdb_views", "/data/warehouse/x.parquet");
  }

  @Test
  void aNameIsInScopeInTheWholeQueryNodeThatDefinesIt() {
    SqlGuard.Analysis analysis =
        SqlGuard.analyze(
            session,
            "WITH a AS (SELECT 1 AS x), b AS (SELECT * FROM a)"
                + " SELECT * FROM b WHERE x IN (SELECT x FROM a) UNION ALL SELECT * FROM (SELECT * FROM b)");
    assertThat(analysis.tables()).isEmpty();
  }

  @Test
  void allowsComputedRelationsAndOrdinaryFunctions() {
    SqlGuard.Analysis analysis =
        SqlGuard.analyze(
            session,
            "SELECT range, upper('a'), list_transform([1, 2], x -> x + 1), row_number() OVER ()"
                + " FROM range(3) UNION ALL SELECT * FROM (VALUES (1, 'a', [2], 3)) v");
    assertThat(analysis.tables()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "SELECT * FROM read_csv('/etc/passwd')",
        "SELECT * FROM read_csv_auto('/etc/passwd')",
        "SELECT * FROM read_parquet('/data/warehouse/podcasts/x.parquet')",
        "SELECT * FROM read_text('/etc/hostname')",
        "SELECT * FROM read_blob('/etc/hostname')",
        "SELECT * FROM glob('/**')",
        "SELECT * FROM duckdb_views()",
        "SELECT * FROM duckdb_settings()",
        "SELECT * FROM duckdb_databases()",
        "SELECT * FROM parquet_metadata('/x.parquet')",
        "SELECT * FROM query('SELECT 1')",
        "SELECT * FROM pragma_version()",
        "SELECT current_setting('allowed_directories')",
        "SELECT getvariable('x')",
        "SELECT x FROM t WHERE x IN (SELECT * FROM read_csv('/etc/passwd'))",
        "SELECT (SELECT count(*) FROM glob('/*')) AS n",
        "SELECT * FROM (SUMMARIZE SELECT 1)",
        "SELECT pg_sleep(10)",
        "SELECT version()",
      })
  void refusesFilesSettingsAndCatalogFunctionsAnywhere(String sql) {
    assertThatThrownBy(() -> SqlGuard.analyze(session, sql))
        .isInstanceOfSatisfying(
            SqlRejected.class, rejected -> assertThat(rejected.syntaxError()).isFalse())
        .hasMessageContaining("not allowed");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "COPY (SELECT 1) TO '/tmp/x.csv'",
        "ATTACH '/tmp/x.db' AS x",
        "INSTALL httpfs",
        "LOAD httpfs",
        "SET enable_external_access = true",
        "PRAGMA version",
        "CREATE TABLE t AS SELECT 1",
        "INSERT INTO t VALUES (1)",
        "DELETE FROM t",
        "EXPORT DATABASE '/tmp/x'",
        "SELECT 1; SELECT 2",
      })
  void refusesEverythingButOneSelect(String sql) {
    assertThatThrownBy(() -> SqlGuard.analyze(session, sql))
        .isInstanceOf(SqlRejected.class)
        .hasMessageMatching(".*(only a SELECT|exactly one SELECT).*");
  }

  @Test
  void namesTheStatementItRefuses() {
    assertThatThrownBy(() -> SqlGuard.analyze(session, "copy t to 'x.csv'"))
        .hasMessage("a COPY statement is not allowed: only a SELECT query may run here");
  }

  @Test
  void reportsSyntaxErrorsWithTheirPosition() {
    assertThatThrownBy(() -> SqlGuard.analyze(session, "SELECT a\nFORM t"))
        .isInstanceOfSatisfying(
            SqlRejected.class,
            rejected -> {
              assertThat(rejected.syntaxError()).isTrue();
              assertThat(rejected.position())
                  .hasValue(14); // "FORM" reads as an alias; "t" is the error
            })
        .hasMessageContaining("syntax error");
  }

  @Test
  void reportsWhereARefusedFunctionIs() {
    assertThatThrownBy(() -> SqlGuard.analyze(session, "SELECT 1,\n current_setting('x')"))
        .isInstanceOfSatisfying(
            SqlRejected.class, rejected -> assertThat(rejected.position()).hasValue(11));
  }

  @Test
  void aFileNamedAsATableIsJustAnUnknownTableForTheCaller() {
    SqlGuard.Analysis analysis = SqlGuard.analyze(session, "SELECT * FROM '/etc/passwd'");
    assertThat(analysis.tables())
        .extracting(SqlGuard.TableReference::name)
        .containsExactly("/etc/passwd");
  }
}
