package io.quanta.engine.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.quanta.engine.DuckDbSession;
import io.quanta.engine.Sql;
import io.quanta.engine.SqlFailure;
import io.quanta.engine.SqlRejected;
import io.quanta.spec.Expectation;
import io.quanta.spec.Output;
import io.quanta.spec.PortId;
import io.quanta.spec.SystemColumns;
import io.quanta.spec.Threshold;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QualityChecksTest {
  private static final Map<PortId, String> LINKED =
      Map.of(PortId.parse("users/user-profiles:2/profiles"), "users");

  @TempDir Path temp;
  private DuckDbSession session;
  private final Output plays = TestPorts.plays();

  @BeforeEach
  void open() {
    session = TestPorts.open(temp);
    TestPorts.usersView(session);
  }

  @AfterEach
  void close() {
    session.close();
  }

  @Test
  void everyExpectationPassesOnCleanRows() {
    String relation = TestPorts.load(session, plays, "plays-clean.csv", "clean");

    List<ExpectationResult> results = QualityChecks.evaluate(session, plays, relation, LINKED);

    assertThat(results)
        .extracting(result -> result.expectation().name())
        .containsExactly(
            "duplicateValues(play_id)",
            "rowCount",
            "no_future_plays",
            "nullValues(user_id)",
            "referentialIntegrity(user_id)",
            "invalidValues(country)",
            "country_shape",
            "few_missing_countries",
            "invalidValues(seconds)");
    assertThat(results).allSatisfy(result -> assertThat(result.passed()).isTrue());
    assertThat(results)
        .filteredOn(result -> result.expectation().metric() != Expectation.Metric.ROW_COUNT)
        .allSatisfy(result -> assertThat(result.failingRows()).isZero());
    assertThat(results).allSatisfy(result -> assertThat(result.rows()).isEqualTo(10));
  }

  @Test
  void everyExpectationCountsTheRowsThatBreakIt() {
    String relation = TestPorts.load(session, plays, "plays-bad.csv", "bad");

    List<ExpectationResult> results = QualityChecks.evaluate(session, plays, relation, LINKED);

    assertThat(results)
        .extracting(
            result -> result.expectation().name(),
            ExpectationResult::failingRows,
            ExpectationResult::observed,
            ExpectationResult::passed)
        .containsExactly(
            tuple("duplicateValues(play_id)", 2L, 2.0, false),
            tuple("rowCount", 10L, 10.0, true),
            tuple("no_future_plays", 1L, 1.0, false),
            tuple("nullValues(user_id)", 2L, 2.0, false),
            tuple("referentialIntegrity(user_id)", 1L, 1.0, false),
            tuple("invalidValues(country)", 3L, 3.0, false),
            tuple("country_shape", 2L, 2.0, false),
            tuple("few_missing_countries", 2L, 20.0, false),
            tuple("invalidValues(seconds)", 2L, 2.0, false));
    assertThat(results)
        .extracting(ExpectationResult::message)
        .containsExactly(
            "duplicateValues(play_id): 2 of 10 rows share their play_id with another row"
                + " (mustBe 0)",
            "rowCount: 10 rows (mustBeGreaterOrEqualTo 5)",
            "no_future_plays: 1 of 10 rows fails the query (mustBe 0)",
            "nullValues(user_id): 2 of 10 rows have no value (mustBe 0)",
            "referentialIntegrity(user_id): 1 of 10 rows has a value missing from"
                + " users/user-profiles:2/profiles.user_id (mustBe 0)",
            "invalidValues(country): 3 of 10 rows have an invalid value (valid: one of [FR, DE,"
                + " NL]) (mustBe 0)",
            "country_shape: 2 of 10 rows have an invalid value (valid: matching '[A-Z]{2}')"
                + " (mustBe 0)",
            "few_missing_countries: 2 of 10 rows (20%) have no value (mustBeLessOrEqualTo 10"
                + " percent)",
            "invalidValues(seconds): 2 of 10 rows have an invalid value (valid: at least 0, at"
                + " most 3600) (mustBe 0)");
    assertThat(results)
        .filteredOn(ExpectationResult::failsRun)
        .extracting(result -> result.expectation().name())
        .doesNotContain("country_shape", "few_missing_countries", "rowCount");
  }

  @Test
  void aPercentThresholdComparesTheShareOfFailingRows() {
    String relation = TestPorts.load(session, plays, "plays-bad.csv", "bad");
    Output lenient =
        withQuality(
            expectation(
                "missing_users",
                Expectation.Metric.NULL_VALUES,
                Optional.of("user_id"),
                new Threshold(Threshold.Operator.MUST_BE_LESS_OR_EQUAL_TO, 20, 20),
                Expectation.Unit.PERCENT),
            expectation(
                "strict_missing_users",
                Expectation.Metric.NULL_VALUES,
                Optional.of("user_id"),
                new Threshold(Threshold.Operator.MUST_BE_LESS_THAN, 20, 20),
                Expectation.Unit.PERCENT));

    List<ExpectationResult> results = QualityChecks.evaluate(session, lenient, relation, LINKED);

    assertThat(results)
        .extracting(ExpectationResult::observed, ExpectationResult::passed)
        .containsExactly(tuple(20.0, true), tuple(20.0, false));
  }

  @Test
  void aPercentOfNoRowsIsZero() {
    session.execute(
        "CREATE TEMP TABLE empty AS SELECT * FROM " + load("plays-bad.csv") + " LIMIT 0");
    Output percent =
        withQuality(
            expectation(
                "missing_users",
                Expectation.Metric.NULL_VALUES,
                Optional.of("user_id"),
                Threshold.NONE_FAIL,
                Expectation.Unit.PERCENT));

    ExpectationResult result = QualityChecks.evaluate(session, percent, "empty", LINKED).get(0);

    assertThat(result.rows()).isZero();
    assertThat(result.observed()).isZero();
    assertThat(result.passed()).isTrue();
  }

  @ParameterizedTest(name = "{0} {1} {2} on 10 rows: {3}")
  @CsvSource({
    "mustBe, 10, 10, true",
    "mustBe, 9, 9, false",
    "mustNotBe, 10, 10, false",
    "mustNotBe, 0, 0, true",
    "mustBeGreaterThan, 10, 10, false",
    "mustBeGreaterThan, 9, 9, true",
    "mustBeGreaterOrEqualTo, 10, 10, true",
    "mustBeGreaterOrEqualTo, 11, 11, false",
    "mustBeLessThan, 10, 10, false",
    "mustBeLessThan, 11, 11, true",
    "mustBeLessOrEqualTo, 10, 10, true",
    "mustBeLessOrEqualTo, 9, 9, false",
    "mustBeBetween, 5, 10, true",
    "mustBeBetween, 11, 20, false",
    "mustNotBeBetween, 5, 10, false",
    "mustNotBeBetween, 11, 20, true"
  })
  void everyOperatorComparesTheObservedNumber(
      String operator, double value, double upper, boolean passes) {
    String relation = load("plays-bad.csv");
    Threshold threshold =
        new Threshold(Threshold.Operator.fromSpecName(operator).orElseThrow(), value, upper);
    Output counted =
        withQuality(
            expectation(
                "rows",
                Expectation.Metric.ROW_COUNT,
                Optional.empty(),
                threshold,
                Expectation.Unit.ROWS));

    ExpectationResult result = QualityChecks.evaluate(session, counted, relation, LINKED).get(0);

    assertThat(result.observed()).isEqualTo(10);
    assertThat(result.passed()).isEqualTo(passes);
    assertThat(result.message()).isEqualTo("rows: 10 rows (" + threshold.describe() + ")");
  }

  @Test
  void aSqlExpectationReadingAnotherTableIsRejected() {
    String relation = load("plays-clean.csv");
    Output output =
        withQuality(
            sqlExpectation(
                "known_users",
                "SELECT * FROM port WHERE user_id NOT IN (SELECT user_id FROM users)"));

    assertThatThrownBy(() -> QualityChecks.evaluate(session, output, relation, LINKED))
        .isInstanceOf(SqlRejected.class)
        .hasMessage(
            "expectation 'known_users' reads table 'users', but may read only 'port' (the port's"
                + " rows)");
  }

  @Test
  void aSqlExpectationReadingAFileIsRejected() {
    String relation = load("plays-clean.csv");
    String users = Sql.literal(TestPorts.resource("users.csv").toString());
    Output tableFunction =
        withQuality(sqlExpectation("from_csv", "SELECT * FROM read_csv(" + users + ")"));
    Output fileName = withQuality(sqlExpectation("from_path", "SELECT * FROM " + users));

    assertThatThrownBy(() -> QualityChecks.evaluate(session, tableFunction, relation, LINKED))
        .isInstanceOf(SqlRejected.class)
        .hasMessageStartingWith("expectation 'from_csv': table function read_csv() is not allowed");
    assertThatThrownBy(() -> QualityChecks.evaluate(session, fileName, relation, LINKED))
        .isInstanceOf(SqlRejected.class)
        .hasMessageStartingWith(
            "expectation 'from_path' reads table '" + TestPorts.resource("users.csv") + "'");
  }

  @Test
  void aSqlExpectationThatDoesNotBindFailsNamingTheExpectation() {
    String relation = load("plays-clean.csv");
    Output output =
        withQuality(sqlExpectation("long_plays", "SELECT * FROM port WHERE duration > 3600"));

    assertThatThrownBy(() -> QualityChecks.evaluate(session, output, relation, LINKED))
        .isInstanceOf(SqlFailure.class)
        .hasMessageStartingWith("expectation 'long_plays' failed: Binder Error")
        .hasMessageContaining("duration");
  }

  @Test
  void aSqlExpectationThatDoesNotParseIsRejectedNamingTheExpectation() {
    String relation = load("plays-clean.csv");
    Output output = withQuality(sqlExpectation("long_plays", "SELECT * FROM port WHERE"));

    assertThatThrownBy(() -> QualityChecks.evaluate(session, output, relation, LINKED))
        .isInstanceOfSatisfying(
            SqlRejected.class, rejected -> assertThat(rejected.syntaxError()).isTrue())
        .hasMessageStartingWith("expectation 'long_plays': syntax error");
  }

  @Test
  void aFailureInTheSharedScanNamesTheExpectation() {
    String relation = load("plays-clean.csv");
    Expectation brokenPattern =
        new Expectation(
            "country_shape",
            Expectation.Metric.INVALID_VALUES,
            Optional.of("country"),
            List.of(),
            List.of(),
            Optional.of("[A-Z"),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Threshold.NONE_FAIL,
            Expectation.Unit.ROWS,
            Expectation.Severity.ERROR,
            "",
            Optional.empty());
    Output output =
        withQuality(
            expectation(
                "missing_users",
                Expectation.Metric.NULL_VALUES,
                Optional.of("user_id"),
                Threshold.NONE_FAIL,
                Expectation.Unit.ROWS),
            brokenPattern);

    assertThatThrownBy(() -> QualityChecks.evaluate(session, output, relation, LINKED))
        .isInstanceOf(SqlFailure.class)
        .hasMessageStartingWith("expectation 'country_shape' failed: ");
  }

  @Test
  void failingRowsAreExactlyTheRowsThatBreakEachExpectation() {
    String relation = load("plays-bad.csv");
    SoftAssertions softly = new SoftAssertions();
    Map<String, List<String>> expected =
        Map.of(
            "nullValues(user_id)", List.of("p2", "p8"),
            "referentialIntegrity(user_id)", List.of("p3"),
            "invalidValues(country)", List.of("p4", "p5", "p9"),
            "country_shape", List.of("p5", "p9"),
            "few_missing_countries", List.of("p6", "p7"),
            "invalidValues(seconds)", List.of("p6", "p7"),
            "duplicateValues(play_id)", List.of("p7", "p7"),
            "no_future_plays", List.of("p9"));
    for (Expectation expectation : plays.quality()) {
      Optional<String> failing = QualityChecks.failingRows(expectation, plays, relation, LINKED);
      if (expectation.metric() == Expectation.Metric.ROW_COUNT) {
        softly.assertThat(failing).as(expectation.name()).isEmpty();
        continue;
      }
      softly
          .assertThat(session.query(failing.orElseThrow(), row -> row.getString("play_id")))
          .as(expectation.name())
          .containsExactlyInAnyOrderElementsOf(expected.get(expectation.name()));
    }
    softly.assertAll();
  }

  @Test
  void failingRowsHaveThePortsColumnsAndEventTimeWhateverTheQuerySelects() {
    String relation = load("plays-bad.csv");
    Expectation narrow =
        sqlExpectation(
            "future",
            "SELECT play_id, seconds, 'late' AS why FROM port WHERE played_at > TIMESTAMP '2026-12-31 00:00:00'");
    Expectation nulls =
        plays.quality().stream()
            .filter(expectation -> expectation.name().equals("nullValues(user_id)"))
            .findFirst()
            .orElseThrow();

    List<String> expectedColumns =
        List.of("play_id", "user_id", "country", "seconds", "played_at", SystemColumns.EVENT_TIME);
    assertThat(columns(QualityChecks.failingRows(nulls, plays, relation, LINKED).orElseThrow()))
        .containsExactlyElementsOf(expectedColumns);
    String narrowRows = QualityChecks.failingRows(narrow, plays, relation, LINKED).orElseThrow();
    assertThat(columns(narrowRows)).containsExactlyElementsOf(expectedColumns);
    assertThat(
            session.query(
                narrowRows,
                row ->
                    row.getString("play_id")
                        + " "
                        + row.getInt("seconds")
                        + " "
                        + row.getString("user_id")))
        .containsExactly("p9 30 null");
  }

  @Test
  void worksOnRowsReadFromParquet() {
    String table = load("plays-bad.csv");
    String file = temp.resolve("computed.parquet").toString();
    session.execute("COPY " + table + " TO " + Sql.literal(file) + " (FORMAT parquet)");
    String relation = "read_parquet(" + Sql.literal(file) + ")";

    List<ExpectationResult> results = QualityChecks.evaluate(session, plays, relation, LINKED);

    assertThat(results)
        .extracting(ExpectationResult::failingRows)
        .containsExactly(2L, 10L, 1L, 2L, 1L, 3L, 2L, 2L, 2L);
    for (Expectation expectation : plays.quality()) {
      QualityChecks.failingRows(expectation, plays, relation, LINKED)
          .ifPresent(
              rows ->
                  assertThat(session.queryLong("SELECT count(*) FROM (" + rows + ")"))
                      .as(expectation.name())
                      .isEqualTo(results.get(plays.quality().indexOf(expectation)).failingRows()));
    }
  }

  @Test
  void validValuesCompareAsTextAndMinimumAndMaximumBoundTimestampsInEpochSeconds() {
    String relation = load("plays-bad.csv");
    Expectation shortPlays =
        new Expectation(
            "round_seconds",
            Expectation.Metric.INVALID_VALUES,
            Optional.of("seconds"),
            List.of(),
            List.of("100", "200", "300"),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Threshold.NONE_FAIL,
            Expectation.Unit.ROWS,
            Expectation.Severity.ERROR,
            "",
            Optional.empty());
    // 2026-12-01T00:00:00Z
    Expectation before =
        new Expectation(
            "played_in_2026",
            Expectation.Metric.INVALID_VALUES,
            Optional.of("played_at"),
            List.of(),
            List.of(),
            Optional.empty(),
            Optional.empty(),
            Optional.of(1_796_083_200.0),
            Optional.empty(),
            Threshold.NONE_FAIL,
            Expectation.Unit.ROWS,
            Expectation.Severity.ERROR,
            "",
            Optional.empty());
    Output output = withQuality(shortPlays, before);

    assertThat(QualityChecks.evaluate(session, output, relation, LINKED))
        .extracting(ExpectationResult::failingRows)
        .containsExactly(7L, 1L);
    assertThat(
            session.query(
                QualityChecks.failingRows(before, output, relation, LINKED).orElseThrow(),
                row -> row.getString("play_id")))
        .containsExactly("p9");
  }

  private String load(String csv) {
    return TestPorts.load(session, plays, csv, "computed");
  }

  private List<String> columns(String select) {
    return session.query("DESCRIBE " + select, row -> row.getString("column_name"));
  }

  private Output withQuality(Expectation... expectations) {
    return new Output(
        plays.name(),
        plays.description(),
        plays.sql(),
        plays.eventTime(),
        plays.key(),
        plays.schema(),
        plays.access(),
        plays.slo(),
        List.of(expectations));
  }

  private static Expectation expectation(
      String name,
      Expectation.Metric metric,
      Optional<String> column,
      Threshold threshold,
      Expectation.Unit unit) {
    return new Expectation(
        name,
        metric,
        column,
        List.of(),
        List.of(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        threshold,
        unit,
        Expectation.Severity.ERROR,
        "",
        Optional.empty());
  }

  private static Expectation sqlExpectation(String name, String query) {
    return new Expectation(
        name,
        Expectation.Metric.SQL,
        Optional.empty(),
        List.of(),
        List.of(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.of(query),
        Threshold.NONE_FAIL,
        Expectation.Unit.ROWS,
        Expectation.Severity.ERROR,
        "",
        Optional.empty());
  }
}
