package io.quanta.platform.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.quanta.error.ErrorCode;
import io.quanta.error.QuantaException;
import io.quanta.governance.Principal;
import io.quanta.governance.Reader;
import io.quanta.platform.Mesh;
import io.quanta.platform.registry.CheckRecord;
import io.quanta.platform.registry.RunRecord;
import io.quanta.platform.registry.RunState;
import io.quanta.spec.ProductId;
import io.quanta.spec.ProductRef;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run checks expectations and objectives and profiles its ports before it commits; an error
 * expectation quarantines the bad rows and commits nothing (docs/trust.md).
 */
class TrustTest {
  private static final ProductId USERS = ProductId.of("trust", "users", 1);
  private static final ProductId PLAYS = ProductId.of("trust", "plays", 1);
  private static final Reader OWNER =
      Reader.of(new Principal("pat", Set.of("plays-team@example.com"), Set.of(), Map.of(), false));
  private static final Reader ANALYST =
      Reader.of(new Principal("ann", Set.of("analysts"), Set.of(), Map.of(), false));

  @TempDir Path temp;
  private Path specs;

  @BeforeEach
  void copySpecs() throws IOException, URISyntaxException {
    specs = temp.resolve("specs");
    io.quanta.platform.TestMeshes.copy("trust", specs);
  }

  private Mesh deployed() {
    Mesh mesh = Mesh.open(temp.resolve("data"));
    mesh.lifecycle().deployFiles(List.of(specs.resolve("users.yaml"), specs.resolve("plays.yaml")));
    mesh.runs().run(USERS, "test");
    return mesh;
  }

