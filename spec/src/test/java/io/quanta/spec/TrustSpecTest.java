package io.quanta.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.quanta.error.Problem;
import io.quanta.spec.Expectation.Metric;
import io.quanta.spec.Expectation.Severity;
import io.quanta.spec.Expectation.Unit;
import io.quanta.spec.Threshold.Operator;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/** What a product promises: service level objectives, quality expectations and its schedule. */
class TrustSpecTest {
  private static final String HEADER =
      """
      apiVersion: quanta/v1
      kind: DataProduct
      metadata: {domain: podcasts, name: episode-stats, version: 1.0.0, owner: o, description: d}
      """;

  private final SpecParser parser = SpecParser.create();

  @Test
  void bindsEveryObjectiveOfTheProductAndOfAPort() {
    ProductSpec spec = parser.parse(resource("specs/trust/listening-sessions.yaml")).orThrow();
    Output sessions = spec.output("sessions").orElseThrow();
    Output dailyPlays = spec.output("daily-plays").orElseThrow();

    SoftAssertions softly = new SoftAssertions();
    Slo product = spec.slo();
    softly.assertThat(product.freshness()).contains(Duration.ofHours(24));
    softly
        .assertThat(product.timeliness())
        .contains(
            new Slo.Timeliness(Optional.of(Duration.ofHours(1)), Optional.of(Duration.ofHours(6))));
    softly
        .assertThat(product.completeness())
        .contains(
            new Slo.Completeness(
                0.99,
                Optional.of("plays"),
                Optional.empty(),
                Optional.of("SELECT sum(play_count) FROM port")));
    softly
        .assertThat(product.volume())
        .contains(new Slo.Volume(OptionalLong.of(1), OptionalLong.of(50_000_000)));
    // A bare number is the minimum, over the default window of 30 days.
    softly
        .assertThat(product.availability())
        .contains(new Slo.Availability(0.999, Duration.ofDays(30)));

    // The port's own objectives, as written: nothing of the product's.
    softly.assertThat(sessions.slo().timeliness()).isEmpty();
    softly.assertThat(sessions.slo().freshness()).contains(Duration.ofHours(1));
    softly
        .assertThat(sessions.slo().completeness())
        .contains(
            new Slo.Completeness(
                0.95,
                Optional.empty(),
                Optional.of("SELECT count(DISTINCT session_id) FROM plays"),
                Optional.empty()));
    softly
        .assertThat(sessions.slo().availability())
        .contains(new Slo.Availability(0.99, Duration.ofDays(7)));
    softly.assertThat(dailyPlays.slo().isEmpty()).isTrue();
    softly.assertAll();
  }

  @Test
  void aPortsObjectivesReplaceTheProductsOneByOne() {
    ProductSpec spec = parser.parse(resource("specs/trust/listening-sessions.yaml")).orThrow();

    Slo sessions = spec.slo(spec.output("sessions").orElseThrow());
    SoftAssertions softly = new SoftAssertions();
    softly.assertThat(sessions.freshness()).contains(Duration.ofHours(1));
    softly.assertThat(sessions.timeliness()).isEqualTo(spec.slo().timeliness());
    softly
        .assertThat(sessions.completeness().orElseThrow().expected())
        .contains("SELECT count(DISTINCT session_id) FROM plays");
    softly.assertThat(sessions.completeness().orElseThrow().against()).isEmpty();
    // An objective is replaced whole: the port's volume has no max, not the product's one.
    softly
        .assertThat(sessions.volume())
        .contains(new Slo.Volume(OptionalLong.of(1), OptionalLong.empty()));
    softly
        .assertThat(sessions.availability())
        .contains(new Slo.Availability(0.99, Duration.ofDays(7)));
    // A port that declares nothing has the product's objectives.
    softly.assertThat(spec.slo(spec.output("daily-plays").orElseThrow())).isEqualTo(spec.slo());
    softly.assertAll();
  }

