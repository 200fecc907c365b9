package io.quanta.engine.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.quanta.engine.DuckDbSession;
import io.quanta.engine.Sql;
import io.quanta.engine.SqlRejected;
import io.quanta.spec.Output;
import io.quanta.spec.ProductSpec;
import io.quanta.spec.Slo;
import io.quanta.spec.SystemColumns;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SloMeasuresTest {
  private static final Instant PROCESSED_AT = Instant.parse("2026-11-21T12:00:00Z");
  private static final Set<String> INPUTS = Set.of("users", "player");

  @TempDir Path temp;
  private DuckDbSession session;
  private final ProductSpec spec = TestPorts.playsSpec();
  private final Output plays = spec.outputs().get(0);
  private final Slo slo = spec.slo(plays);

  @BeforeEach
  void open() {
    session = TestPorts.open(temp);
    TestPorts.usersView(session);
    session.execute(
        "CREATE VIEW player AS SELECT * FROM read_csv("
            + Sql.literal(TestPorts.resource("plays-clean.csv").toString())
            + ", header = true)");
  }

  @AfterEach
  void close() {
    session.close();
  }

  @Test
  void timelinessMeasuresTheMedianAndNinetyFifthPercentileDelay() {
    // Delays of 1 to 100 minutes, and a row without event time that does not count.
    session.execute(
        "CREATE TEMP TABLE added AS SELECT TIMESTAMPTZ '2026-11-21 12:00:00+00' - to_minutes(i) AS "
            + Sql.identifier(SystemColumns.EVENT_TIME)
            + " FROM range(1, 101) t(i) UNION ALL SELECT NULL");

    SloMeasures.TimelinessMeasure measure =
        SloMeasures.timeliness(session, "added", PROCESSED_AT, slo.timeliness().orElseThrow())
            .orElseThrow();

    assertThat(measure.rows()).isEqualTo(100);
    assertThat(minutes(measure.p50())).isCloseTo(50.5, within(1.0));
    assertThat(minutes(measure.p95())).isCloseTo(95.5, within(1.0));
    assertThat(measure.passed()).as("p95 above PT90M").isFalse();
    assertThat(measure.message())
        .startsWith("timeliness: over 100 rows, p50 delay PT50M")
        .contains("(at most PT1H), p95 delay PT1H35M")
        .endsWith("(at most PT1H30M)");

    Slo.Timeliness lenient =
        new Slo.Timeliness(Optional.of(Duration.ofHours(1)), Optional.of(Duration.ofHours(2)));
    assertThat(
            SloMeasures.timeliness(session, "added", PROCESSED_AT, lenient).orElseThrow().passed())
        .isTrue();
  }

  @Test
  void timelinessOfNoRowsIsNotMeasured() {
    session.execute(
        "CREATE TEMP TABLE added AS SELECT CAST(NULL AS TIMESTAMPTZ) AS "
            + Sql.identifier(SystemColumns.EVENT_TIME));

    assertThat(
            SloMeasures.timeliness(session, "added", PROCESSED_AT, slo.timeliness().orElseThrow()))
        .isEmpty();
  }

  @Test
  void completenessAgainstAnInputCountsItsRows() {
    String port = portWithEightRows();

    SloMeasures.CompletenessMeasure measure =
        SloMeasures.completeness(session, slo.completeness().orElseThrow(), port, INPUTS);

    assertThat(measure.actual()).isEqualTo(8);
    assertThat(measure.expected()).isEqualTo(10);
    assertThat(measure.ratio()).isEqualTo(0.8);
    assertThat(measure.passed()).isFalse();
    assertThat(measure.message())
        .isEqualTo("completeness: 8 delivered of 10 expected, ratio 0.8 (at least 0.99)");
  }

  @Test
  void completenessWithExpectedAndActualQueries() {
    String port = portWithEightRows();
    Slo.Completeness listeners =
        new Slo.Completeness(
            1.0,
            Optional.empty(),
            Optional.of("SELECT count(DISTINCT user_id) FROM player"),
            Optional.of("SELECT count(DISTINCT user_id) FROM port"));

    SloMeasures.CompletenessMeasure measure =
        SloMeasures.completeness(session, listeners, port, INPUTS);

    assertThat(measure.expected()).isEqualTo(3);
    assertThat(measure.actual()).isEqualTo(3);
    assertThat(measure.passed()).isTrue();
  }

  @Test
  void nothingExpectedIsComplete() {
    Slo.Completeness none =
        new Slo.Completeness(
            1.0,
            Optional.empty(),
            Optional.of("SELECT count(*) FROM player WHERE seconds > 1e9"),
            Optional.empty());

    SloMeasures.CompletenessMeasure measure =
        SloMeasures.completeness(session, none, portWithEightRows(), INPUTS);

    assertThat(measure.expected()).isZero();
    assertThat(measure.ratio()).isEqualTo(1);
    assertThat(measure.passed()).isTrue();
  }

  @Test
  void completenessQueriesReadOnlyWhatTheyMay() {
    String port = portWithEightRows();
    session.execute("CREATE TABLE secrets AS SELECT 42 AS answer");
    Slo.Completeness readsSecrets =
        new Slo.Completeness(
            0.9, Optional.empty(), Optional.of("SELECT answer FROM secrets"), Optional.empty());
    Slo.Completeness readsPort =
        new Slo.Completeness(
            0.9, Optional.empty(), Optional.of("SELECT count(*) FROM port"), Optional.empty());
    Slo.Completeness actualReadsInput =
        new Slo.Completeness(
            0.9,
            Optional.of("player"),
            Optional.empty(),
            Optional.of("SELECT count(*) FROM player"));

    assertThatThrownBy(() -> SloMeasures.completeness(session, readsSecrets, port, INPUTS))
        .isInstanceOf(SqlRejected.class)
        .hasMessage(
            "completeness 'expected' reads table 'secrets', but may read only 'player', 'users'"
                + " (the product's inputs)");
    assertThatThrownBy(() -> SloMeasures.completeness(session, readsPort, port, INPUTS))
        .isInstanceOf(SqlRejected.class)
        .hasMessageStartingWith("completeness 'expected' reads table 'port'");
    assertThatThrownBy(() -> SloMeasures.completeness(session, actualReadsInput, port, INPUTS))
        .isInstanceOf(SqlRejected.class)
        .hasMessage(
            "completeness 'actual' reads table 'player', but may read only 'port' (the port's"
                + " rows)");
  }

  @Test
  void volumeChecksBothBoundsIncluded() {
    Slo.Volume bounds = slo.volume().orElseThrow();

    assertThat(SloMeasures.volume(5, bounds).passed()).isTrue();
    assertThat(SloMeasures.volume(100, bounds).passed()).isTrue();
    assertThat(SloMeasures.volume(4, bounds).passed()).isFalse();
    assertThat(SloMeasures.volume(101, bounds).message())
        .isEqualTo("volume: 101 rows (at least 5, at most 100)");
    assertThat(
            SloMeasures.volume(0, new Slo.Volume(OptionalLong.empty(), OptionalLong.of(10)))
                .passed())
        .isTrue();
  }

  private String portWithEightRows() {
    String clean = TestPorts.load(session, plays, "plays-clean.csv", "clean");
    session.execute("CREATE TEMP TABLE computed AS SELECT * FROM " + clean + " WHERE seconds > 50");
    return "computed";
  }

  private static double minutes(Duration duration) {
    return duration.toNanos() / 60e9;
  }
}