  @Test
  void aCleanRunPassesEveryCheckAndProfilesItsColumns() {
    try (Mesh mesh = deployed()) {
      RunRecord run = mesh.runs().run(PLAYS, "test");

      List<CheckRecord> checks = mesh.registry().trust().ofRun(run.id());
      assertThat(checks)
          .extracting(CheckRecord::name)
          .containsExactlyInAnyOrder(
              "duplicateValues(play_id)",
              "invalidValues(device)",
              "rowCount",
              "no-marathon-plays",
              "nullValues(user_id)",
              "referentialIntegrity(user_id)",
              "invalidValues(seconds)",
              "volume",
              "completeness",
              "timeliness.p50",
              "timeliness.p95");
      assertThat(checks)
          .allSatisfy(check -> assertThat(check.passed()).as(check.message()).isTrue());

      ProductTrust trust = mesh.trust().observe(ProductRef.parse("trust/plays:1"), OWNER);
      assertThat(trust.checkedRun()).isEqualTo(run.id());
      assertThat(trust.slos())
          .extracting(SloStatus::objective, SloStatus::status)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("freshness", SloStatus.MET),
              org.assertj.core.groups.Tuple.tuple("timeliness.p50", SloStatus.MET),
              org.assertj.core.groups.Tuple.tuple("timeliness.p95", SloStatus.MET),
              org.assertj.core.groups.Tuple.tuple("completeness", SloStatus.MET),
              org.assertj.core.groups.Tuple.tuple("volume", SloStatus.MET),
              org.assertj.core.groups.Tuple.tuple("availability", SloStatus.NOT_EVALUATED));
      assertThat(trust.sloStatus()).isEqualTo(SloStatus.MET);

      ProductTrust.PortProfile profile = trust.profiles().get(0);
      assertThat(profile.rows()).isEqualTo(6);
      JsonNode seconds = column(profile.columns(), "seconds");
      assertThat(seconds.path("nulls").asLong()).isZero();
      assertThat(seconds.path("min").asText()).isEqualTo("30");
      assertThat(seconds.path("max").asText()).isEqualTo("1800");
      assertThat(seconds.path("mean").asDouble()).isEqualTo(482.5);
      JsonNode device = column(profile.columns(), "device");
      assertThat(device.path("approximateDistinct").asLong()).isEqualTo(4);
      assertThat(device.path("topValues").get(0).path("count").asLong()).isEqualTo(2);
    }
  }

  @Test
  void anErrorExpectationFailsTheRunQuarantinesTheRowsAndCommitsNothing() throws IOException {
    try (Mesh mesh = deployed()) {
      RunRecord good = mesh.runs().run(PLAYS, "test");
      long before =
          mesh.registry().runs().latestSnapshot(PLAYS.port("events")).orElseThrow().snapshotId();
      Files.writeString(
          specs.resolve("data/plays.csv"),
          "7,u1,-5,ios,2026-11-04 10:00:00\n"
              + "8,u2,60,toaster,2026-11-04 11:00:00\n"
              + "8,u3,90,web,2026-11-04 12:00:00\n",
          java.nio.file.StandardOpenOption.APPEND);

      assertThatThrownBy(() -> mesh.runs().run(PLAYS, "test"))
          .isInstanceOf(QuantaException.class)
          .hasMessageContaining("quality expectations with severity error failed")
          .hasMessageContaining("duplicateValues(play_id)")
          .hasMessageContaining("invalidValues(seconds)")
          .hasMessageContaining("3 rows of 'events' quarantined");

      assertThat(
              mesh.registry()
                  .runs()
                  .latestSnapshot(PLAYS.port("events"))
                  .orElseThrow()
                  .snapshotId())
          .isEqualTo(before);
      RunRecord failed = mesh.registry().runs().list(PLAYS, 1).get(0);
      assertThat(failed.state()).isEqualTo(RunState.FAILED);
      assertThat(failed.id()).isNotEqualTo(good.id());
      List<CheckRecord> checks = mesh.registry().trust().ofRun(failed.id());
      assertThat(checks)
          .filteredOn(check -> !check.passed())
          .extracting(CheckRecord::name, CheckRecord::severity)
          .containsExactlyInAnyOrder(
              org.assertj.core.groups.Tuple.tuple("duplicateValues(play_id)", "error"),
              org.assertj.core.groups.Tuple.tuple("invalidValues(device)", "warn"),
              org.assertj.core.groups.Tuple.tuple("invalidValues(seconds)", "error"));

      QuarantineService.Quarantined quarantined =
          mesh.quarantine().read(PLAYS.port("events"), OWNER, Optional.of(failed.id()), 10);
      assertThat(quarantined.total()).isEqualTo(3);
      int check = quarantined.columns().indexOf("_check");
      int playId = quarantined.columns().indexOf("play_id");
      assertThat(quarantined.rows())
          .extracting(row -> row.get(playId) + " " + row.get(check))
          .containsExactlyInAnyOrder(
              "7 invalidValues(seconds)",
              "8 duplicateValues(play_id)",
              "8 duplicateValues(play_id)");
      assertThat(quarantined.rows())
          .allSatisfy(
              row -> assertThat(row.get(quarantined.columns().indexOf("_reason"))).isNotBlank());

      assertThatThrownBy(
              () -> mesh.quarantine().read(PLAYS.port("events"), ANALYST, Optional.empty(), 10))
          .isInstanceOfSatisfying(
              QuantaException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.ACCESS_DENIED));

      ProductTrust trust = mesh.trust().observe(ProductRef.parse("trust/plays:1"), OWNER);
      assertThat(trust.checkedRun()).isEqualTo(failed.id());
      assertThat(trust.runs().get(0).checksFailed()).isEqualTo(3);
    }
  }

  @Test
  void theQuarantineKeepsItsRowsWhenThePortGainsAColumnInPlace() throws IOException {
    try (Mesh mesh = deployed()) {
      Files.writeString(
          specs.resolve("data/plays.csv"),
          "7,u1,-5,ios,2026-11-04 10:00:00\n",
          java.nio.file.StandardOpenOption.APPEND);
      assertThatThrownBy(() -> mesh.runs().run(PLAYS, "test")).isInstanceOf(QuantaException.class);

      Path plays = specs.resolve("plays.yaml");
      Files.writeString(
          plays,
          Files.readString(plays)
              .replace("version: 1.0.0", "version: 1.1.0")
              .replace(
                  "sql: SELECT play_id, user_id, seconds, device, played_at FROM plays",
                  "sql: SELECT play_id, user_id, seconds, device, played_at, seconds / 60 AS"
                      + " minutes FROM plays")
              .replace(
                  "      - {name: played_at, type: timestamp}\nslo:",
                  "      - {name: played_at, type: timestamp}\n      - {name: minutes, type:"
                      + " double}\nslo:"));
      mesh.lifecycle().deployFiles(List.of(plays));
      Files.writeString(
          specs.resolve("data/plays.csv"),
          "8,u2,-7,web,2026-11-04 11:00:00\n",
          java.nio.file.StandardOpenOption.APPEND);
      assertThatThrownBy(() -> mesh.runs().run(PLAYS, "test")).isInstanceOf(QuantaException.class);

      QuarantineService.Quarantined quarantined =
          mesh.quarantine().read(PLAYS.port("events"), OWNER, Optional.empty(), 10);
      assertThat(quarantined.columns()).contains("minutes", "_check");
      int playId = quarantined.columns().indexOf("play_id");
      int minutes = quarantined.columns().indexOf("minutes");
      assertThat(quarantined.rows())
          .extracting(row -> row.get(playId) + " " + row.get(minutes))
          .contains("7 null", "8 -0.11666666666666667");
    }
  }

  @Test
  void aWarnExpectationCommitsAndFlags() throws IOException {
    try (Mesh mesh = deployed()) {
      Files.writeString(
          specs.resolve("data/plays.csv"),
          "7,u1,60,toaster,2026-11-04 10:00:00\n",
          java.nio.file.StandardOpenOption.APPEND);

      RunRecord run = mesh.runs().run(PLAYS, "test");

      assertThat(run.state()).isEqualTo(RunState.SUCCEEDED);
      assertThat(mesh.registry().trust().ofRun(run.id()))
          .filteredOn(check -> !check.passed())
          .singleElement()
          .satisfies(
              check -> {
                assertThat(check.name()).isEqualTo("invalidValues(device)");
                assertThat(check.failingRows()).hasValue(1);
                assertThat(check.message()).contains("1");
              });
    }
  }

  @Test
  void aNullRateJumpBetweenRunsIsADriftWarning() throws IOException {
    try (Mesh mesh = deployed()) {
      mesh.runs().run(PLAYS, "test");
      Files.writeString(
          specs.resolve("data/plays.csv"),
          "play_id,user_id,seconds,device,played_at\n"
              + "1,u1,120,,2026-11-01 10:00:00\n"
              + "2,u2,300,,2026-11-01 11:00:00\n"
              + "3,u3,45,,2026-11-02 09:30:00\n"
              + "4,u1,600,ios,2026-11-02 20:15:00\n"
              + "5,u4,30,,2026-11-03 07:45:00\n"
              + "6,u2,1800,,2026-11-03 21:00:00\n");

      RunRecord run = mesh.runs().run(PLAYS, "test");

      assertThat(mesh.registry().trust().ofRun(run.id()))
          .filteredOn(check -> check.kind() == CheckRecord.Kind.DRIFT)
          .extracting(CheckRecord::name)
          .contains("drift.null_rate(device)")
          .doesNotContain("drift.null_rate(seconds)");
    }
  }

  @Test
  void profilesFollowTheReadersPolicies() {
    try (Mesh mesh = deployed()) {
      Reader usersOwner =
          Reader.of(
              new Principal("uma", Set.of("users-team@example.com"), Set.of(), Map.of(), false));

      JsonNode clear =
          mesh.trust()
              .observe(ProductRef.parse("trust/users:1"), usersOwner)
              .profiles()
              .get(0)
              .columns();
      JsonNode masked =
          mesh.trust()
              .observe(ProductRef.parse("trust/users:1"), ANALYST)
              .profiles()
              .get(0)
              .columns();

      assertThat(column(clear, "country").has("topValues")).isTrue();
      JsonNode country = column(masked, "country");
      assertThat(country.has("masked")).isTrue();
      assertThat(country.has("topValues")).isFalse();
      assertThat(country.has("min")).isFalse();
      assertThat(masked.toString()).doesNotContain("\"SE\"").doesNotContain("\"FR\"");
      assertThat(column(masked, "age").path("max").asText()).isEqualTo("45");
    }
  }

  @Test
  void aDriftOnAColumnMaskedForTheReaderHidesItsStatistics() throws IOException {
    try (Mesh mesh = deployed()) {
      Files.writeString(
          specs.resolve("data/users.csv"),
          "user_id,country,age\nu1,,34\nu2,,28\nu3,,45\nu4,SE,19\n");
      mesh.runs().run(USERS, "test");

      ProductTrust analyst = mesh.trust().observe(ProductRef.parse("trust/users:1"), ANALYST);
      ProductTrust.CheckResult drift =
          analyst.checks().stream()
              .filter(check -> check.name().equals("drift.null_rate(country)"))
              .findFirst()
              .orElseThrow();
      assertThat(drift.observed()).isNull();
      assertThat(drift.threshold()).isNull();
      assertThat(drift.message()).contains("details hidden");

      Reader usersOwner =
          Reader.of(
              new Principal("uma", Set.of("users-team@example.com"), Set.of(), Map.of(), false));
      assertThat(mesh.trust().observe(ProductRef.parse("trust/users:1"), usersOwner).checks())
          .filteredOn(check -> check.name().equals("drift.null_rate(country)"))
          .singleElement()
          .satisfies(check -> assertThat(check.observed()).isEqualTo("75"));
    }
  }

  @Test
  void aReaderWhoseRowsAreFilteredSeesNoCountsOfTheChecks() throws IOException {
    Path plays = specs.resolve("plays.yaml");
    Files.writeString(
        plays,
        Files.readString(plays)
            + "policies:\n  rowFilters:\n    - id: long-plays\n      where: \"seconds > 100\"\n"
            + "      unless: \"'plays-team@example.com' in principal.groups\"\n");
    try (Mesh mesh = deployed()) {
      mesh.runs().run(PLAYS, "test");

      ProductTrust filtered = mesh.trust().observe(ProductRef.parse("trust/plays:1"), ANALYST);
      assertThat(filtered.checks())
          .isNotEmpty()
          .allSatisfy(
              check -> {
                assertThat(check.failingRows()).isNull();
                assertThat(check.totalRows()).isNull();
                assertThat(check.observed()).isNull();
                assertThat(check.message()).contains("details hidden");
              });
      assertThat(filtered.profiles().get(0).withheld()).contains("filtered");
      assertThat(mesh.trust().observe(ProductRef.parse("trust/plays:1"), OWNER).checks())
          .allSatisfy(check -> assertThat(check.observed()).isNotNull());
    }
  }

  @Test
  void theMonitorProbesPortsForAvailabilityAndRecordsFreshness() {
    try (Mesh mesh = deployed()) {
      mesh.runs().run(PLAYS, "test");

      mesh.monitor().checkOnce();

      ProductTrust trust = mesh.trust().observe(ProductRef.parse("trust/plays:1"), OWNER);
      assertThat(trust.slos())
          .filteredOn(slo -> slo.objective().equals("availability"))
          .singleElement()
          .satisfies(
              slo -> {
                assertThat(slo.status()).isEqualTo(SloStatus.MET);
                assertThat(slo.observed()).isEqualTo("1.0000");
              });
      assertThat(mesh.registry().trust().latestEvaluations(PLAYS))
          .extracting(CheckRecord::name)
          .containsExactlyInAnyOrder("freshness", "availability");
      assertThat(mesh.metrics().scrape())
          .contains(
              "quanta_slo_status{objective=\"availability\",port=\"events\",product=\"trust/plays:1\"} 1.0");
    }
  }

  @Test
  void aCheckThatDoesNotBindIsRefusedAtDeploy() throws IOException {
    Path plays = specs.resolve("plays.yaml");
    String spec = Files.readString(plays);
    Files.writeString(
        plays,
        spec.replace(
                "query: SELECT * FROM port WHERE seconds > 36000",
                "query: SELECT * FROM users WHERE age > 100")
            .replace(
                "completeness: {min: 1, against: plays}",
                "completeness: {min: 1, expected: SELECT count(*) FROM playz}"));
    try (Mesh mesh = Mesh.open(temp.resolve("data"))) {
      mesh.lifecycle().deployFiles(List.of(specs.resolve("users.yaml")));

      assertThatThrownBy(() -> mesh.lifecycle().deployFiles(List.of(plays)))
          .isInstanceOfSatisfying(
              QuantaException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_SPEC))
          .hasMessageContaining("plays.yaml:")
          .hasMessageContaining("outputs[0].quality")
          .hasMessageContaining("no-marathon-plays")
          .hasMessageContaining("users")
          .hasMessageContaining("slo.completeness")
          .hasMessageContaining("playz");
      assertThat(mesh.registry().products().find(PLAYS)).isEmpty();
    }
  }

  /** The system clock moved forward by what a test adds. */
  private static final class ShiftedClock extends java.time.Clock {
    private volatile java.time.Duration shift = java.time.Duration.ZERO;

    void add(java.time.Duration more) {
      shift = shift.plus(more);
    }

    @Override
    public java.time.ZoneId getZone() {
      return java.time.ZoneOffset.UTC;
    }

    @Override
    public java.time.Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public java.time.Instant instant() {
      return java.time.Instant.now().plus(shift);
    }
  }

  @Test
  void freshnessAndAvailabilityBreakAsTimePassesAndPortsFail() throws IOException {
    ShiftedClock clock = new ShiftedClock();
    try (Mesh mesh = Mesh.open(temp.resolve("data"), clock)) {
      mesh.lifecycle()
          .deployFiles(List.of(specs.resolve("users.yaml"), specs.resolve("plays.yaml")));
      mesh.runs().run(USERS, "test");
      mesh.runs().run(PLAYS, "test");
      mesh.monitor().checkOnce();

      clock.add(java.time.Duration.ofHours(2));
      // The port's files are gone: the next probe fails.
      try (Stream<Path> files =
          Files.walk(temp.resolve("data/warehouse/trust/plays/events_v1/data"))) {
        for (Path file : files.filter(Files::isRegularFile).toList()) {
          Files.delete(file);
        }
      }
      mesh.monitor().checkOnce();

      ProductTrust trust = mesh.trust().observe(ProductRef.parse("trust/plays:1"), OWNER);
      assertThat(trust.slos())
          .filteredOn(slo -> slo.objective().equals("freshness"))
          .singleElement()
          .satisfies(
              slo -> {
                assertThat(slo.status()).isEqualTo(SloStatus.BREACHED);
                assertThat(slo.message()).contains("2h 0m old");
              });
      assertThat(trust.slos())
          .filteredOn(slo -> slo.objective().equals("availability"))
          .singleElement()
          .satisfies(
              slo -> {
                assertThat(slo.status()).isEqualTo(SloStatus.BREACHED);
                assertThat(slo.message()).startsWith("1 of 2 probes succeeded");
              });
      assertThat(trust.sloStatus()).isEqualTo(SloStatus.BREACHED);
      assertThat(mesh.alerts().open(PLAYS))
          .extracting(incident -> incident.check())
          .containsExactlyInAnyOrder("freshness", "availability");
      assertThat(mesh.search().search(io.quanta.catalog.search.SearchQuery.text("plays")).hits())
          .filteredOn(hit -> hit.document().product().equals(PLAYS))
          .singleElement()
          .satisfies(hit -> assertThat(hit.document().sloStatus()).isEqualTo("breached"));
    }
  }

  private static JsonNode column(JsonNode columns, String name) {
    for (JsonNode column : columns) {
      if (column.path("column").asText().equals(name)) {
        return column;
      }
    }
    throw new AssertionError("no profile of column " + name + " in " + columns);
  }
}
