package io.quanta.engine.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.quanta.engine.DuckDbSession;
import io.quanta.spec.Output;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DriftTest {
  @TempDir Path temp;

  @Test
  void aNullRateJumpBetweenTwoRunsIsDriftAndStableColumnsAreNot() {
    Output plays = TestPorts.plays();
    List<ColumnProfile> clean;
    List<ColumnProfile> bad;
    try (DuckDbSession session = TestPorts.open(temp)) {
      clean =
          Profiler.profile(
              session, plays, TestPorts.load(session, plays, "plays-clean.csv", "clean"));
      bad =
          Profiler.profile(session, plays, TestPorts.load(session, plays, "plays-bad.csv", "bad"));
    }

    List<DriftWarning> warnings = Drift.compare(clean, bad);

    assertThat(warnings)
        .extracting(DriftWarning::column, DriftWarning::measure)
        .contains(
            tuple("user_id", DriftWarning.Measure.NULL_RATE),
            tuple("country", DriftWarning.Measure.NULL_RATE))
        .doesNotContain(
            tuple("play_id", DriftWarning.Measure.NULL_RATE),
            tuple("seconds", DriftWarning.Measure.NULL_RATE));
    assertThat(warnings)
        .filteredOn(warning -> warning.column().equals("user_id"))
        .singleElement()
        .satisfies(
            warning -> {
              assertThat(warning.previous()).isZero();
              assertThat(warning.current()).isEqualTo(20);
              assertThat(warning.message())
                  .isEqualTo("user_id: null rate went from 0% to 20% (more than 10 points)");
            });
    assertThat(Drift.compare(clean, clean)).isEmpty();
  }

  @Test
  void aNullRateMovingByTenPointsOrLessIsNotDrift() {
    assertThat(Drift.compare(List.of(column("a", 1000, 50)), List.of(column("a", 1000, 150))))
        .isEmpty();
    assertThat(Drift.compare(List.of(column("a", 1000, 50)), List.of(column("a", 1000, 151))))
        .extracting(DriftWarning::measure)
        .containsExactly(DriftWarning.Measure.NULL_RATE);
  }

  @Test
  void aMeanMovingByMoreThanThreePreviousStandardDeviationsIsDrift() {
    List<ColumnProfile> previous = List.of(numeric("minutes", 100.0, 10.0));

    assertThat(Drift.compare(previous, List.of(numeric("minutes", 129.0, 40.0)))).isEmpty();
    assertThat(Drift.compare(previous, List.of(numeric("minutes", 65.0, 1.0))))
        .singleElement()
        .isEqualTo(
            new DriftWarning(
                "minutes",
                DriftWarning.Measure.MEAN,
                100,
                65,
                "minutes: mean went from 100 to 65, 3.5 standard deviations (more than 3)"));
    assertThat(
            Drift.compare(
                List.of(numeric("minutes", 100.0, 0.0)), List.of(numeric("minutes", 1e6, 0.0))))
        .isEmpty();
  }

  @Test
  void distinctCountsChangingByMoreThanAFactorTwoAreDriftAboveTen() {
    assertThat(compareDistinct(100, 201))
        .extracting(DriftWarning::measure, DriftWarning::previous, DriftWarning::current)
        .containsExactly(tuple(DriftWarning.Measure.APPROXIMATE_DISTINCT, 100.0, 201.0));
    assertThat(compareDistinct(100, 49)).hasSize(1);
    assertThat(compareDistinct(100, 200)).isEmpty();
    assertThat(compareDistinct(10, 1000)).isEmpty();
  }

  @Test
  void rowCountsChangingByMoreThanAFactorThreeAreDrift() {
    assertThat(compareRows(1000, 3001))
        .singleElement()
        .isEqualTo(
            new DriftWarning(
                DriftWarning.ALL_COLUMNS,
                DriftWarning.Measure.ROW_COUNT,
                1000,
                3001,
                "row count went from 1,000 to 3,001 (more than a factor 3)"));
    assertThat(compareRows(1000, 334)).isEmpty();
    assertThat(compareRows(1000, 0)).hasSize(1);
    assertThat(compareRows(0, 0)).isEmpty();
  }

  @Test
  void columnsInOnlyOneProfileAreNotCompared() {
    assertThat(Drift.compare(List.of(column("a", 10, 0)), List.of(column("b", 10, 10)))).isEmpty();
  }

  private static List<DriftWarning> compareDistinct(long previous, long current) {
    return Drift.compare(
        List.of(distinct("user_id", previous)), List.of(distinct("user_id", current)));
  }

  private static List<DriftWarning> compareRows(long previous, long current) {
    return Drift.compare(List.of(column("a", previous, 0)), List.of(column("a", current, 0)));
  }

  private static ColumnProfile column(String name, long rows, long nulls) {
    return new ColumnProfile(
        name, "string", rows, nulls, 0, null, null, null, null, List.of(), List.of());
  }

  private static ColumnProfile distinct(String name, long distinct) {
    return new ColumnProfile(
        name, "string", 1000, 0, distinct, "a", "z", null, null, List.of(), List.of());
  }

  private static ColumnProfile numeric(String name, Double mean, Double standardDeviation) {
    return new ColumnProfile(
        name, "double", 1000, 0, 5, "0", "1000", mean, standardDeviation, List.of(), List.of());
  }
}
