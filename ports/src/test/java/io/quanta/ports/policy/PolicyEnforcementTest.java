package io.quanta.ports.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quanta.engine.DuckDbSession;
import io.quanta.engine.EngineSettings;
import io.quanta.engine.PortData;
import io.quanta.engine.ResultColumn;
import io.quanta.engine.Sessions;
import io.quanta.engine.SqlGuard;
import io.quanta.error.ErrorCode;
import io.quanta.error.QuantaException;
import io.quanta.governance.Principal;
import io.quanta.governance.Reader;
import io.quanta.governance.audit.AccessDecision;
import io.quanta.governance.policy.Mask;
import io.quanta.governance.policy.MaskMethod;
import io.quanta.governance.policy.PortDecision;
import io.quanta.ports.sql.PortResolver;
import io.quanta.ports.sql.PortSnapshot;
import io.quanta.ports.sql.QueryLimits;
import io.quanta.ports.sql.QueryService;
import io.quanta.ports.sql.ReadOptions;
import io.quanta.ports.sql.ResultSink;
import io.quanta.spec.AccessMode;
import io.quanta.spec.Column;
import io.quanta.spec.ColumnType;
import io.quanta.spec.Output;
import io.quanta.spec.PortId;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Obligations compiled into the SQL of every read, and the ways a consumer's SQL might try to get
 * around them: every one must fail.
 */
class PolicyEnforcementTest {
  private static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");
  private static final byte[] KEY =
      "a mesh-wide secret of 32 bytes!!".getBytes(StandardCharsets.UTF_8);
  private static final PortId PROFILES = PortId.parse("users/user-profiles:1/profiles");
  private static final PortId PLAYS = PortId.parse("podcasts/play-events:1/plays");
  private static final PortId BANDS = PortId.parse("users/user-profiles:1/bands");
  private static final List<Column> PROFILE_COLUMNS =
      List.of(
          Column.of("user_id", ColumnType.STRING),
          Column.of("email", ColumnType.STRING),
          Column.of("birth_date", ColumnType.DATE),
          Column.of("country", ColumnType.STRING),
          Column.of("income", ColumnType.BIGINT));
  private static final List<Column> PLAY_COLUMNS =
      List.of(Column.of("user_id", ColumnType.STRING), Column.of("seconds", ColumnType.BIGINT));
  private static final List<Column> BAND_COLUMNS =
      List.of(Column.of("country", ColumnType.STRING), Column.of("users", ColumnType.BIGINT));
  private static final Reader ANALYST =
      Reader.of(new Principal("ana", Set.of("analysts"), Set.of(), Map.of("country", "DE"), false));

  @TempDir Path temp;
  private final Map<PortId, PortDecision> decisions = new HashMap<>();
  private final List<AccessDecision> audit = new CopyOnWriteArrayList<>();
  private QueryService service;

  @BeforeEach
  void setUp() throws Exception {
    try (DuckDbSession session = DuckDbSession.open(settings())) {
      write(
          session,
          "profiles",
          "SELECT * FROM (VALUES"
              + " ('u1', 'ada@example.com', DATE '1990-04-17', 'DE', 52300::BIGINT),"
              + " ('u2', 'bob@example.org', DATE '1985-12-01', 'FR', 41000::BIGINT),"
              + " ('u3', 'cyd@example.com', DATE '2001-07-30', 'DE', NULL::BIGINT))"
              + " v(user_id, email, birth_date, country, income)");
      write(
          session,
          "plays",
          "SELECT * FROM (VALUES ('u1', 60::BIGINT), ('u2', 30::BIGINT), ('u3', 90::BIGINT))"
              + " v(user_id, seconds)");
      write(
          session,
          "bands",
          "SELECT * FROM (VALUES ('DE', 12::BIGINT), ('FR', 3::BIGINT)) v(country, users)");
    }
    service =
        new QueryService(
            new Resolver(),
            Sessions.direct(settings()),
            new SqlGuard.Parser(settings()),
            new QueryLimits(Duration.ofSeconds(10), 2),
            Clock.fixed(NOW, ZoneOffset.UTC),
            MaskKey.of(KEY),
            audit::add);
  }

  @Test
  void aHashedColumnIsTheKeyedHmacOfItsValueSoItStillJoinsAcrossPorts() throws Exception {
    mask(PROFILES, "user_id", Mask.of(MaskMethod.HASH));
    mask(PLAYS, "user_id", Mask.of(MaskMethod.HASH));

    List<List<Object>> rows =
        rows(
            "SELECT p.user_id, e.seconds FROM users.user_profiles.profiles p"
                + " JOIN podcasts.play_events.plays e USING (user_id) ORDER BY e.seconds");

    assertThat(rows).hasSize(3);
    assertThat(rows.get(0)).containsExactly(hmac("u2"), 30L);
    assertThat(rows.get(0).get(0)).isNotEqualTo(sha256("u2")); // keyed: a guess cannot be hashed
    assertThat(rows.toString()).doesNotContain("u1", "u2", "u3");
  }

