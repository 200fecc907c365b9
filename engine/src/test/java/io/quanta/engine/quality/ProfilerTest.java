package io.quanta.engine.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quanta.engine.DuckDbSession;
import io.quanta.spec.Output;
import io.quanta.spec.SpecParser;
import java.nio.file.Path;
import java.util.List;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProfilerTest {
  private static final double DAY = 86_400;
  private static final double JANUARY_FIRST_2026 = 1_767_225_600;

  @TempDir Path temp;
  private DuckDbSession session;
  private final Output listeners =
      SpecParser.create().parse(TestPorts.resource("listeners.yaml")).orThrow().outputs().get(0);

  @BeforeEach
  void open() {
    session = TestPorts.open(temp);
  }

  @AfterEach
  void close() {
    session.close();
  }

  @Test
  void profilesANumericColumn() {
    ColumnProfile minutes = profiles().get(2);

    SoftAssertions softly = new SoftAssertions();
    softly.assertThat(minutes.column()).isEqualTo("minutes");
    softly.assertThat(minutes.type()).isEqualTo("double");
    softly.assertThat(minutes.rows()).isEqualTo(12);
    softly.assertThat(minutes.nulls()).isEqualTo(2);
    softly.assertThat(minutes.nullRate()).isEqualTo(2.0 / 12);
    softly.assertThat(minutes.approximateDistinct()).isEqualTo(6);
    softly.assertThat(minutes.min()).isEqualTo("0.0");
    softly.assertThat(minutes.max()).isEqualTo("10.0");
    softly.assertThat(minutes.mean()).isCloseTo(5.7, within(1e-9));
    softly.assertThat(minutes.standardDeviation()).isCloseTo(4.547282460742656, within(1e-9));
    softly
        .assertThat(minutes.histogram())
        .extracting(ColumnProfile.Bucket::count)
        .containsExactly(2L, 1L, 1L, 0L, 0L, 1L, 0L, 0L, 0L, 5L);
    softly
        .assertThat(minutes.histogram())
        .extracting(ColumnProfile.Bucket::lower)
        .containsExactly(0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0);
    softly.assertThat(minutes.histogram().get(9).upper()).isEqualTo(10.0);
    softly.assertThat(minutes.topValues()).isEmpty();
    softly.assertAll();
  }

  @Test
  void histogramsOfDatesAndTimestampsAreInEpochSecondsAndCountEveryValue() {
    List<ColumnProfile> profiles = profiles();
    ColumnProfile joined = profiles.get(4);
    ColumnProfile lastSeen = profiles.get(7);

    assertThat(joined.min()).isEqualTo("2026-01-01");
    assertThat(joined.max()).isEqualTo("2026-01-11");
    assertThat(joined.mean()).isNull();
    assertThat(joined.histogram())
        .extracting(ColumnProfile.Bucket::count)
        .containsExactly(1L, 1L, 1L, 1L, 1L, 1L, 1L, 1L, 1L, 2L);
    assertThat(joined.histogram().get(0).lower()).isEqualTo(JANUARY_FIRST_2026);
    assertThat(joined.histogram().get(9).upper()).isEqualTo(JANUARY_FIRST_2026 + 10 * DAY);
    assertThat(lastSeen.histogram())
        .extracting(ColumnProfile.Bucket::count)
        .containsExactly(2L, 1L, 1L, 1L, 1L, 1L, 1L, 1L, 1L, 2L);
    for (ColumnProfile profile : List.of(joined, lastSeen)) {
      assertThat(profile.histogram().stream().mapToLong(ColumnProfile.Bucket::count).sum())
          .isEqualTo(profile.rows() - profile.nulls());
    }
  }

  @Test
  void stringAndBooleanColumnsListTheirMostFrequentValues() {
    List<ColumnProfile> profiles = profiles();

    assertThat(profiles.get(1).topValues())
        .containsExactly(
            new ColumnProfile.ValueCount("FR", 4),
            new ColumnProfile.ValueCount("DE", 2),
            new ColumnProfile.ValueCount("BE", 1),
            new ColumnProfile.ValueCount("ES", 1),
            new ColumnProfile.ValueCount("IT", 1));
    assertThat(profiles.get(1).nulls()).isEqualTo(2);
    assertThat(profiles.get(1).approximateDistinct()).isEqualTo(6);
    assertThat(profiles.get(1).histogram()).isEmpty();
    assertThat(profiles.get(3).topValues())
        .containsExactly(
            new ColumnProfile.ValueCount("true", 7), new ColumnProfile.ValueCount("false", 5));
    assertThat(profiles.get(3).min()).isEqualTo("false");
    assertThat(profiles.get(0).topValues())
        .extracting(ColumnProfile.ValueCount::value)
        .containsExactly("l1", "l10", "l11", "l12", "l2");
  }

  @Test
  void aSingleValueFillsOneBucketAndAColumnWithNoValueHasNoShape() {
    List<ColumnProfile> profiles = profiles();
    ColumnProfile age = profiles.get(5);
    ColumnProfile nickname = profiles.get(6);

    assertThat(age.histogram()).containsExactly(new ColumnProfile.Bucket(30, 30, 12));
    assertThat(age.mean()).isEqualTo(30);
    assertThat(age.standardDeviation()).isZero();
    assertThat(nickname)
        .isEqualTo(
            new ColumnProfile(
                "nickname", "string", 12, 12, 0, null, null, null, null, List.of(), List.of()));
  }

  @Test
  void profilesNoRows() {
    String relation = TestPorts.load(session, listeners, "listeners.csv", "all_rows");
    session.execute("CREATE TEMP TABLE no_rows AS SELECT * FROM " + relation + " WHERE false");

    List<ColumnProfile> profiles = Profiler.profile(session, listeners, "no_rows");

    assertThat(profiles).hasSize(8);
    assertThat(profiles.get(2))
        .isEqualTo(
            new ColumnProfile(
                "minutes", "double", 0, 0, 0, null, null, null, null, List.of(), List.of()));
  }

  @Test
  void profilesSurviveAJsonRoundTrip() throws Exception {
    List<ColumnProfile> profiles = profiles();
    ObjectMapper json = new ObjectMapper();

    String written = json.writeValueAsString(profiles);
    List<ColumnProfile> read = List.of(json.readValue(written, ColumnProfile[].class));

    assertThat(read).isEqualTo(profiles);
    assertThat(json.readTree(written).get(2).fieldNames())
        .toIterable()
        .containsExactly(
            "column",
            "type",
            "rows",
            "nulls",
            "approximateDistinct",
            "min",
            "max",
            "mean",
            "standardDeviation",
            "histogram",
            "topValues");
  }

  private List<ColumnProfile> profiles() {
    String relation = TestPorts.load(session, listeners, "listeners.csv", "computed");
    return Profiler.profile(session, listeners, relation);
  }
}
