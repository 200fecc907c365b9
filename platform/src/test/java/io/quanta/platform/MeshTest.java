package io.quanta.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quanta.error.ErrorCode;
import io.quanta.error.Problem;
import io.quanta.error.QuantaException;
import io.quanta.governance.Principal;
import io.quanta.governance.Reader;
import io.quanta.platform.lifecycle.Deployment;
import io.quanta.platform.lifecycle.Validation;
import io.quanta.platform.registry.ProcessIdentity;
import io.quanta.platform.registry.RunRecord;
import io.quanta.platform.registry.RunState;
import io.quanta.platform.run.RunService;
import io.quanta.ports.sql.ReadOptions;
import io.quanta.spec.ProductId;
import io.quanta.spec.ProductRef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MeshTest {
  private static final ProductId CATALOG = ProductId.of("podcasts", "podcast-catalog", 1);
  private static final ProductId PLAYS = ProductId.of("podcasts", "play-events", 1);
  private static final ProductId TOP = ProductId.of("podcasts", "top-podcasts", 1);

  @TempDir Path temp;
  private Path specs;
  private Path dataDir;

  @BeforeEach
  void copySpecs() {
    specs = TestMeshes.copy("mesh", temp.resolve("specs"));
    dataDir = temp.resolve("quanta");
  }

  @Test
  void deploysRunsAndServesAProductEndToEnd() {
    try (Mesh mesh = Mesh.open(dataDir)) {
      List<Deployment> deployments = mesh.lifecycle().deployFiles(allSpecs());
      assertThat(deployments)
          .extracting(Deployment::product)
          .containsExactly(PLAYS, CATALOG, TOP); // upstream first, whatever the file order

      List<RunService.Outcome> outcomes = mesh.runs().runAll(List.of(TOP, PLAYS, CATALOG), "test");
      assertThat(outcomes)
          .extracting(RunService.Outcome::product)
          .containsExactly(PLAYS, CATALOG, TOP);
      assertThat(outcomes).allSatisfy(outcome -> assertThat(outcome.succeeded()).isTrue());

      assertThat(
              rows(
                  mesh,
                  "SELECT podcast_id, title, listens FROM podcasts.top_podcasts.listens ORDER BY 1"))
          .containsExactly("p1|Data Mesh Radio|2", "p2|The Pipeline|1");
      assertThat(rows(mesh, "SELECT count(*) FROM podcasts.play_events_v1.events"))
          .containsExactly("3");
    }
  }

  @Test
  void deployingTheSameSpecsAgainChangesNothing() {
    try (Mesh mesh = Mesh.open(dataDir)) {
      mesh.lifecycle().deployFiles(allSpecs());
      assertThat(mesh.lifecycle().deployFiles(allSpecs()))
          .extracting(Deployment::change)
          .containsOnly(Deployment.Change.UNCHANGED);
    }
  }

  @Test
  void aRerunAfterNewSourceRowsCommitsANewSnapshotWithOnlyTheNewRows() throws IOException {
    try (Mesh mesh = Mesh.open(dataDir)) {
      mesh.lifecycle().deployFiles(allSpecs());
      RunRecord first = mesh.runs().run(PLAYS, "test");
      RunRecord unchanged = mesh.runs().run(PLAYS, "test");
      Files.writeString(
          specs.resolve("data/plays.csv"),
          "u3,p2,2026-11-03T08:00:00Z\n",
          java.nio.file.StandardOpenOption.APPEND);
      RunRecord second = mesh.runs().run(PLAYS, "test");

      assertThat(first.ports())
          .singleElement()
          .satisfies(port -> assertThat(port.rowsAdded()).isEqualTo(3));
      assertThat(unchanged.ports())
          .singleElement()
          .satisfies(
              port -> {
                assertThat(port.rowsAdded()).isZero();
                assertThat(port.snapshotId()).isEmpty();
              });
      assertThat(second.ports())
          .singleElement()
          .satisfies(
              port -> {
                assertThat(port.rowsAdded()).isEqualTo(1);
                assertThat(port.snapshotId())
                    .isPresent()
                    .isNotEqualTo(first.ports().get(0).snapshotId());
              });
      assertThat(rows(mesh, "SELECT count(*) FROM podcasts.play_events.events"))
          .containsExactly("4");
      assertThat(rows(mesh, "SELECT count(DISTINCT _run_id) FROM podcasts.play_events.events"))
          .containsExactly("2");
    }
  }

  @Test
  void aCorrectedFactShowsInTheLatestReadTheOldValueAsOfBeforeItAndBothInHistory()
      throws IOException {
    try (Mesh mesh = Mesh.open(dataDir)) {
      mesh.lifecycle().deployFiles(allSpecs());
      RunRecord first = mesh.runs().run(CATALOG, "test");
      Instant beforeCorrection = first.processedAt().orElseThrow();
      Files.writeString(
          specs.resolve("data/podcasts.csv"),
          "podcast_id,title,released,episodes\np1,Data Mesh Radio,2026-01-10,12\np2,The Data Pipeline,2026-03-01,30\n");
      RunRecord correction = mesh.runs().run(CATALOG, "test");
      assertThat(correction.ports().get(0).rowsCorrected()).isEqualTo(1);

      String sql = "SELECT title FROM podcasts.podcast_catalog.podcasts WHERE podcast_id = 'p2'";
      assertThat(rows(mesh, sql)).containsExactly("The Data Pipeline");
      assertThat(rows(mesh, sql, ReadOptions.LATEST.withAsOf(beforeCorrection)))
          .containsExactly("The Pipeline");
      ReadOptions history =
          new ReadOptions(
              Optional.empty(), true, Optional.empty(), Optional.empty(), Optional.empty());
      assertThat(rows(mesh, sql + " ORDER BY _processed_at", history))
          .containsExactly("The Pipeline", "The Data Pipeline");
      ReadOptions changesSince =
          new ReadOptions(
              Optional.empty(),
              true,
              Optional.of(beforeCorrection),
              Optional.empty(),
              Optional.empty());
      assertThat(rows(mesh, sql, changesSince)).containsExactly("The Data Pipeline");
      assertThat(rows(mesh, "SELECT count(*) FROM podcasts.podcast_catalog.podcasts"))
          .containsExactly("2");
    }
  }

  @Test
  void readsAnEventTimeWindow() {
    try (Mesh mesh = Mesh.open(dataDir)) {
      mesh.lifecycle().deployFiles(allSpecs());
      mesh.runs().run(PLAYS, "test");
      ReadOptions firstOfNovember =
          new ReadOptions(
              Optional.empty(),
              false,
              Optional.empty(),
              Optional.of(Instant.parse("2026-11-01T00:00:00Z")),
              Optional.of(Instant.parse("2026-11-02T00:00:00Z")));
      assertThat(rows(mesh, "SELECT count(*) FROM podcasts.play_events.events", firstOfNovember))
          .containsExactly("2");
      ReadOptions openEnded =
          new ReadOptions(
              Optional.empty(),
              false,
              Optional.empty(),
              Optional.of(ReadOptions.parseTime("from", "0001-01-01")),
              Optional.of(ReadOptions.parseTime("to", "9999-12-31")));
      assertThat(rows(mesh, "SELECT count(*) FROM podcasts.play_events.events", openEnded))
          .containsExactly("3");
    }
  }

  @Test
  void aQueryReadsEveryProductAsOfTheSameTime() throws IOException {
    try (Mesh mesh = Mesh.open(dataDir)) {
      mesh.lifecycle().deployFiles(allSpecs());
      mesh.runs().runAll(List.of(CATALOG, PLAYS, TOP), "test");
      Instant before = mesh.runs().run(TOP, "test").startedAt();
      Files.writeString(
          specs.resolve("data/plays.csv"),
          "u3,p2,2026-11-03T08:00:00Z\n",
          java.nio.file.StandardOpenOption.APPEND);
      mesh.runs().runAll(List.of(PLAYS, TOP), "test");

      String join =
          "SELECT t.listens, (SELECT count(*) FROM podcasts.play_events.events e WHERE e.podcast_id = 'p2')"
              + " FROM podcasts.top_podcasts.listens t WHERE t.podcast_id = 'p2'";
      assertThat(rows(mesh, join)).containsExactly("2|2");
      QueryRows then = QueryRows.run(mesh, join, ReadOptions.LATEST.withAsOf(before));
      assertThat(then.rows).containsExactly("1|1");
      assertThat(then.result.asOf()).isEqualTo(before);
    }
  }

  @Test
  void aRunThatFailsMidWayLeavesEveryPortAsItWasAndRecordsWhy() throws IOException {
    try (Mesh mesh = Mesh.open(dataDir)) {
      mesh.lifecycle().deployFiles(allSpecs());
      mesh.runs().runAll(List.of(CATALOG, PLAYS, TOP), "test");
      // A podcast with no episodes: 'listens' computes (and writes its file), then 'episode-share'
      // has no value for a required column.
      Files.writeString(
          specs.resolve("data/podcasts.csv"),
          "p3,Third,2026-04-01,0\n",
          java.nio.file.StandardOpenOption.APPEND);
      mesh.runs().run(CATALOG, "test");
      List<String> listensBefore =
          rows(mesh, "SELECT * FROM podcasts.top_podcasts.listens ORDER BY 1");
      List<Path> filesBefore = dataFiles();

      assertThatThrownBy(() -> mesh.runs().run(TOP, "test"))
          .isInstanceOfSatisfying(
              QuantaException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.RUN_FAILED))
          .hasMessageContaining("nothing was committed")
          .hasMessageContaining(
              "output 'episode-share': 1 row has no value in column 'per_episode'");

      assertThat(rows(mesh, "SELECT * FROM podcasts.top_podcasts.listens ORDER BY 1"))
          .isEqualTo(listensBefore);
      assertThat(dataFiles()).isEqualTo(filesBefore);
      RunRecord failed = mesh.registry().runs().list(TOP, 1).get(0);
      assertThat(failed.state()).isEqualTo(RunState.FAILED);
      assertThat(failed.error())
          .hasValueSatisfying(error -> assertThat(error).contains("episode-share"));
      assertThat(failed.finishedAt()).isPresent();
    }
  }

  @Test
  void aFileThatNoLongerParsesFailsTheRunWithWhatAndWhere() throws IOException {
    try (Mesh mesh = Mesh.open(dataDir)) {
      mesh.lifecycle().deployFiles(allSpecs());
      Files.writeString(
          specs.resolve("data/podcasts.csv"),
          "podcast_id,title,released,episodes\np1,Data Mesh Radio,2026-01-10,many\n");
      assertThatThrownBy(() -> mesh.runs().run(CATALOG, "test"))
          .isInstanceOfSatisfying(
              QuantaException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.RUN_FAILED))
          .hasMessageContaining("output 'podcasts'")
          .hasMessageContaining("many");
      assertThat(rows(mesh, "SELECT count(*) FROM podcasts.podcast_catalog.podcasts"))
          .containsExactly("0");
    }
  }

  @Test
  void aReadNeverLooksPastARunThatIsStillCommitting() {
    try (Mesh mesh = Mesh.open(dataDir)) {
      mesh.lifecycle().deployFiles(allSpecs());
      mesh.runs().run(CATALOG, "test");
      // A run of the catalog that has chosen its processing time but not committed yet.
      Instant inFlight = Instant.now().minusSeconds(1);
      mesh.registry()
          .runs()
          .start(
              "in-flight",
              CATALOG,
              "1.0.0",
              "test",
              inFlight,
              inFlight,
              new ProcessIdentity("elsewhere", 1, Optional.empty()));
      mesh.registry().runs().processing("in-flight", inFlight);

      QueryRows read =
          QueryRows.run(
              mesh, "SELECT count(*) FROM podcasts.podcast_catalog.podcasts", ReadOptions.LATEST);
      assertThat(read.result.asOf()).isBefore(inFlight);
      QueryRows other =
          QueryRows.run(
              mesh, "SELECT count(*) FROM podcasts.play_events.events", ReadOptions.LATEST);
      assertThat(other.result.asOf()).isAfter(inFlight);
    }
  }

  @Test
  void aRunInterruptedByACrashIsMarkedFailedAndItsFilesRemoved() throws IOException {
    try (Mesh mesh = Mesh.open(dataDir)) {
      mesh.lifecycle().deployFiles(allSpecs());
      mesh.runs().run(CATALOG, "test");
    }
    // What a process killed mid-run leaves: a running run and a file nothing refers to. The
    // process id is in use again, by another process (this one, started at another time).
    Path orphan =
        dataDir.resolve("warehouse/podcasts/podcast_catalog/podcasts_v1/data/crashed-data.parquet");
    try (Mesh mesh = Mesh.open(dataDir)) {
      ProcessIdentity reused =
          new ProcessIdentity(
              ProcessIdentity.current().host(),
              ProcessHandle.current().pid(),
              Optional.of(Instant.parse("2000-01-01T00:00:00Z")));
      mesh.registry()
          .runs()
          .start("crashed", CATALOG, "1.0.0", "test", Instant.now(), Instant.now(), reused);
      Files.writeString(orphan, "half a file");
    }
    try (Mesh mesh = Mesh.open(dataDir)) {
      RunRecord crashed = mesh.registry().runs().find("crashed").orElseThrow();
      assertThat(crashed.state()).isEqualTo(RunState.FAILED);
      assertThat(crashed.error()).hasValue("interrupted: the process running it stopped");
      assertThat(orphan).doesNotExist();
      assertThat(mesh.runs().run(CATALOG, "test").state()).isEqualTo(RunState.SUCCEEDED);
    }
  }

  @Test
  void closingAndReopeningTheDataFolderKeepsEverything() {
    Instant firstRun;
    try (Mesh mesh = Mesh.open(dataDir)) {
      mesh.lifecycle().deployFiles(allSpecs());
      mesh.runs().runAll(List.of(CATALOG, PLAYS, TOP), "test");
      firstRun = mesh.registry().runs().list(TOP, 1).get(0).processedAt().orElseThrow();
    }
    try (Mesh mesh = Mesh.open(dataDir)) {
      assertThat(mesh.discovery().list()).hasSize(3);
      assertThat(rows(mesh, "SELECT sum(listens) FROM podcasts.top_podcasts.listens"))
          .containsExactly("3");
      assertThat(
              rows(
                  mesh,
                  "SELECT sum(listens) FROM podcasts.top_podcasts.listens",
                  ReadOptions.LATEST.withAsOf(firstRun)))
          .containsExactly("3");
      assertThat(
              mesh.discovery()
                  .describe(ProductRef.parse("podcasts/top-podcasts"), QueryRows.TESTER)
                  .runs())
          .hasSize(1);
      assertThat(mesh.runs().run(TOP, "test").rowsWritten()).isZero();
    }
  }

  @Test
  void validationReportsMeshProblemsWithTheirLocation() {
    Path broken = TestMeshes.copy("broken", temp.resolve("broken"));
    try (Mesh mesh = Mesh.open(dataDir)) {
      mesh.lifecycle().deployFiles(TestMeshes.specs(specs, "play-events"));
      Validation validation =
          mesh.lifecycle().validateFiles(TestMeshes.specs(broken, "bad-sql", "bad-schema"));

      assertThat(validation.errors())
          .extracting(MeshTest::located)
          .containsExactlyInAnyOrder(
              "bad-sql.yaml:13:14: inputs[1].product: no deployed data product podcasts/ghosts; deploy it first or in the same batch",
              "bad-schema.yaml:21:31: outputs[0].schema[1].type: column 'listens' is declared integer but the SQL returns BIGINT; declare it bigint or CAST it in the SQL",
              "bad-schema.yaml:22:16: outputs[0].schema[2].name: the SQL returns no column 'plays'; it returns podcast_id VARCHAR, listens BIGINT, first_play TIMESTAMP WITH TIME ZONE",
              "bad-schema.yaml:20:7: outputs[0].schema: the SQL returns column 'first_play' (TIMESTAMP WITH TIME ZONE) that the schema does not declare; add {name: first_play, type: timestamp} or drop it from the SELECT",
              "bad-schema.yaml:24:10: outputs[1].sql: table function read_csv() is not allowed: read data through the ports' tables, not files or catalog functions");
    }
  }

  @Test
  void aSqlErrorPointsAtItsLineInTheSpecFile() throws IOException {
    Path broken = TestMeshes.copy("broken", temp.resolve("broken"));
    Files.writeString(
        broken.resolve("bad-sql.yaml"),
        Files.readString(broken.resolve("bad-sql.yaml"))
            .replace("  - name: ghosts\n    product: podcasts/ghosts:1/boo\n", ""));
    try (Mesh mesh = Mesh.open(dataDir)) {
      mesh.lifecycle().deployFiles(TestMeshes.specs(specs, "play-events"));
      Validation validation = mesh.lifecycle().validateFiles(TestMeshes.specs(broken, "bad-sql"));

      assertThat(validation.errors())
          .singleElement()
          .satisfies(
              problem -> {
                assertThat(problem.line()).isEqualTo(18); // "GROUP BY podcast_idd"
                assertThat(problem.path()).isEqualTo("outputs[0].sql");
                assertThat(problem.message()).contains("podcast_idd");
              });
    }
  }

  @Test
  void refusesACycleFormedAcrossSeparateDeploys() throws IOException {
    try (Mesh mesh = Mesh.open(dataDir)) {
      mesh.lifecycle().deployFiles(allSpecs());
      // The catalog, read by top-podcasts, now wants to read top-podcasts.
      Path catalog = specs.resolve("podcast-catalog.yaml");
      Files.writeString(
          catalog,
          Files.readString(catalog)
              .replace("version: 1.0.0", "version: 1.1.0")
              .replace(
                  "inputs:\n",
                  "inputs:\n  - name: top\n    product: podcasts/top-podcasts:1/listens\n"));
      assertThat(mesh.lifecycle().validateFiles(List.of(catalog)).errors())
          .extracting(Problem::message)
          .contains(
              "reading podcasts/top-podcasts:1 makes a cycle: podcasts/top-podcasts:1 reads"
                  + " podcasts/podcast-catalog:1 reads podcasts/top-podcasts:1");
    }
  }

  @Test
  void aDeployWithOneBadSpecDeploysNothing() {
    Path broken = TestMeshes.copy("broken", temp.resolve("broken"));
    try (Mesh mesh = Mesh.open(dataDir)) {
      List<Path> files =
          Stream.concat(allSpecs().stream(), Stream.of(broken.resolve("bad-schema.yaml"))).toList();
      assertThatThrownBy(() -> mesh.lifecycle().deployFiles(files))
          .isInstanceOfSatisfying(
              QuantaException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_SPEC));
      assertThat(mesh.discovery().list()).isEmpty();
    }
  }

  @Test
  void aDeployedVersionNeverChangesAndKeepsItsPortsContract() throws IOException {
    try (Mesh mesh = Mesh.open(dataDir)) {
      mesh.lifecycle().deployFiles(allSpecs());
      Path catalog = specs.resolve("podcast-catalog.yaml");
      Files.writeString(
          catalog, Files.readString(catalog).replace("One row per podcast.", "One row per show."));
      assertThat(mesh.lifecycle().validateFiles(List.of(catalog)).errors())
          .singleElement()
          .satisfies(problem -> assertThat(problem.message()).contains("bump the version"));

      Files.writeString(
          catalog, Files.readString(catalog).replace("version: 1.0.0", "version: 1.0.1"));
      assertThat(mesh.lifecycle().deployFiles(List.of(catalog)))
          .extracting(Deployment::change)
          .containsExactly(Deployment.Change.UPDATED);

      Files.writeString(
          catalog,
          Files.readString(catalog)
              .replace("version: 1.0.1", "version: 1.1.0")
              .replace("CAST(episodes AS INTEGER)", "CAST(episodes AS VARCHAR)")
              .replace("{name: episodes, type: integer}", "{name: episodes, type: string}"));
      assertThat(mesh.lifecycle().validateFiles(List.of(catalog)).errors())
          .singleElement()
          .satisfies(
              problem ->
                  assertThat(problem.message())
                      .startsWith(
                          "port 'podcasts': type of 'episodes' changed from integer to string: a"
                              + " breaking change needs a new major version (2.0.0, served beside"
                              + " 1)"));
    }
  }

  @Test
  void theSameSpecDeployedFromAnotherFolderReadsThatFoldersFiles() throws IOException {
    Path elsewhere = TestMeshes.copy("mesh", temp.resolve("elsewhere"));
    Files.writeString(
        elsewhere.resolve("data/podcasts.csv"),
        "podcast_id,title,released,episodes\np9,Moved,2026-01-10,1\n");
    try (Mesh mesh = Mesh.open(dataDir)) {
      mesh.lifecycle().deployFiles(TestMeshes.specs(specs, "podcast-catalog"));
      mesh.runs().run(CATALOG, "test");
      assertThat(mesh.lifecycle().deployFiles(TestMeshes.specs(elsewhere, "podcast-catalog")))
          .extracting(Deployment::change)
          .containsExactly(Deployment.Change.UPDATED);
      mesh.runs().run(CATALOG, "test");
      assertThat(rows(mesh, "SELECT podcast_id FROM podcasts.podcast_catalog.podcasts ORDER BY 1"))
          .containsExactly("p1", "p2", "p9");
    }
  }

  @Test
  void addressesOfAMeshServedOnEveryInterfaceNameLocalhost() throws IOException {
    Files.createDirectories(dataDir);
    Files.writeString(
        dataDir.resolve("quanta.yaml"),
        "http: {host: 0.0.0.0, port: 9000}\nflight: {port: 9001}\n");
    try (Mesh mesh = Mesh.open(dataDir)) {
      mesh.lifecycle().deployFiles(TestMeshes.specs(specs, "podcast-catalog"));
      var port =
          mesh.discovery()
              .describe(ProductRef.parse("podcasts/podcast-catalog"), QueryRows.TESTER)
              .ports()
              .get(0);
      assertThat(port.addresses())
          .containsEntry(
              "rows",
              "http://localhost:9000/api/v1/products/podcasts/podcast-catalog/1/ports/podcasts/rows")
          .containsEntry(
              "flightSqlUrl", "jdbc:arrow-flight-sql://localhost:9001/?useEncryption=false");
    }
  }

  @Test
  void describesAProductWithItsAddressesRowsAndRuns() {
    try (Mesh mesh = Mesh.open(dataDir)) {
      mesh.lifecycle().deployFiles(allSpecs());
      mesh.runs().runAll(List.of(CATALOG, PLAYS, TOP), "test");
      Reader owner =
          Reader.of(
              new Principal(
                  "olga", Set.of("podcasts-team@example.com"), Set.of(), Map.of(), false));
      var document = mesh.discovery().describe(ProductRef.parse("podcasts/podcast-catalog"), owner);

      assertThat(document.version()).isEqualTo("1.0.0");
      assertThat(document.ports())
          .singleElement()
          .satisfies(
              port -> {
                assertThat(port.addresses())
                    .containsEntry("sql", "podcasts.podcast_catalog.podcasts")
                    .containsEntry("sqlPinned", "podcasts.podcast_catalog_v1.podcasts")
                    .containsEntry("icebergTable", "podcasts.podcast_catalog.podcasts_v1")
                    .containsEntry("kafkaTopic", "quanta.podcasts.podcast-catalog.v1.podcasts")
                    .containsEntry(
                        "rows",
                        "http://127.0.0.1:8080/api/v1/products/podcasts/podcast-catalog/1/ports/podcasts/rows")
                    .containsEntry("flightSqlTable", "podcasts.podcast_catalog.podcasts")
                    .containsKeys("files", "events", "flightSqlUrl", "icebergMetadata");
                assertThat(port.rows()).isEqualTo(2);
                assertThat(port.caller().allowed()).isTrue();
                assertThat(port.caller().masks()).isEmpty();
                assertThat(port.sample().columns()).startsWith("podcast_id");
                assertThat(port.sample().rows()).hasSize(2);
              });
      assertThat(document.downstream())
          .containsExactly("podcasts/top-podcasts:1 (catalog <- podcasts)");
      assertThat(document.slo()).containsEntry("status", "none-declared");
      // Only the owner and governance see where the table's files are.
      assertThat(
              mesh.discovery()
                  .describe(ProductRef.parse("podcasts/podcast-catalog"), QueryRows.TESTER)
                  .ports()
                  .get(0)
                  .addresses())
          .doesNotContainKey("icebergMetadata")
          .containsKey("icebergTable");
      assertThatThrownBy(
              () -> mesh.discovery().describe(ProductRef.parse("podcasts/nope"), QueryRows.TESTER))
          .isInstanceOfSatisfying(
              QuantaException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND))
          .hasMessage("Data product does not exist: podcasts/nope");
    }
  }

  private List<Path> allSpecs() {
    return TestMeshes.specs(specs, "top-podcasts", "podcast-catalog", "play-events");
  }

  private List<Path> dataFiles() throws IOException {
    try (Stream<Path> files = Files.walk(dataDir.resolve("warehouse"))) {
      return files
          .filter(
              file -> file.toString().endsWith(".parquet") && file.toString().contains("/data/"))
          .sorted()
          .toList();
    }
  }

  private static List<String> rows(Mesh mesh, String sql) {
    return rows(mesh, sql, ReadOptions.LATEST);
  }

  private static List<String> rows(Mesh mesh, String sql, ReadOptions options) {
    return QueryRows.run(mesh, sql, options).rows;
  }

  private static String located(Problem problem) {
    String file = Path.of(problem.file()).getFileName().toString();
    return new Problem(file, problem.line(), problem.column(), problem.path(), problem.message())
        .toString();
  }
}