  @Test
  void everyMaskMethodReplacesTheValue() {
    mask(PROFILES, "email", Mask.of(MaskMethod.EMAIL_DOMAIN));
    mask(
        PROFILES,
        "birth_date",
        new Mask(
            MaskMethod.GENERALIZE,
            OptionalInt.empty(),
            Optional.of("month"),
            OptionalLong.empty()));
    mask(
        PROFILES,
        "income",
        new Mask(
            MaskMethod.GENERALIZE, OptionalInt.empty(), Optional.empty(), OptionalLong.of(10000)));
    mask(
        PROFILES,
        "user_id",
        new Mask(MaskMethod.TRUNCATE, OptionalInt.of(1), Optional.empty(), OptionalLong.empty()));
    mask(PROFILES, "country", Mask.of(MaskMethod.REDACT));

    assertThat(
            rows(
                "SELECT user_id, email, birth_date, country, income"
                    + " FROM users.user_profiles.profiles ORDER BY email"))
        .containsExactly(
            List.of("u", "***@example.com", "1990-04-01", "****", 50000L),
            Arrays.asList("u", "***@example.com", "2001-07-01", "****", null),
            List.of("u", "***@example.org", "1985-12-01", "****", 40000L));

    decisions.clear();
    mask(PROFILES, "email", Mask.of(MaskMethod.NULL));
    assertThat(rows("SELECT count(email) AS emails FROM users.user_profiles.profiles"))
        .containsExactly(List.of(0L));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "SELECT * FROM users.user_profiles.profiles",
        "SELECT CAST(email AS VARCHAR) AS v FROM users.user_profiles.profiles",
        "SELECT upper(email) || '' AS v FROM users.user_profiles.profiles",
        "SELECT string_agg(email, ',') AS v FROM users.user_profiles.profiles",
        "SELECT email AS v FROM users.user_profiles.profiles GROUP BY email",
        "SELECT email AS v FROM users.user_profiles.profiles"
            + " UNION ALL SELECT user_id FROM podcasts.play_events.plays",
        "SELECT (SELECT max(email) FROM users.user_profiles.profiles) AS v",
        "SELECT p.email AS v FROM users.user_profiles.profiles p"
            + " JOIN users.user_profiles.profiles q ON p.email = q.email",
        "SELECT to_json(p) AS v FROM users.user_profiles.profiles p",
        "SELECT contains(email, 'ada') AS v FROM users.user_profiles.profiles",
        "SELECT email LIKE 'ada%' AS v FROM users.user_profiles.profiles WHERE email LIKE 'a%'",
      })
  void aMaskedColumnNeverComesOutInClear(String sql) {
    mask(PROFILES, "email", Mask.of(MaskMethod.HASH));

    String result = rows(sql).toString();

    assertThat(result).doesNotContain("ada@", "bob@", "cyd@", "example.");
    assertThat(result).doesNotContain("true"); // no predicate on the clear value holds
  }

  @Test
  void aFailedCastOnAMaskedOrHiddenValueDoesNotQuoteIt() {
    mask(PROFILES, "email", Mask.of(MaskMethod.EMAIL_DOMAIN));
    filter(PROFILES, "country = :country", "country", "DE");

    for (String sql :
        List.of(
            "SELECT CAST(email AS INTEGER) FROM users.user_profiles.profiles",
            "SELECT CAST(country AS INTEGER) FROM users.user_profiles.profiles",
            "SELECT CAST(user_id AS DATE) FROM users.user_profiles.profiles")) {
      assertThatThrownBy(() -> rows(sql))
          .isInstanceOfSatisfying(
              QuantaException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_QUERY))
          .hasMessageNotContaining("example")
          .hasMessageNotContaining("FR")
          .hasMessageNotContaining("u2")
          .hasMessageNotContaining("DE");
    }
  }

  @Test
  void aRowFilterBindsThePrincipalsAttributeAndHoldsInJoinsAndSubqueries() {
    filter(PROFILES, "country = :country", "country", "DE");

    assertThat(rows("SELECT user_id FROM users.user_profiles.profiles ORDER BY 1"))
        .containsExactly(List.of("u1"), List.of("u3"));
    assertThat(
            rows(
                "SELECT e.user_id FROM podcasts.play_events.plays e"
                    + " LEFT JOIN users.user_profiles.profiles p USING (user_id)"
                    + " WHERE p.user_id IS NOT NULL ORDER BY 1"))
        .containsExactly(List.of("u1"), List.of("u3"));
    assertThat(
            rows(
                "SELECT count(*) FROM podcasts.play_events.plays WHERE user_id IN"
                    + " (SELECT user_id FROM users.user_profiles.profiles WHERE country = 'FR')"))
        .containsExactly(List.of(0L));
    assertThat(rows("SELECT count(*) FROM users.user_profiles.profiles WHERE country <> 'DE'"))
        .containsExactly(List.of(0L));
  }

  @Test
  void aParameterIsBoundNeverConcatenated() {
    // A value that would rewrite the condition if it were pasted into the SQL.
    filter(PROFILES, "country = :country", "country", "x' OR '1'='1");
    assertThat(rows("SELECT * FROM users.user_profiles.profiles")).isEmpty();

    decisions.clear();
    filter(PROFILES, "list_contains(:countries, country)", "countries", List.of("FR", "DE"));
    assertThat(rows("SELECT count(*) FROM users.user_profiles.profiles"))
        .containsExactly(List.of(3L));

    decisions.clear();
    // A reader without the attribute: the condition is unknown, no row passes.
    filter(PROFILES, "country = :country", "country", null);
    assertThat(rows("SELECT * FROM users.user_profiles.profiles")).isEmpty();
  }

  @Test
  void theParameterTableAndTheCatalogCannotBeRead() {
    filter(PROFILES, "country = :country", "country", "DE");
    mask(PROFILES, "user_id", Mask.of(MaskMethod.HASH));
    for (String sql :
        List.of(
            "SELECT * FROM __quanta_parameters",
            "SELECT * FROM temp.main.__quanta_parameters, users.user_profiles.profiles",
            "SELECT * FROM duckdb_views()",
            "SELECT sql FROM duckdb_tables()",
            "SELECT * FROM users.user_profiles.profiles, (FROM duckdb_settings())",
            "SELECT current_setting('secret_directory')",
            "SELECT * FROM read_parquet('" + temp.resolve("profiles/data.parquet") + "')")) {
      assertThatThrownBy(() -> rows(sql))
          .as(sql)
          .isInstanceOfSatisfying(
              QuantaException.class,
              e -> assertThat(e.code()).isIn(ErrorCode.QUERY_REFUSED, ErrorCode.NOT_FOUND));
    }
  }

  @Test
  void smallGroupsAreSuppressed() {
    decisions.put(
        BANDS,
        new PortDecision(
            true,
            List.of(),
            List.of("local:k10"),
            Map.of(),
            List.of(),
            List.of(new PortDecision.AppliedMinGroupSize("local:k10", "users", 10))));

    assertThat(rows("SELECT country, users FROM users.user_profiles.bands"))
        .containsExactly(List.of("DE", 12L));
    assertThat(rows("SELECT count(*) FROM users.user_profiles.bands WHERE users < 10"))
        .containsExactly(List.of(0L));
  }

  @Test
  void aDeniedPortFailsTheWholeReadAndBothDecisionsAreAudited() {
    decisions.put(
        PROFILES,
        new PortDecision(
            false,
            List.of("local:staff-only: allow does not hold"),
            List.of("local:staff-only"),
            Map.of(),
            List.of(),
            List.of()));

    assertThatThrownBy(
            () ->
                rows(
                    "SELECT * FROM podcasts.play_events.plays"
                        + " JOIN users.user_profiles.profiles USING (user_id)"))
        .isInstanceOfSatisfying(
            QuantaException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.ACCESS_DENIED))
        .hasMessageContaining("ana may not read " + PROFILES)
        .hasMessageContaining("staff-only");
    assertThat(audit)
        .singleElement()
        .satisfies(
            decision -> {
              assertThat(decision.allowed()).isFalse();
              assertThat(decision.port()).isEqualTo(PROFILES.toString());
              assertThat(decision.rules()).containsExactly("local:staff-only");
              assertThat(decision.rows()).isZero();
            });

    audit.clear();
    mask(PLAYS, "user_id", Mask.of(MaskMethod.HASH));
    assertThat(rows("SELECT * FROM podcasts.play_events.plays")).hasSize(3);
    assertThat(audit)
        .singleElement()
        .satisfies(
            decision -> {
              assertThat(decision.allowed()).isTrue();
              assertThat(decision.rows()).isEqualTo(3);
              assertThat(decision.mode()).isEqualTo("sql");
              assertThat(decision.obligations()).containsExactly("mask user_id: hash (local:m)");
              assertThat(decision.fingerprint()).isPresent();
              assertThat(decision.principal().user()).isEqualTo("ana");
            });
  }

  @Test
  void anEventTimeWindowIsRefusedWhenTheEventTimeIsMasked() {
    mask(PROFILES, "birth_date", Mask.of(MaskMethod.NULL));
    ReadOptions window =
        new ReadOptions(
            Optional.empty(),
            false,
            Optional.empty(),
            Optional.of(Instant.parse("2000-01-01T00:00:00Z")),
            Optional.empty());
    assertThatThrownBy(
            () ->
                service.query(
                    ANALYST, "SELECT * FROM users.user_profiles.profiles", window, new Rows()))
        .isInstanceOfSatisfying(
            QuantaException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.ACCESS_DENIED))
        .hasMessageContaining("event time");
  }

  // -- helpers

  private void mask(PortId port, String column, Mask mask) {
    PortDecision current = decisions.getOrDefault(port, PortDecision.UNRESTRICTED);
    Map<String, PortDecision.AppliedMask> masks = new HashMap<>(current.masks());
    masks.put(column, new PortDecision.AppliedMask(column, mask, "local:m"));
    decisions.put(
        port,
        new PortDecision(
            true,
            current.reasons(),
            current.rulesMatched(),
            masks,
            current.filters(),
            current.minGroupSizes()));
  }

  private void filter(PortId port, String where, String parameter, Object value) {
    PortDecision current = decisions.getOrDefault(port, PortDecision.UNRESTRICTED);
    List<PortDecision.AppliedFilter> filters = new ArrayList<>(current.filters());
    filters.add(
        new PortDecision.AppliedFilter(
            "local:f", where, List.of(new PortDecision.Parameter(parameter, value))));
    decisions.put(
        port,
        new PortDecision(
            true,
            current.reasons(),
            current.rulesMatched(),
            current.masks(),
            filters,
            current.minGroupSizes()));
  }

  private List<List<Object>> rows(String sql) {
    Rows sink = new Rows();
    service.query(ANALYST, sql, ReadOptions.LATEST, sink);
    return sink.rows;
  }

  private static String hmac(String value) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
    return HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
  }

  private static String sha256(String value) throws Exception {
    return HexFormat.of()
        .formatHex(
            java.security.MessageDigest.getInstance("SHA-256")
                .digest(value.getBytes(StandardCharsets.UTF_8)));
  }

  private void write(DuckDbSession session, String name, String select) throws Exception {
    Path folder = Files.createDirectories(temp.resolve(name));
    session.execute(
        "COPY (SELECT *, TIMESTAMPTZ '2026-11-20 00:00:00+00' AS _event_time,"
            + " TIMESTAMPTZ '2026-11-21 10:00:00+00' AS _processed_at, 'run-1' AS _run_id FROM ("
            + select
            + ")) TO '"
            + folder.resolve("data.parquet")
            + "' (FORMAT parquet)");
  }

  private EngineSettings settings() {
    return new EngineSettings(1, "512MB", temp.resolve("tmp"));
  }

  private static final class Rows implements ResultSink {
    final List<List<Object>> rows = new ArrayList<>();

    @Override
    public void columns(List<ResultColumn> columns) {}

    @Override
    public boolean row(List<Object> values) {
      rows.add(values);
      return true;
    }
  }

  private final class Resolver implements PortResolver {
    @Override
    public Optional<PortId> resolve(List<String> parts) {
      return List.of(PROFILES, PLAYS, BANDS).stream()
          .filter(port -> port.sqlName().replace("_v1.", ".").equals(String.join(".", parts)))
          .findFirst();
    }

    @Override
    public Output output(PortId port) {
      List<Column> columns =
          port.equals(PROFILES)
              ? PROFILE_COLUMNS
              : port.equals(PLAYS) ? PLAY_COLUMNS : BAND_COLUMNS;
      Optional<String> eventTime =
          port.equals(PROFILES) ? Optional.of("birth_date") : Optional.empty();
      return new Output(
          port.port(),
          "",
          "SELECT 1",
          eventTime,
          List.of(),
          columns,
          EnumSet.allOf(AccessMode.class));
    }

    @Override
    public PortDecision decide(PortId port, Reader reader) {
      return decisions.getOrDefault(port, PortDecision.UNRESTRICTED);
    }

    @Override
    public Set<AccessMode> access(PortId port) {
      return EnumSet.allOf(AccessMode.class);
    }

    @Override
    public List<String> similarNames(List<String> parts) {
      return List.of();
    }

    @Override
    public Instant stableAsOf(Set<PortId> ports, Instant requested) {
      return requested;
    }

    @Override
    public PortSnapshot snapshot(PortId port, Instant asOf, ReadOptions options) {
      Path folder = temp.resolve(port.port());
      PortData data =
          new PortData(
              output(port).schema(), List.of(folder.resolve("data.parquet").toString()), List.of());
      return new PortSnapshot(port, data, folder.toString(), Optional.of(1L));
    }
  }
}
