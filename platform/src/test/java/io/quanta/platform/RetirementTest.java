package io.quanta.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quanta.catalog.search.SearchQuery;
import io.quanta.error.ErrorCode;
import io.quanta.error.QuantaException;
import io.quanta.governance.Principal;
import io.quanta.governance.Reader;
import io.quanta.platform.discovery.ProductSummary;
import io.quanta.platform.registry.LifecycleState;
import io.quanta.platform.registry.ProductLifecycle;
import io.quanta.platform.registry.RunRecord;
import io.quanta.ports.sql.ReadOptions;
import io.quanta.spec.ProductId;
import io.quanta.spec.ProductRef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retiring a product version (docs/lifecycle-deprecation.md): refused before the sunset and while
 * consumers remain; then serving and running stop, the history stays, and the tables go after the
 * mesh's retention (seven days here), on a clock the test moves forward.
 */
class RetirementTest {
  private static final ProductId PLAYS = ProductId.of("podcasts", "play-events", 1);
  private static final ProductId PLAYS_V2 = ProductId.of("podcasts", "play-events", 2);
  private static final ProductId TOP = ProductId.of("marketing", "top-podcasts", 1);
  private static final Principal OWNER =
      new Principal("olga", Set.of("podcasts-team"), Set.of(), Map.of(), false);
  private static final Principal ANALYST =
      new Principal("ann", Set.of("analysts"), Set.of(), Map.of(), false);
  private static final String COUNT_V1 = "SELECT count(*) FROM podcasts.play_events_v1.events";

  @TempDir Path temp;
  private Path specs;
  private final AdvancingClock clock = new AdvancingClock();
  private Mesh mesh;

  @BeforeEach
  void deploy() throws IOException {
    specs = TestMeshes.copy("lifecycle", temp.resolve("specs"));
    Path dataDir = Files.createDirectories(temp.resolve("quanta"));
    Files.writeString(dataDir.resolve("quanta.yaml"), "lifecycle:\n  retention: P7D\n");
    mesh = Mesh.open(dataDir, clock);
    mesh.lifecycle().deployFiles(TestMeshes.specs(specs, "play-events", "play-events-v2"));
    mesh.runs().runAll(List.of(PLAYS, PLAYS_V2), "test");
  }

  @AfterEach
  void close() {
    mesh.close();
  }

