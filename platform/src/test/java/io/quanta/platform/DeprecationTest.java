package io.quanta.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quanta.catalog.search.SearchHit;
import io.quanta.catalog.search.SearchQuery;
import io.quanta.error.ErrorCode;
import io.quanta.error.QuantaException;
import io.quanta.governance.Principal;
import io.quanta.governance.Reader;
import io.quanta.platform.discovery.ProductDocument;
import io.quanta.platform.discovery.ProductSummary;
import io.quanta.platform.lifecycle.Consumers;
import io.quanta.platform.lifecycle.Validation;
import io.quanta.platform.registry.ProductLifecycle;
import io.quanta.platform.registry.RunRecord;
import io.quanta.platform.registry.RunWarning;
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
 * Deprecating a product version (docs/lifecycle-deprecation.md): what its document, search, the
 * product list, its consumers' runs and deploys say, and who may do it.
 */
class DeprecationTest {
  private static final ProductId PLAYS = ProductId.of("podcasts", "play-events", 1);
  private static final ProductId PLAYS_V2 = ProductId.of("podcasts", "play-events", 2);
  private static final ProductId TOP = ProductId.of("marketing", "top-podcasts", 1);
  private static final Principal OWNER =
      new Principal("olga", Set.of("podcasts-team"), Set.of(), Map.of(), false);
  private static final Principal ANALYST =
      new Principal("ann", Set.of("analysts"), Set.of(), Map.of(), false);
  private static final Principal GOVERNANCE =
      new Principal("gus", Set.of(), Set.of(Principal.GOVERNANCE_ROLE), Map.of(), false);

  @TempDir Path temp;
  private Path specs;
  private Path dataDir;
  private Mesh mesh;

  @BeforeEach
  void deploy() {
    specs = TestMeshes.copy("lifecycle", temp.resolve("specs"));
    dataDir = temp.resolve("quanta");
    mesh = Mesh.open(dataDir);
    mesh.lifecycle()
        .deployFiles(TestMeshes.specs(specs, "play-events", "play-events-v2", "top-podcasts"));
    mesh.runs().runAll(List.of(PLAYS, PLAYS_V2, TOP), "test");
  }

  @AfterEach
  void close() {
    mesh.close();
  }

  private Instant inDays(int days) {
    return LocalDate.now(ZoneOffset.UTC).plusDays(days).atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  private ProductLifecycle deprecate() {
    return mesh.deprecations()
        .deprecate(
            PLAYS, OWNER, inDays(30), Optional.of(PLAYS_V2), Optional.of("played_on is added"));
  }

  @Test
  void aDeprecatedVersionSaysSoInItsDocumentInSearchAndInTheProductList() {
    deprecate();

    ProductDocument document =
        mesh.discovery().describe(ProductRef.parse("podcasts/play-events:1"), Reader.of(ANALYST));
    SoftAssertions soft = new SoftAssertions();
    soft.assertThat(document.state()).isEqualTo("deprecated");
    soft.assertThat(document.deprecation().sunset()).isEqualTo(inDays(30).toString());
    soft.assertThat(document.deprecation().successor()).isEqualTo("podcasts/play-events:2");
    soft.assertThat(document.deprecation().successorHref())
        .isEqualTo("/api/v1/products/podcasts/play-events/2");
    soft.assertThat(document.deprecation().deprecatedBy()).isEqualTo("olga");
    soft.assertThat(document.deprecation().reason()).isEqualTo("played_on is added");
    soft.assertThat(
            mesh.discovery()
                .describe(ProductRef.parse("podcasts/play-events:2"), Reader.of(ANALYST))
                .deprecation())
        .isNull();
    soft.assertThat(mesh.discovery().list())
        .filteredOn(summary -> summary.product().equals("podcasts/play-events"))
        .extracting(ProductSummary::major, ProductSummary::state)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1, "deprecated"),
            org.assertj.core.groups.Tuple.tuple(2, "active"));

