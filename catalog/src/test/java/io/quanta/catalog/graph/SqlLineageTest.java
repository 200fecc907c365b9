package io.quanta.catalog.graph;

import static org.assertj.core.api.Assertions.assertThat;

import io.quanta.engine.DuckDbSession;
import io.quanta.engine.EngineSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The binder over DuckDB's parse tree, on SQL constructs the products of the test meshes do not
 * use. Each result is written {@code input.column how}, sources joined by ", ", or {@code ? reason}
 * when unresolved.
 */
class SqlLineageTest {
  @TempDir static Path temp;
  private static DuckDbSession session;
  private static Set<String> aggregates;

  private static final List<SqlLineage.InputTable> INPUTS =
      List.of(
          new SqlLineage.InputTable(
              "plays", Optional.of(List.of("user_id", "podcast_id", "seconds"))),
          new SqlLineage.InputTable("users", Optional.of(List.of("user_id", "country", "tags"))),
          new SqlLineage.InputTable("files", Optional.empty()));

  @BeforeAll
  static void open() {
    session = DuckDbSession.open(new EngineSettings(1, "256MB", temp.resolve("tmp")));
    aggregates =
        Set.copyOf(
            session.query(
                "SELECT DISTINCT lower(function_name) FROM duckdb_functions()"
                    + " WHERE function_type = 'aggregate'",
                row -> row.getString(1)));
  }

  @AfterAll
  static void close() {
    session.close();
  }

  @Test
  void anUnqualifiedStarOverAUsingJoinListsTheJoinColumnOnce() {
    assertThat(lineage("SELECT * FROM plays JOIN users USING (user_id)", "user_id", "country"))
        .containsExactly("plays.user_id direct", "users.country direct");
  }

  @Test
  void aFullJoinsUsingColumnComesFromBothSides() {
    assertThat(lineage("SELECT user_id FROM plays FULL JOIN users USING (user_id)", "user_id"))
        .containsExactly("plays.user_id transformed, users.user_id transformed");
  }

  @Test
  void naturalJoinsJoinOnTheSharedColumns() {
    assertThat(
            lineage("SELECT user_id, country FROM plays NATURAL JOIN users", "user_id", "country"))
        .containsExactly("plays.user_id direct", "users.country direct");
  }

  @Test
  void replaceAndRenameInAStar() {
    assertThat(
            lineage(
                "SELECT * REPLACE (seconds / 60 AS seconds) RENAME (podcast_id AS podcast)"
                    + " FROM plays",
                "seconds",
                "podcast"))
        .containsExactly("plays.seconds transformed", "plays.podcast_id direct");
  }

  @Test
  void excludeNamesAColumnOfOneTable() {
    assertThat(
            lineage(
                "SELECT * EXCLUDE (u.user_id) FROM plays p JOIN users u ON u.user_id = p.user_id",
                "user_id",
                "country"))
        .containsExactly("plays.user_id direct", "users.country direct");
  }

  @Test
  void aSelectListAliasCanBeUsedLaterInTheList() {
    assertThat(lineage("SELECT seconds * 2 AS double, double + 1 AS more FROM plays", "more"))
        .containsExactly("plays.seconds transformed");
  }

  @Test
  void structFieldsAndLambdasAreTransformations() {
    assertThat(
            lineage(
                "SELECT list_transform(tags, tag -> upper(tag)) AS upper_tags,"
                    + " users.country.code AS code FROM users",
                "upper_tags",
                "code"))
        .containsExactly("users.tags transformed", "users.country transformed");
  }

  @Test
  void unionByNameExceptAndRecursiveCtes() {
    assertThat(
            lineage(
                "SELECT user_id FROM plays UNION BY NAME SELECT country, user_id FROM users",
                "user_id",
                "country"))
        .containsExactly("plays.user_id direct, users.user_id direct", "users.country direct");
    assertThat(lineage("SELECT user_id FROM plays EXCEPT SELECT user_id FROM users", "user_id"))
        .containsExactly("plays.user_id direct");
    assertThat(
            lineage(
                "WITH RECURSIVE steps(n, who) AS (SELECT 1, user_id FROM plays"
                    + " UNION ALL SELECT n + 1, who FROM steps WHERE n < 3)"
                    + " SELECT n, who FROM steps",
                "who"))
        .containsExactly("plays.user_id direct");
  }

  @Test
  void valuesAndTableFunctionsAreNoInputs() {
    assertThat(
            lineage(
                "SELECT v.code, r.range AS i FROM (VALUES ('DE'), ('FR')) v(code), range(3) r",
                "code",
                "i"))
        .containsExactly("constant", "constant");
  }

  @Test
  void whatItCannotTellItSays() {
    assertThat(lineage("SELECT #1 AS first FROM plays", "first"))
        .containsExactly("? a positional reference (#n) is not analysed");
    assertThat(lineage("SELECT x FROM other", "x"))
        .containsExactly("? table other is not an input of the product");
    assertThat(lineage("SELECT missing FROM plays", "missing"))
        .containsExactly("? no table in scope has a column missing");
    assertThat(lineage("SELECT user_id FROM plays", "nothing"))
        .containsExactly("? the SQL returns no column nothing");
    // A file input of undeclared columns next to a declared one: a name the declared one lacks.
    assertThat(lineage("SELECT country, size FROM users, files", "country", "size"))
        .containsExactly("users.country direct", "files.size direct");
  }

  @Test
  void inputsReadInFiltersCount() {
    SqlLineage.Result result =
        analyze(
            "SELECT user_id FROM plays WHERE user_id IN (SELECT user_id FROM users)", "user_id");
    assertThat(result.inputsRead()).containsExactly("plays", "users");
    assertThat(describe(result.columns().get(0))).isEqualTo("plays.user_id direct");
  }

  private static List<String> lineage(String sql, String... columns) {
    return analyze(sql, columns).columns().stream().map(SqlLineageTest::describe).toList();
  }

  private static SqlLineage.Result analyze(String sql, String... columns) {
    String tree = session.queryString("SELECT json_serialize_sql(?::VARCHAR)", sql);
    return SqlLineage.analyze(tree, sql, INPUTS, aggregates, List.of(columns));
  }

  private static String describe(ColumnDerivation derivation) {
    if (!derivation.unresolved().isEmpty()) {
      return "? " + String.join("; ", derivation.unresolved());
    }
    if (derivation.sources().isEmpty()) {
      return derivation.note().orElse("");
    }
    return String.join(
        ", ",
        derivation.sources().stream()
            .map(source -> source.input() + "." + source.column() + " " + source.how().specName())
            .toList());
  }
}