  private void deprecateWithSunsetIn(int days) {
    Instant sunset =
        LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC)
            .plusDays(days)
            .atStartOfDay(ZoneOffset.UTC)
            .toInstant();
    mesh.deprecations()
        .deprecate(PLAYS, OWNER, sunset, Optional.of(PLAYS_V2), Optional.of("played_on"));
  }

  private static QuantaException conflict(Throwable thrown) {
    assertThat(thrown).isInstanceOf(QuantaException.class);
    assertThat(((QuantaException) thrown).code()).isEqualTo(ErrorCode.CONFLICT);
    return (QuantaException) thrown;
  }

  @Test
  void retiringIsRefusedBeforeTheSunsetAndWhileConsumersRemainListingThem() {
    assertThatThrownBy(() -> mesh.deprecations().retire(PLAYS, OWNER, false, Optional.empty()))
        .satisfies(RetirementTest::conflict)
        .hasMessageContaining("it is not deprecated; deprecate it with a sunset first");

    mesh.lifecycle().deployFiles(TestMeshes.specs(specs, "top-podcasts"));
    mesh.runs().run(TOP, "test");
    QueryRows.run(mesh, Reader.of(ANALYST), COUNT_V1, ReadOptions.LATEST);
    deprecateWithSunsetIn(7);

    assertThatThrownBy(() -> mesh.deprecations().retire(PLAYS, OWNER, false, Optional.empty()))
        .satisfies(RetirementTest::conflict)
        .hasMessageContaining("before its sunset")
        .hasMessageContaining("--force --reason");

    clock.advance(Duration.ofDays(8));
    assertThatThrownBy(() -> mesh.deprecations().retire(PLAYS, OWNER, false, Optional.empty()))
        .satisfies(RetirementTest::conflict)
        .hasMessageContaining("Cannot retire podcasts/play-events:1: 2 active consumers")
        .hasMessageContaining("events: product marketing/top-podcasts:1 (input plays)")
        .hasMessageContaining("events: reader ann (1 read, last ");
    assertThatThrownBy(
            () -> mesh.deprecations().retire(PLAYS, ANALYST, true, Optional.of("no reason")))
        .isInstanceOfSatisfying(
            QuantaException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN));
    assertThat(mesh.deprecations().lifecycle(PLAYS).state()).isEqualTo(LifecycleState.DEPRECATED);
  }

  @Test
  void afterTheSunsetWithoutConsumersServingStopsTheHistoryStaysAndTheTablesGoAfterRetention()
      throws IOException {
    QueryRows.run(mesh, Reader.of(ANALYST), COUNT_V1, ReadOptions.LATEST);
    RunRecord lastRun = mesh.registry().runs().list(PLAYS, 1).get(0);
    Path table = Path.of(mesh.registry().products().ports(PLAYS).get(0).tableLocation());
    deprecateWithSunsetIn(7);

    // Ann's read falls out of the 30-day window; the owner's own reads never count.
    clock.advance(Duration.ofDays(31));
    QueryRows.run(mesh, Reader.of(OWNER), COUNT_V1, ReadOptions.LATEST);
    ProductLifecycle retired = mesh.deprecations().retire(PLAYS, OWNER, false, Optional.empty());

    SoftAssertions soft = new SoftAssertions();
    soft.assertThat(retired.state()).isEqualTo(LifecycleState.RETIRED);
    soft.assertThat(retired.retirement().orElseThrow().forced()).isFalse();
    soft.assertThat(retired.retirement().orElseThrow().retiredBy()).isEqualTo("olga");
    soft.assertThatThrownBy(
            () -> QueryRows.run(mesh, Reader.of(ANALYST), COUNT_V1, ReadOptions.LATEST))
        .isInstanceOfSatisfying(
            QuantaException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.GONE))
        .hasMessageContaining("podcasts/play-events:1 was retired on ")
        .hasMessageContaining("its successor is podcasts/play-events:2");
    soft.assertThatThrownBy(
            () ->
                mesh.discovery()
                    .describe(ProductRef.parse("podcasts/play-events:1"), Reader.of(ANALYST)))
        .isInstanceOfSatisfying(
            QuantaException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.GONE));
    soft.assertThatThrownBy(() -> mesh.events().read(PLAYS.port("events"), Reader.of(OWNER), 0, 10))
        .isInstanceOfSatisfying(
            QuantaException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.GONE));
    soft.assertThatThrownBy(() -> mesh.runs().run(PLAYS, "test"))
        .isInstanceOfSatisfying(
            QuantaException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.GONE));
    // The unpinned name now means the newest version serving.
    soft.assertThat(
            QueryRows.run(
                    mesh, "SELECT count(*) FROM podcasts.play_events.events", ReadOptions.LATEST)
                .result
                .snapshots())
        .containsOnlyKeys(PLAYS_V2.port("events"));

    // Gone from the product list and search, unless asked for.
    soft.assertThat(mesh.discovery().list())
        .extracting(ProductSummary::product, ProductSummary::major)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("podcasts/play-events", 2));
    soft.assertThat(mesh.discovery().list(EnumSet.of(LifecycleState.RETIRED)))
        .extracting(ProductSummary::major, ProductSummary::state)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(1, "retired"));
    soft.assertThat(mesh.search().search(SearchQuery.text("play events")).hits())
        .extracting(hit -> hit.document().product())
        .containsExactly(PLAYS_V2);
    soft.assertThat(mesh.search().search(SearchQuery.of("", List.of("state:retired"), 20)).hits())
        .extracting(hit -> hit.document().product())
        .containsExactly(PLAYS);

    // The tombstone: its runs, checks and lifecycle stay queryable.
    soft.assertThat(mesh.registry().runs().find(lastRun.id())).isPresent();
    soft.assertThat(mesh.registry().trust().ofRun(lastRun.id()))
        .extracting(check -> check.name())
        .contains("rowCount");
    soft.assertThat(mesh.deprecations().history(PLAYS))
        .extracting(event -> event.action())
        .containsExactly("deprecated", "retired");

    // Its major version is never deployed again.
    Path patched = specs.resolve("play-events.yaml");
    Files.writeString(
        patched, Files.readString(patched).replace("version: 1.0.0", "version: 1.0.1"));
    soft.assertThatThrownBy(() -> mesh.lifecycle().deployFiles(List.of(patched)))
        .isInstanceOfSatisfying(
            QuantaException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_SPEC))
        .hasMessageContaining("metadata.version")
        .hasMessageContaining("a retired major version is never deployed again")
        .hasMessageContaining("deploy a new major (3.0.0)");
    soft.assertAll();

    // The tables stay for the retention, then a sweep drops them; the history still stays.
    assertThat(table).isDirectory();
    assertThat(mesh.deprecations().dropExpiredTables()).isEmpty();
    clock.advance(Duration.ofDays(8));
    assertThat(mesh.deprecations().dropExpiredTables()).containsExactly(PLAYS);
    assertThat(table).doesNotExist();
    assertThat(mesh.deprecations().lifecycle(PLAYS).retirement().orElseThrow().tablesDroppedAt())
        .isPresent();
    assertThat(mesh.deprecations().history(PLAYS))
        .last()
        .satisfies(
            event -> {
              assertThat(event.action()).isEqualTo("tables-dropped");
              assertThat(event.details())
                  .contains("podcasts.play_events.events_v1")
                  .contains("retention of PT168H");
            });
    assertThat(mesh.registry().runs().list(PLAYS, 10)).isNotEmpty();
    assertThat(mesh.deprecations().dropExpiredTables()).isEmpty();
  }

  @Test
  void aForcedRetirementNeedsAReasonAndItsConsumersRunsAndDeploysAreRefused() {
    mesh.lifecycle().deployFiles(TestMeshes.specs(specs, "top-podcasts"));

    assertThatThrownBy(() -> mesh.deprecations().retire(PLAYS, OWNER, true, Optional.of(" ")))
        .isInstanceOfSatisfying(
            QuantaException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST))
        .hasMessageContaining("A forced retirement needs a reason");

    ProductLifecycle retired =
        mesh.deprecations().retire(PLAYS, OWNER, true, Optional.of("the player's export broke"));
    assertThat(retired.retirement().orElseThrow().forced()).isTrue();
    assertThat(retired.retirement().orElseThrow().reason()).contains("the player's export broke");
    assertThat(retired.retiredMessage())
        .startsWith("podcasts/play-events:1 was retired on ")
        .endsWith("; it has no successor");

    assertThatThrownBy(() -> mesh.runs().run(TOP, "test"))
        .isInstanceOf(QuantaException.class)
        .hasMessageContaining("input 'plays' reads podcasts/play-events:1/events")
        .hasMessageContaining("was retired on");
    assertThatThrownBy(() -> mesh.lifecycle().deployFiles(TestMeshes.specs(specs, "listeners")))
        .isInstanceOfSatisfying(
            QuantaException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_SPEC))
        .hasMessageContaining("inputs[0].product")
        .hasMessageContaining("podcasts/play-events:1 was retired on");
    assertThatThrownBy(() -> mesh.deprecations().retire(PLAYS, OWNER, true, Optional.of("again")))
        .satisfies(RetirementTest::conflict);
  }
}