  @Test
  void bindsExpectationsWithTheirDefaultsAndDerivedNames() {
    ProductSpec spec = parser.parse(resource("specs/trust/listening-sessions.yaml")).orThrow();
    List<Expectation> quality = spec.output("sessions").orElseThrow().quality();

    // The port's own expectations first, then each column's, in the order of the schema.
    assertThat(quality)
        .extracting(Expectation::name)
        .containsExactly(
            "duplicateValues(session_id)",
            "duplicateValues(user_id,started_at)",
            "invalidValues(seconds)",
            "rowCount",
            "plausible-volume",
            "no-future-sessions",
            "invalidValues(session_id)",
            "nullValues(user_id)",
            "referentialIntegrity(user_id)",
            "invalidValues(device)");
    assertThat(spec.output("daily-plays").orElseThrow().quality()).isEmpty();

    SoftAssertions softly = new SoftAssertions();
    Expectation uniqueKey = quality.get(0);
    softly.assertThat(uniqueKey.metric()).isEqualTo(Metric.DUPLICATE_VALUES);
    softly.assertThat(uniqueKey.columns()).containsExactly("session_id");
    softly.assertThat(uniqueKey.column()).isEmpty();
    softly.assertThat(uniqueKey.threshold()).isEqualTo(new Threshold(Operator.MUST_BE, 0, 0));
    softly.assertThat(uniqueKey.unit()).isEqualTo(Unit.ROWS);
    softly.assertThat(uniqueKey.severity()).isEqualTo(Severity.ERROR);
    softly.assertThat(uniqueKey.description()).isEmpty();

    Expectation oneSessionAtATime = quality.get(1);
    softly.assertThat(oneSessionAtATime.columns()).containsExactly("user_id", "started_at");
    softly
        .assertThat(oneSessionAtATime.description())
        .isEqualTo("A user starts one session at a time.");
    softly.assertThat(oneSessionAtATime.dimension()).contains("uniqueness");

    Expectation seconds = quality.get(2);
    softly.assertThat(seconds.metric()).isEqualTo(Metric.INVALID_VALUES);
    softly.assertThat(seconds.column()).contains("seconds");
    softly.assertThat(seconds.minimum()).contains(0.0);
    softly.assertThat(seconds.maximum()).contains(86_400.0);
    softly.assertThat(seconds.threshold().describe()).isEqualTo("mustBeLessOrEqualTo 1");
    softly.assertThat(seconds.unit()).isEqualTo(Unit.PERCENT);

    Expectation notEmpty = quality.get(3);
    softly.assertThat(notEmpty.metric()).isEqualTo(Metric.ROW_COUNT);
    softly.assertThat(notEmpty.threshold().describe()).isEqualTo("mustBeGreaterThan 0");
    softly.assertThat(notEmpty.threshold().test(0)).isFalse();

    Expectation plausibleVolume = quality.get(4);
    softly
        .assertThat(plausibleVolume.threshold())
        .isEqualTo(new Threshold(Operator.MUST_BE_BETWEEN, 1000, 5_000_000));
    softly
        .assertThat(plausibleVolume.threshold().describe())
        .isEqualTo("mustBeBetween [1000, 5000000]");

    Expectation noFutureSessions = quality.get(5);
    softly.assertThat(noFutureSessions.metric()).isEqualTo(Metric.SQL);
    softly
        .assertThat(noFutureSessions.query())
        .contains("SELECT * FROM port WHERE started_at > now()");
    softly.assertThat(noFutureSessions.threshold()).isEqualTo(Threshold.NONE_FAIL);
    softly.assertThat(noFutureSessions.severity()).isEqualTo(Severity.WARN);

    // A column's expectations check that column without naming it.
    Expectation sessionId = quality.get(6);
    softly.assertThat(sessionId.column()).contains("session_id");
    softly.assertThat(sessionId.pattern()).contains("s-[0-9a-f]{8}");
    softly.assertThat(sessionId.validValues()).isEmpty();

    Expectation userIdPresent = quality.get(7);
    softly.assertThat(userIdPresent.metric()).isEqualTo(Metric.NULL_VALUES);
    softly.assertThat(userIdPresent.column()).contains("user_id");
    softly.assertThat(userIdPresent.threshold()).isEqualTo(Threshold.NONE_FAIL);

    Expectation knownUser = quality.get(8);
    softly.assertThat(knownUser.metric()).isEqualTo(Metric.REFERENTIAL_INTEGRITY);
    softly.assertThat(knownUser.column()).contains("user_id");

    Expectation device = quality.get(9);
    softly.assertThat(device.validValues()).containsExactly("ios", "android", "web");
    softly.assertThat(device.severity()).isEqualTo(Severity.WARN);
    softly.assertThat(device.dimension()).contains("conformity");
    softly.assertAll();
  }

  @Test
  void anExpectationCannotTakeTheNameOfAnObjectiveOrADriftCheck() {
    String text =
        HEADER
            + """
            outputs:
              - name: stats
                sql: SELECT 'ios' AS device
                quality:
                  - {type: sql, name: freshness, query: SELECT * FROM port}
                  - {type: sql, name: drift.mean, query: SELECT * FROM port}
                schema:
                  - {name: device, type: string}
            """;

    assertThat(parse(text).errors())
        .extracting(Problem::message)
        .containsExactly(
            "'freshness' names one of the platform's own checks (objectives, drift); give the"
                + " expectation another name",
            "'drift.mean' names one of the platform's own checks (objectives, drift); give the"
                + " expectation another name");
  }

