package io.quanta.ports.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quanta.engine.DuckDbSession;
import io.quanta.engine.EngineSettings;
import io.quanta.engine.PortData;
import io.quanta.engine.ResultColumn;
import io.quanta.error.ErrorCode;
import io.quanta.error.QuantaException;
import io.quanta.governance.Principal;
import io.quanta.governance.Reader;
import io.quanta.governance.audit.AccessDecision;
import io.quanta.governance.policy.PortDecision;
import io.quanta.ports.policy.MaskKey;
import io.quanta.spec.AccessMode;
import io.quanta.spec.Column;
import io.quanta.spec.ColumnType;
import io.quanta.spec.Output;
import io.quanta.spec.PortId;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QueryServiceTest {
  private static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");
  private static final PortId RANKING = PortId.parse("podcasts/top-podcasts-daily:1/ranking");
  private static final List<Column> COLUMNS =
      List.of(Column.of("podcast_id", ColumnType.STRING), Column.of("listens", ColumnType.BIGINT));

  static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
  static final Reader ALICE = Reader.of(Principal.user("alice"));

  @TempDir Path temp;
  final List<AccessDecision> audit = new java.util.concurrent.CopyOnWriteArrayList<>();
  private Path portFolder;
  private Path secretFolder;
  private QueryService service;

  @BeforeEach
  void setUp() throws Exception {
    portFolder = Files.createDirectories(temp.resolve("warehouse/podcasts/ranking_v1"));
    secretFolder = Files.createDirectories(temp.resolve("warehouse/users/secrets_v1"));
    try (DuckDbSession session = DuckDbSession.open(settings())) {
      session.execute(
          "COPY (SELECT * FROM (VALUES ('p1', 10::BIGINT), ('p2', 20::BIGINT)) v(podcast_id, listens),"
              + " (SELECT TIMESTAMPTZ '2026-11-20 00:00:00+00' AS _event_time,"
              + " TIMESTAMPTZ '2026-11-21 10:00:00+00' AS _processed_at, 'run-1' AS _run_id)) TO '"
              + portFolder.resolve("data.parquet")
              + "' (FORMAT parquet)");
      session.execute(
          "COPY (SELECT 'secret' AS s) TO '"
              + secretFolder.resolve("s.parquet")
              + "' (FORMAT parquet)");
    }
    service =
        new QueryService(
            resolver,
            io.quanta.engine.Sessions.direct(settings()),
            new io.quanta.engine.SqlGuard.Parser(settings()),
            new QueryLimits(java.time.Duration.ofSeconds(2), 2),
            Clock.fixed(NOW, ZoneOffset.UTC),
            MaskKey.of(KEY),
            audit::add);
  }

  @Test
  void readsAPortAsATableAndReportsTheTimeItReadAsOf() {
    Collected result =
        query(
            "SELECT podcast_id, listens FROM podcasts.top_podcasts_daily.ranking ORDER BY listens DESC");

    assertThat(result.rows).containsExactly(List.of("p2", 20L), List.of("p1", 10L));
    assertThat(result.columns)
        .extracting(ResultColumn::name)
        .containsExactly("podcast_id", "listens");
    assertThat(result.result.asOf()).isEqualTo(NOW);
    assertThat(result.result.snapshots()).containsEntry(RANKING, Optional.of(7L));
  }

  @Test
  void pinsAMajorVersionWithTheVSuffixAndShowsSystemColumns() {
    Collected result =
        query("SELECT _run_id, _event_time FROM podcasts.top_podcasts_daily_v1.ranking LIMIT 1");
    assertThat(result.rows).containsExactly(List.of("run-1", "2026-11-20T00:00:00Z"));
  }

  @Test
  void refusesToReadFilesEvenThoseOfThePortItself() {
    String file = portFolder.resolve("data.parquet").toString();
    assertThatThrownBy(() -> query("SELECT * FROM read_parquet('" + file + "')"))
        .isInstanceOfSatisfying(
            QuantaException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.QUERY_REFUSED));
    assertThatThrownBy(() -> query("SELECT * FROM '" + file + "'"))
        .isInstanceOfSatisfying(
            QuantaException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.QUERY_REFUSED))
        .hasMessageContaining("is not an output port");
  }

  @Test
  void readsOnlyPortsServedInTheConsumersMode() {
    resolver.access = EnumSet.of(AccessMode.FILES, AccessMode.EVENTS);
    assertThatThrownBy(() -> query("SELECT * FROM podcasts.top_podcasts_daily.ranking"))
        .isInstanceOfSatisfying(
            QuantaException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND);
              assertThat(e.problems())
                  .singleElement()
                  .hasToString(
                      "query:1:15: "
                          + RANKING
                          + " is not served through sql: its product serves it through files,"
                          + " events (the output's access in its spec)");
            });
    Collected rows = new Collected();
    assertThatThrownBy(
            () ->
                service.query(
                    ALICE,
                    AccessMode.REST,
                    "SELECT * FROM podcasts.top_podcasts_daily.ranking",
                    ReadOptions.LATEST,
                    rows))
        .isInstanceOfSatisfying(
            QuantaException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND);
              assertThat(e.problems()).isEmpty();
              assertThat(e).hasMessageContaining("is not served through rest");
            });

    resolver.access = EnumSet.of(AccessMode.REST);
    service.query(
        ALICE,
        AccessMode.REST,
        "SELECT * FROM podcasts.top_podcasts_daily.ranking",
        ReadOptions.LATEST,
        rows);
    assertThat(rows.rows).hasSize(2);
  }

  @Test
  void namesUnknownPortsWithSuggestions() {
    assertThatThrownBy(() -> query("SELECT * FROM podcasts.top_podcast_daily.ranking"))
        .isInstanceOfSatisfying(
            QuantaException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND);
              assertThat(e.problems())
                  .singleElement()
                  .hasToString(
                      "query:1:15: no deployed data product has the port podcasts.top_podcast_daily.ranking;"
                          + " did you mean podcasts.top_podcasts_daily.ranking?");
            });
  }

  @Test
  void bindErrorsAreInvalidQueriesWithoutFilePaths() {
    assertThatThrownBy(() -> query("SELECT nope FROM podcasts.top_podcasts_daily.ranking"))
        .isInstanceOfSatisfying(
            QuantaException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_QUERY))
        .hasMessageContaining("nope")
        .hasMessageNotContaining(temp.toString());
    assertThatThrownBy(
            () ->
                query(
                    "SELECT CAST(podcast_id AS INTEGER) FROM podcasts.top_podcasts_daily.ranking"))
        .isInstanceOfSatisfying(
            QuantaException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_QUERY))
        .hasMessageNotContaining(temp.toString());
  }

  @Test
  void cancelsAQueryThatRunsTooLong() {
    assertThatThrownBy(() -> query("SELECT count(*) FROM range(10000000000000)"))
        .isInstanceOfSatisfying(
            QuantaException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.QUERY_TIMEOUT))
        .hasMessageContaining("ran longer than 2 s");
    assertThat(query("SELECT 1 AS one").rows).containsExactly(List.of(1));
  }

  @Test
  void returnsBinaryValuesAsBase64() {
    assertThat(query("SELECT 'ab'::BLOB AS b").rows).containsExactly(List.of("YWI="));
  }

  @Test
  void refusesTimesOutsideTheYears1To9999() {
    assertThatThrownBy(() -> ReadOptions.parseTime("to", "+10000-01-01T00:00:00Z"))
        .hasMessageContaining("out of range");
    assertThat(ReadOptions.parseTime("to", "9999-12-31"))
        .isEqualTo(Instant.parse("9999-12-31T00:00:00Z"));
  }

  @Test
  void refusesAnAsOfInTheFuture() {
    ReadOptions future = ReadOptions.LATEST.withAsOf(NOW.plusSeconds(60));
    assertThatThrownBy(() -> service.query(ALICE, "SELECT 1", future, new Collected()))
        .isInstanceOfSatisfying(
            QuantaException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST));
  }

  @Test
  void theSinkCanStopEarly() {
    Collected sink = new Collected(1);
    QueryResult result =
        service.query(
            ALICE, "SELECT * FROM podcasts.top_podcasts_daily.ranking", ReadOptions.LATEST, sink);
    assertThat(result.rows()).isEqualTo(1);
    assertThat(result.truncated()).isTrue();
  }

  private Collected query(String sql) {
    Collected sink = new Collected();
    sink.result = service.query(ALICE, sql, ReadOptions.LATEST, sink);
    return sink;
  }

  private EngineSettings settings() {
    return new EngineSettings(1, "512MB", temp.resolve("tmp"));
  }

  private static final class Collected implements ResultSink {
    final List<List<Object>> rows = new ArrayList<>();
    List<ResultColumn> columns;
    QueryResult result;
    private final long limit;

    Collected() {
      this(Long.MAX_VALUE);
    }

    Collected(long limit) {
      this.limit = limit;
    }

    @Override
    public void columns(List<ResultColumn> columns) {
      this.columns = columns;
    }

    @Override
    public boolean row(List<Object> values) {
      rows.add(values);
      return rows.size() < limit;
    }
  }

  private final FakeResolver resolver = new FakeResolver();

  private final class FakeResolver implements PortResolver {
    Set<AccessMode> access = EnumSet.allOf(AccessMode.class);
    PortDecision decision = PortDecision.UNRESTRICTED;

    @Override
    public Output output(PortId port) {
      return new Output("ranking", "", "SELECT 1", Optional.empty(), List.of(), COLUMNS, access);
    }

    @Override
    public PortDecision decide(PortId port, Reader reader) {
      return decision;
    }

    @Override
    public Optional<PortId> resolve(List<String> parts) {
      if (parts.equals(List.of("podcasts", "top_podcasts_daily", "ranking"))
          || parts.equals(List.of("podcasts", "top_podcasts_daily_v1", "ranking"))) {
        return Optional.of(RANKING);
      }
      return Optional.empty();
    }

    @Override
    public Set<AccessMode> access(PortId port) {
      return access;
    }

    @Override
    public List<String> similarNames(List<String> parts) {
      return List.of("podcasts.top_podcasts_daily.ranking");
    }

    @Override
    public Instant stableAsOf(Set<PortId> ports, Instant requested) {
      return requested;
    }

    @Override
    public PortSnapshot snapshot(PortId port, Instant asOf, ReadOptions options) {
      PortData data =
          new PortData(COLUMNS, List.of(portFolder.resolve("data.parquet").toString()), List.of());
      return new PortSnapshot(port, data, portFolder.toString(), Optional.of(7L));
    }
  }
}