    List<SearchHit> deprecated =
        mesh.search().search(SearchQuery.of("", List.of("state:deprecated"), 20)).hits();
    soft.assertThat(deprecated).extracting(hit -> hit.document().product()).containsExactly(PLAYS);
    soft.assertThat(mesh.search().search(SearchQuery.text("play events")).hits())
        .filteredOn(hit -> hit.document().product().equals(PLAYS))
        .extracting(hit -> hit.document().state())
        .containsExactly("deprecated");
    soft.assertAll();
  }

  @Test
  void onlyTheOwnerOrTheGovernanceRoleDeprecatesAndTheSunsetAndSuccessorAreChecked() {
    assertThatThrownBy(
            () ->
                mesh.deprecations()
                    .deprecate(PLAYS, ANALYST, inDays(30), Optional.empty(), Optional.empty()))
        .isInstanceOfSatisfying(
            QuantaException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN))
        .hasMessageContaining("Only the owner of podcasts/play-events:1 (podcasts-team)");
    assertThatThrownBy(
            () ->
                mesh.deprecations()
                    .deprecate(PLAYS, OWNER, inDays(-1), Optional.empty(), Optional.empty()))
        .isInstanceOfSatisfying(
            QuantaException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST))
        .hasMessageContaining("is in the past");
    assertThatThrownBy(
            () ->
                mesh.deprecations()
                    .deprecate(
                        PLAYS,
                        OWNER,
                        inDays(30),
                        Optional.of(ProductId.of("podcasts", "play-events", 3)),
                        Optional.empty()))
        .isInstanceOfSatisfying(
            QuantaException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND))
        .hasMessageContaining("podcasts/play-events:3");
    assertThat(mesh.deprecations().lifecycle(PLAYS).isDeprecated()).isFalse();

    // Governance may, and a second deprecation changes the sunset but keeps when it started.
    ProductLifecycle first =
        mesh.deprecations()
            .deprecate(PLAYS, GOVERNANCE, inDays(10), Optional.empty(), Optional.empty());
    ProductLifecycle changed = deprecate();
    assertThat(changed.deprecation().orElseThrow().sunset()).isEqualTo(inDays(30));
    assertThat(changed.deprecation().orElseThrow().deprecatedAt())
        .isEqualTo(first.deprecation().orElseThrow().deprecatedAt());
    assertThat(mesh.deprecations().history(PLAYS))
        .extracting(event -> event.action() + " by " + event.by())
        .containsExactly("deprecated by gus", "deprecation-changed by olga");
  }

  @Test
  void aRunReadingADeprecatedVersionWarnsAndRecordsTheWarning() {
    RunRecord before = mesh.runs().run(TOP, "test");
    assertThat(mesh.registry().lifecycle().runWarnings(before.id())).isEmpty();

    deprecate();
    RunRecord run = mesh.runs().run(TOP, "test");

    assertThat(mesh.registry().lifecycle().runWarnings(run.id()))
        .singleElement()
        .satisfies(
            warning -> {
              assertThat(warning.kind()).isEqualTo(RunWarning.DEPRECATED_INPUT);
              assertThat(warning.input()).contains("plays");
              assertThat(warning.message())
                  .contains("input 'plays' reads podcasts/play-events:1/events, deprecated since")
                  .contains("with sunset " + LocalDate.now(ZoneOffset.UTC).plusDays(30))
                  .contains("move to podcasts/play-events:2")
                  .contains("played_on is added");
            });
    // The version keeps serving while deprecated.
    assertThat(
            QueryRows.run(
                    mesh, "SELECT count(*) FROM podcasts.play_events_v1.events", ReadOptions.LATEST)
                .rows)
        .containsExactly("3");
  }

  @Test
  void aNewConsumerOfADeprecatedVersionOnlyWarnsByDefault() {
    deprecate();

    Validation validation = mesh.lifecycle().validateFiles(TestMeshes.specs(specs, "listeners"));

    assertThat(validation.errors()).isEmpty();
    assertThat(validation.warnings())
        .extracting(Object::toString)
        .anySatisfy(
            warning ->
                assertThat(warning)
                    .contains("listeners.yaml:12:")
                    .contains("inputs[0].product")
                    .contains("reads podcasts/play-events:1/events, deprecated with sunset")
                    .contains("move to podcasts/play-events:2"));
    mesh.lifecycle().deploy(validation);
  }

  @Test
  void aNewConsumerIsRefusedWhenTheMeshSaysSoWhileAnExistingOneRedeploys() throws IOException {
    mesh.close();
    Files.writeString(
        dataDir.resolve("quanta.yaml"), "lifecycle:\n  refuse-new-consumers-of-deprecated: true\n");
    mesh = Mesh.open(dataDir);
    deprecate();

    assertThatThrownBy(() -> mesh.lifecycle().deployFiles(TestMeshes.specs(specs, "listeners")))
        .isInstanceOfSatisfying(
            QuantaException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_SPEC))
        .hasMessageContaining("reads podcasts/play-events:1/events, deprecated with sunset")
        .hasMessageContaining(
            "this mesh refuses new consumers of deprecated versions"
                + " (lifecycle.refuse-new-consumers-of-deprecated)");
    assertThat(mesh.registry().products().find(ProductId.of("marketing", "listeners", 1)))
        .isEmpty();

    Path patched = specs.resolve("top-podcasts.yaml");
    Files.writeString(
        patched, Files.readString(patched).replace("version: 1.0.0", "version: 1.0.1"));
    Validation redeploy = mesh.lifecycle().validateFiles(List.of(patched));
    assertThat(redeploy.errors()).isEmpty();
    assertThat(redeploy.warnings())
        .extracting(Object::toString)
        .anyMatch(warning -> warning.contains("deprecated with sunset"));
    mesh.lifecycle().deploy(redeploy);
    assertThat(mesh.registry().products().find(TOP).orElseThrow().version().toString())
        .isEqualTo("1.0.1");
  }

  @Test
  void redeployingADeprecatedVersionKeepsItDeprecated() throws IOException {
    deprecate();
    Path patched = specs.resolve("play-events.yaml");
    Files.writeString(
        patched, Files.readString(patched).replace("version: 1.0.0", "version: 1.0.1"));

    mesh.lifecycle().deployFiles(List.of(patched));

    assertThat(mesh.registry().products().find(PLAYS).orElseThrow().state())
        .isEqualTo("deprecated");
    assertThat(
            mesh.discovery()
                .describe(ProductRef.parse("podcasts/play-events:1"), Reader.of(ANALYST))
                .deprecation()
                .successor())
        .isEqualTo("podcasts/play-events:2");
  }

  @Test
  void consumersAreTheProductsReadingAPortAndItsReadersWhomOnlyTheOwnerAndGovernanceSee() {
    Instant start = Instant.now().minus(Duration.ofMinutes(1));
    String sql = "SELECT count(*) FROM podcasts.play_events_v1.events";
    QueryRows.run(mesh, Reader.of(ANALYST), sql, ReadOptions.LATEST);
    QueryRows.run(mesh, new Reader(ANALYST, Optional.of("weekly-report")), sql, ReadOptions.LATEST);
    // The product's own team reading it is no consumer.
    QueryRows.run(mesh, Reader.of(OWNER), sql, ReadOptions.LATEST);

    Consumers seenByOwner = mesh.consumers().of(PLAYS, OWNER, start);

    assertThat(seenByOwner.readersShown()).isTrue();
    Consumers.PortConsumers events = seenByOwner.ports().get(0);
    assertThat(events.port()).isEqualTo("events");
    assertThat(events.products())
        .singleElement()
        .satisfies(
            product -> {
              assertThat(product.product()).isEqualTo(TOP);
              assertThat(product.input()).isEqualTo("plays");
              assertThat(product.owner()).isEqualTo("marketing-team");
              assertThat(product.reads()).isEqualTo(1); // the run in @BeforeEach
              assertThat(product.lastReadAt()).isPresent();
            });
    assertThat(events.readers())
        .singleElement()
        .satisfies(
            reader -> {
              assertThat(reader.reader()).isEqualTo("ann");
              assertThat(reader.reads()).isEqualTo(2);
              assertThat(reader.modes()).containsExactly("sql");
              assertThat(reader.purposes()).containsExactly("weekly-report");
            });
    assertThat(mesh.consumers().of(PLAYS, GOVERNANCE, start).ports().get(0).readers()).hasSize(1);

    Consumers seenByAnalyst = mesh.consumers().of(PLAYS, ANALYST, start);
    assertThat(seenByAnalyst.readersShown()).isFalse();
    assertThat(seenByAnalyst.ports().get(0).readers()).isEmpty();
    assertThat(seenByAnalyst.ports().get(0).products())
        .extracting(Consumers.ProductConsumer::product)
        .containsExactly(TOP);

    // A window after the reads has none of them.
    assertThat(
            mesh.consumers()
                .of(PLAYS, OWNER, mesh.consumers().since("since", "PT0S"))
                .ports()
                .get(0)
                .readers())
        .isEmpty();
  }
}