  @Test
  void acceptsOdcsSeverityWarningAsWarn() {
    String text =
        HEADER
            + """
            outputs:
              - name: stats
                sql: SELECT 'ios' AS device
                schema:
                  - name: device
                    type: string
                    quality:
                      - {metric: nullValues, severity: warning}
                      - {metric: invalidValues, arguments: {validValues: [ios]}, severity: warn}
                      - {metric: duplicateValues, severity: error}
            """;

    assertThat(parse(text).orThrow().outputs().get(0).quality())
        .extracting(Expectation::name, Expectation::severity)
        .containsExactly(
            tuple("nullValues(device)", Severity.WARN),
            tuple("invalidValues(device)", Severity.WARN),
            tuple("duplicateValues(device)", Severity.ERROR));
  }

  @Test
  void bindsTheScheduleWithItsDefaults() {
    ProductSpec spec = parser.parse(resource("specs/trust/listening-sessions.yaml")).orThrow();

    assertThat(spec.schedule())
        .isEqualTo(
            new Schedule(
                Optional.of("0 2 * * *"), Optional.empty(), true, 2, Duration.ofSeconds(30)));
    assertThat(spec.schedule().isManual()).isFalse();
  }

  @Test
  void bindsAnIntervalWithItsOwnRetries() {
    String text =
        HEADER
            + """
            outputs:
              - {name: stats, sql: SELECT 1 AS x, schema: [{name: x, type: integer}]}
            schedule:
              interval: PT15M
              retries: 5
              backoff: PT1M
            """;

    assertThat(parse(text).orThrow().schedule())
        .isEqualTo(
            new Schedule(
                Optional.empty(),
                Optional.of(Duration.ofMinutes(15)),
                false,
                5,
                Duration.ofMinutes(1)));
  }

  @Test
  void aProductWithoutScheduleRunsWhenAsked() {
    String text =
        HEADER
            + """
            outputs:
              - {name: stats, sql: SELECT 1 AS x, schema: [{name: x, type: integer}]}
            """;
    ProductSpec spec = parse(text).orThrow();

    assertThat(spec.schedule()).isEqualTo(Schedule.MANUAL);
    assertThat(spec.schedule().isManual()).isTrue();
    assertThat(spec.slo()).isEqualTo(Slo.NONE);
  }

  @Test
  void reportsEveryQualityProblemWithItsLocation() {
    SpecParser.Result result = parser.parse(resource("specs/trust/quality-problems.yaml"));

    assertThat(result.spec()).isEmpty();
    assertThat(result.errors())
        .map(TrustSpecTest::withoutFolder)
        .containsExactlyInAnyOrder(
            "quality-problems.yaml:17:9: inputs[1].schema[0].quality: quality expectations belong"
                + " to output ports; an input's schema is checked when it is read",
            "quality-problems.yaml:31:13: outputs[0].schema[1].quality[0]: referentialIntegrity"
                + " reads the linked port podcasts/podcast-catalog:1/podcasts, which is not an"
                + " input of this product; add it to inputs",
            "quality-problems.yaml:35:13: outputs[0].schema[2].quality[0]: referentialIntegrity"
                + " checks the column's links; column 'country' declares none",
            "quality-problems.yaml:37:24: outputs[0].schema[2].quality[1].arguments: minimum and"
                + " maximum need a number, date or timestamp column; 'country' is string",
            "quality-problems.yaml:41:9: outputs[0].quality[0]: a sql expectation needs a 'query'"
                + " returning the rows that fail",
            "quality-problems.yaml:44:17: outputs[0].quality[1].column: column 'listeners' is not"
                + " in the port's schema; declared columns: episode_id, podcast_id, country, day,"
                + " plays",
            "quality-problems.yaml:45:9: outputs[0].quality[2]: invalidValues needs arguments:"
                + " validValues, pattern, minimum and/or maximum",
            "quality-problems.yaml:49:30: outputs[0].quality[3].arguments.pattern: not a regular"
                + " expression: Unclosed character class",
            "quality-problems.yaml:50:9: outputs[0].quality[4]: gives 2 comparisons (mustBe,"
                + " mustBeLessThan); give one",
            "quality-problems.yaml:55:24: outputs[0].quality[5].mustBeBetween: the smaller number"
                + " comes first",
            "quality-problems.yaml:59:15: outputs[0].quality[6].unit: rowCount counts rows;"
                + " percent does not apply",
            "quality-problems.yaml:62:9: outputs[0].quality[8]: another expectation of this port"
                + " is named 'nullValues(day)'; give one of them a distinct name",
            "quality-problems.yaml:71:9: outputs[1].quality[0]: duplicateValues needs columns (or"
                + " a column): the port has no key to default to");
  }

  @Test
  void aDateOrTimestampColumnTakesAMinimumAndMaximum() {
    String text =
        HEADER
            + """
            outputs:
              - name: stats
                sql: SELECT current_date AS day, now() AS at
                schema:
                  - name: day
                    type: date
                    quality: [{metric: invalidValues, arguments: {minimum: 0}}]
                  - name: at
                    type: timestamp
                    quality: [{metric: invalidValues, arguments: {maximum: 4102444800}}]
            """;

    assertThat(parse(text).orThrow().outputs().get(0).quality())
        .extracting(Expectation::name, Expectation::minimum, Expectation::maximum)
        .containsExactly(
            tuple("invalidValues(day)", Optional.of(0.0), Optional.empty()),
            tuple("invalidValues(at)", Optional.empty(), Optional.of(4_102_444_800.0)));
  }

  @Test
  void aNullAmongTheValidValuesIsIgnoredSinceANullIsNeverAnInvalidValue() {
    String text =
        HEADER
            + """
            outputs:
              - name: stats
                sql: SELECT 'ios' AS device
                schema:
                  - name: device
                    type: string
                    quality: [{metric: invalidValues, arguments: {validValues: [ios, null, web]}}]
            """;

    assertThat(parse(text).orThrow().outputs().get(0).quality())
        .singleElement()
        .satisfies(
            expectation -> assertThat(expectation.validValues()).containsExactly("ios", "web"));
  }

  @Test
  void reportsEverySloProblemWithItsLocation() {
    SpecParser.Result result = parser.parse(resource("specs/trust/slo-problems.yaml"));

    assertThat(result.errors())
        .map(TrustSpecTest::withoutFolder)
        .containsExactlyInAnyOrder(
            "slo-problems.yaml:20:19: outputs[0].slo.timeliness: timeliness compares event time"
                + " with processing time; the port declares no eventTime",
            "slo-problems.yaml:21:41: outputs[0].slo.completeness.against: 'episodes' is not an"
                + " input of this product; inputs: plays",
            "slo-problems.yaml:23:15: slo.timeliness: timeliness compares event time with"
                + " processing time; no output port declares an eventTime",
            "slo-problems.yaml:24:28: slo.volume.max: max (10) is below min (1000)");
  }

  @Test
  void completenessNeedsExactlyOneOfAgainstAndExpected() {
    String neither =
        HEADER
            + """
            inputs: [{name: plays, product: podcasts/play-events:1/events}]
            outputs:
              - {name: stats, sql: SELECT 1 AS x, schema: [{name: x, type: integer}]}
            slo:
              completeness: {min: 0.99}
            """;
    String both =
        neither.replace(
            "{min: 0.99}", "{min: 0.99, against: plays, expected: SELECT count(*) FROM plays}");
    String message =
        "needs exactly one of 'against' (an input) or 'expected' (a SELECT returning the expected"
            + " count)";

    assertThat(parse(neither).errors())
        .singleElement()
        .hasToString("trust.yaml:8:17: slo.completeness: " + message);
    assertThat(parse(both).errors())
        .singleElement()
        .hasToString("trust.yaml:8:17: slo.completeness: " + message);
  }

  @Test
  void availabilityIsANumberOrAMinimumOverAWindow() {
    String text =
        HEADER
            + """
            outputs:
              - name: stats
                sql: SELECT 1 AS x
                schema: [{name: x, type: integer}]
                slo: {availability: 1.5}
            slo:
              availability: {min: 0.99, windw: P7D}
            """;

    // One problem each, from the form the value was written in.
    assertThat(parse(text).errors())
        .map(Problem::toString)
        .containsExactly(
            "trust.yaml:8:25: outputs[0].slo.availability: must have a maximum value of 1",
            "trust.yaml:10:29: slo.availability.windw: unknown field 'windw'; did you mean"
                + " 'window'?");
  }

  @Test
  void reportsUnknownFieldsAndMetricsWithTheFieldsThatExist() {
    SpecParser.Result result = parser.parse(resource("specs/trust/unknown-fields.yaml"));

    assertThat(result.errors())
        .map(TrustSpecTest::withoutFolder)
        .containsExactly(
            "unknown-fields.yaml:21:13: outputs[0].schema[0].quality[0].mustbe: unknown field"
                + " 'mustbe'; did you mean 'mustBe'?",
            "unknown-fields.yaml:24:17: outputs[0].quality[0].metric: does not have a value in the"
                + " enumeration [\"nullValues\", \"duplicateValues\", \"invalidValues\","
                + " \"rowCount\", \"referentialIntegrity\"]",
            "unknown-fields.yaml:27:9: outputs[0].quality[1].severty: unknown field 'severty'; did"
                + " you mean 'severity'?",
            "unknown-fields.yaml:29:7: outputs[0].slo.freshnes: unknown field 'freshnes'; did you"
                + " mean 'freshness'?",
            "unknown-fields.yaml:31:20: slo.volume.maximum: unknown field 'maximum'; expected one"
                + " of min, max",
            "unknown-fields.yaml:34:3: schedule.retry: unknown field 'retry'; expected one of"
                + " cron, interval, onUpstreamCommit, retries, backoff");
  }

  @Test
  void reportsEveryScheduleProblemWithItsLocation() {
    String text =
        HEADER
            + """
            inputs: [{name: countries, file: data/countries.csv}]
            outputs:
              - {name: stats, sql: SELECT 1 AS x, schema: [{name: x, type: integer}]}
            schedule:
              cron: "0 0 2 * * ?"
              interval: PT0.5S
              onUpstreamCommit: true
            """;

    assertThat(parse(text).errors())
        .map(Problem::toString)
        .containsExactly(
            "trust.yaml:8:9: schedule.cron: not a five-field cron expression (minute hour"
                + " day-of-month month day-of-week, e.g. '0 2 * * *'): Cron expression contains 6"
                + " parts but we expect one of [5]",
            "trust.yaml:9:13: schedule.interval: must be at least PT1S",
            "trust.yaml:10:21: schedule.onUpstreamCommit: the product reads no other product: no"
                + " upstream commit can trigger it");
  }

  @Test
  void refusesACronFieldOutOfRange() {
    String text =
        HEADER
            + """
            outputs:
              - {name: stats, sql: SELECT 1 AS x, schema: [{name: x, type: integer}]}
            schedule: {cron: "0 24 * * *"}
            """;

    assertThat(parse(text).errors())
        .singleElement()
        .hasToString(
            "trust.yaml:6:18: schedule.cron: not a five-field cron expression (minute hour"
                + " day-of-month month day-of-week, e.g. '0 2 * * *'): Failed to parse cron"
                + " expression. Value 24 not in range [0, 23]");
  }

  @Test
  void aScheduleWithoutTriggerIsAnError() {
    String text =
        HEADER
            + """
            outputs:
              - {name: stats, sql: SELECT 1 AS x, schema: [{name: x, type: integer}]}
            schedule: {}
            """;
    String message = "declares no trigger: give a cron, an interval or onUpstreamCommit: true";

    assertThat(parse(text).errors())
        .singleElement()
        .hasToString("trust.yaml:6:11: schedule: " + message);
    // Retries alone, or a trigger switched off, trigger nothing either.
    assertThat(parse(text.replace("{}", "{retries: 3, onUpstreamCommit: false}")).errors())
        .singleElement()
        .hasToString("trust.yaml:6:11: schedule: " + message);
  }

  @Test
  void aProductTimelinessAppliesToThePortsWithAnEventTimeOnly() {
    String text =
        HEADER
            + """
            outputs:
              - name: plays
                sql: SELECT now() AS played_at
                eventTime: played_at
                schema: [{name: played_at, type: timestamp}]
              - {name: totals, sql: SELECT 1 AS x, schema: [{name: x, type: integer}]}
            slo:
              freshness: PT1H
              timeliness: {p95: PT10M}
            """;
    ProductSpec spec = parse(text).orThrow();

    assertThat(spec.slo(spec.output("plays").orElseThrow()).timeliness())
        .contains(new Slo.Timeliness(Optional.empty(), Optional.of(Duration.ofMinutes(10))));
    // Declared on its own, timeliness on this port is an error; inherited, it does not apply.
    Slo totals = spec.slo(spec.output("totals").orElseThrow());
    assertThat(totals.freshness()).contains(Duration.ofHours(1));
    assertThat(totals.timeliness()).isEmpty();
  }

  private SpecParser.Result parse(String text) {
    return parser.parse(new SpecSource("trust.yaml", Path.of("."), text));
  }

  private static String withoutFolder(Problem problem) {
    String file = Path.of(problem.file()).getFileName().toString();
    return new Problem(file, problem.line(), problem.column(), problem.path(), problem.message())
        .toString();
  }

  private static Path resource(String name) {
    try {
      return Path.of(TrustSpecTest.class.getClassLoader().getResource(name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
