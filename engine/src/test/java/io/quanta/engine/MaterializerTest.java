package io.quanta.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quanta.spec.AccessMode;
import io.quanta.spec.Column;
import io.quanta.spec.ColumnType;
import io.quanta.spec.FileFormat;
import io.quanta.spec.FileInput;
import io.quanta.spec.Input;
import io.quanta.spec.Output;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MaterializerTest {
  private static final List<Column> SCHEMA =
      List.of(
          Column.of("podcast_id", ColumnType.STRING),
          Column.of("title", ColumnType.STRING),
          Column.of("released", ColumnType.DATE));
  private static final Output CATALOG =
      new Output(
          "podcasts",
          "",
          "SELECT podcast_id, title, released FROM source",
          Optional.of("released"),
          List.of("podcast_id"),
          SCHEMA,
          Set.of(AccessMode.SQL));

  @TempDir Path temp;
  private final List<String> dataFiles = new ArrayList<>();
  private final List<String> deleteFiles = new ArrayList<>();
  private int runs;

  @Test
  void firstRunWritesEverythingThenOnlyWhatChanged() throws IOException {
    Path source = temp.resolve("catalog.csv");
    Files.writeString(
        source, "podcast_id,title,released\np1,Hello,2026-11-01\np2,World,2026-11-02\n");

    Materializer.Changes first = run(CATALOG, source);
    assertThat(first.rowsAdded()).isEqualTo(2);
    assertThat(first.rowsCorrected()).isZero();
    assertThat(first.deleteFile()).isEmpty();

    Materializer.Changes unchanged = run(CATALOG, source);
    assertThat(unchanged.rowsComputed()).isEqualTo(2);
    assertThat(unchanged.isEmpty()).isTrue();

    Files.writeString(
        source,
        "podcast_id,title,released\np1,Hello,2026-11-01\np2,World!,2026-11-02\np3,New,2026-11-03\n");
    Materializer.Changes corrected = run(CATALOG, source);
    assertThat(corrected.rowsAdded()).isEqualTo(2);
    assertThat(corrected.rowsCorrected()).isEqualTo(1);
    assertThat(corrected.deleteFile()).isPresent();

    assertThat(latest()).containsExactly("p1=Hello", "p2=World!", "p3=New");
    assertThat(history()).containsExactly("p1=Hello", "p2=World", "p2=World!", "p3=New");
  }

  @Test
  void anEventLogAppendsOnlyRowsNotAlreadyPresentCountingDuplicates() throws IOException {
    Output plays =
        new Output(
            "events",
            "",
            "SELECT podcast_id, title, released FROM source",
            Optional.of("released"),
            List.of(),
            SCHEMA,
            Set.of(AccessMode.SQL));
    Path source = temp.resolve("plays.csv");
    Files.writeString(source, "podcast_id,title,released\np1,a,2026-11-01\np1,a,2026-11-01\n");
    assertThat(run(plays, source).rowsAdded()).isEqualTo(2);

    Files.writeString(
        source,
        "podcast_id,title,released\np1,a,2026-11-01\np1,a,2026-11-01\np1,a,2026-11-01\np2,b,2026-11-02\n");
    Materializer.Changes second = run(plays, source);
    assertThat(second.rowsAdded()).isEqualTo(2);
    assertThat(second.rowsCorrected()).isZero();
    assertThat(history()).containsExactly("p1=a", "p1=a", "p1=a", "p2=b");
  }

  @Test
  void refusesResultsThatBreakTheKeyContract() throws IOException {
    Path source = temp.resolve("catalog.csv");
    Files.writeString(
        source, "podcast_id,title,released\np1,Hello,2026-11-01\np1,Again,2026-11-01\n");
    assertThatThrownBy(() -> run(CATALOG, source))
        .isInstanceOf(RunDataException.class)
        .hasMessage(
            "output 'podcasts': several rows share a key, but a key identifies one fact:"
                + " (podcast_id=p1) x2. Add the distinguishing columns to 'key', or aggregate in"
                + " the SQL.");

    Files.writeString(source, "podcast_id,title,released\n,Hello,2026-11-01\n");
    assertThatThrownBy(() -> run(CATALOG, source))
        .isInstanceOf(RunDataException.class)
        .hasMessage(
            "output 'podcasts': 1 row has no value in column 'podcast_id' (key columns must have a"
                + " value)");
    assertThat(dataFiles).isEmpty();
  }

  @Test
  void aFileThatDoesNotMatchItsDeclaredSchemaFailsWithTheLine() throws IOException {
    Path source = temp.resolve("catalog.csv");
    Files.writeString(
        source, "podcast_id,title,released\np1,Hello,2026-11-01\np2,World,not a date\n");
    FileInput input =
        new FileInput(
            "source",
            "catalog.csv",
            source.toString(),
            FileFormat.CSV,
            Optional.empty(),
            Optional.empty(),
            SCHEMA);
    try (DuckDbSession session =
        DuckDbSession.open(new EngineSettings(1, "512MB", temp.resolve("tmp")))) {
      InputViews.create(session, List.<Input>of(input), Map.<String, UpstreamRead>of());
      assertThatThrownBy(
              () -> Materializer.materialize(session, target(CATALOG), "run-x", Instant.now()))
          .isInstanceOf(SqlFailure.class)
          .hasMessageContaining("not a date")
          .hasMessageContaining("released");
    }
  }

  @Test
  void describesAndChecksTheSchemaOfTheSql() throws IOException {
    Path source = temp.resolve("catalog.csv");
    Files.writeString(source, "podcast_id,title,released\np1,Hello,2026-11-01\n");
    try (DuckDbSession session =
        DuckDbSession.open(new EngineSettings(1, "512MB", temp.resolve("tmp")))) {
      InputViews.create(session, List.<Input>of(fileInput(source)), Map.<String, UpstreamRead>of());
      List<ResultColumn> columns =
          Transform.describe(
              session,
              "SELECT podcast_id, count(*) AS n, max(released) AS last FROM source GROUP BY ALL",
              Set.of("source"));
      Output declared =
          new Output(
              "stats",
              "",
              "",
              Optional.empty(),
              List.of(),
              List.of(
                  Column.of("podcast_id", ColumnType.BIGINT),
                  Column.of("n", ColumnType.BIGINT),
                  Column.of("first", ColumnType.DATE)),
              Set.of(AccessMode.SQL));

      assertThat(Transform.checkSchema(declared, columns))
          .extracting(Transform.Problem::field, Transform.Problem::message)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(
                  "schema[0].type",
                  "column 'podcast_id' is declared bigint but the SQL returns VARCHAR; declare it string or CAST it in the SQL"),
              org.assertj.core.groups.Tuple.tuple(
                  "schema[2].name",
                  "the SQL returns no column 'first'; it returns podcast_id VARCHAR, n BIGINT, last DATE"),
              org.assertj.core.groups.Tuple.tuple(
                  "schema",
                  "the SQL returns column 'last' (DATE) that the schema does not declare; add {name: last, type: date} or drop it from the SELECT"));

      assertThatThrownBy(() -> Transform.describe(session, "SELECT * FROM other", Set.of("source")))
          .isInstanceOf(SqlRejected.class)
          .hasMessage(
              "table 'other' is not an input of this product; the SQL can read its inputs: source");
      assertThatThrownBy(
              () -> Transform.describe(session, "SELECT nope\nFROM source", Set.of("source")))
          .isInstanceOf(SqlFailure.class)
          .satisfies(
              e ->
                  assertThat(Transform.sqlProblem((RuntimeException) e).message())
                      .startsWith("Binder Error: Referenced column \"nope\" not found"));
    }
  }

  @Test
  void anEventLogGivenANewColumnAppendsOnlyNewEventsAndKeepsTheOldOnesWithoutIt()
      throws IOException {
    Output plays =
        new Output(
            "events",
            "",
            "SELECT podcast_id, title, released FROM source",
            Optional.of("released"),
            List.of(),
            SCHEMA,
            Set.of(AccessMode.SQL));
    Path source = temp.resolve("plays.csv");
    Files.writeString(
        source, "podcast_id,title,released,language\np1,a,2026-11-01,en\np1,a,2026-11-01,en\n");
    assertThat(run(plays, source).rowsAdded()).isEqualTo(2);

    // The port gains a nullable column: the table gives it the next field id.
    List<Column> evolved = new ArrayList<>(SCHEMA);
    evolved.add(Column.of("language", ColumnType.STRING));
    Output withLanguage =
        new Output(
            "events",
            "",
            "SELECT podcast_id, title, released, language FROM source",
            Optional.of("released"),
            List.of(),
            evolved,
            Set.of(AccessMode.SQL));
    Map<String, Integer> ids = new LinkedHashMap<>(target(plays).fieldIds());
    ids.put("language", 7);
    Set<String> inEveryFile = Set.copyOf(target(plays).fieldIds().keySet());
    Files.writeString(
        source,
        "podcast_id,title,released,language\n"
            + "p1,a,2026-11-01,en\np1,a,2026-11-01,en\np2,b,2026-11-02,fr\n");

    runs++;
    Materializer.Changes second =
        run(
            withLanguage,
            source,
            new Materializer.Target(
                withLanguage,
                new PortData(evolved, dataFiles, deleteFiles, ids, inEveryFile),
                ids,
                temp.resolve("run-" + runs + "-data.parquet").toString(),
                temp.resolve("run-" + runs + "-deletes.parquet").toString()));

    assertThat(second.rowsAdded())
        .as("the two events of the first run are not appended again")
        .isEqualTo(1);
    try (DuckDbSession session =
        DuckDbSession.open(new EngineSettings(1, "512MB", temp.resolve("tmp")))) {
      assertThat(
              session.query(
                  "SELECT podcast_id || '=' || coalesce(language, 'none') FROM ("
                      + PortReads.select(
                          new PortData(evolved, dataFiles, deleteFiles, ids, inEveryFile),
                          PortReads.Mode.HISTORY,
                          Optional.empty(),
                          Optional.empty(),
                          Optional.empty())
                      + ") ORDER BY 1",
                  row -> row.getString(1)))
          .containsExactly("p1=none", "p1=none", "p2=fr");
    }
  }

  private Materializer.Changes run(Output output, Path source) {
    runs++;
    return run(output, source, target(output));
  }

  private Materializer.Changes run(Output output, Path source, Materializer.Target target) {
    try (DuckDbSession session =
        DuckDbSession.open(new EngineSettings(1, "512MB", temp.resolve("tmp")))) {
      InputViews.create(session, List.<Input>of(fileInput(source)), Map.<String, UpstreamRead>of());
      Materializer.Changes changes =
          Materializer.materialize(
              session,
              target,
              "run-" + runs,
              Instant.parse("2026-11-21T10:00:00Z").plusSeconds(runs));
      changes.dataFile().ifPresent(dataFiles::add);
      changes.deleteFile().ifPresent(deleteFiles::add);
      return changes;
    }
  }

  private Materializer.Target target(Output output) {
    Map<String, Integer> ids = new LinkedHashMap<>();
    int id = 1;
    for (String name :
        List.of("podcast_id", "title", "released", "_event_time", "_processed_at", "_run_id")) {
      ids.put(name, id++);
    }
    return new Materializer.Target(
        output,
        new PortData(SCHEMA, dataFiles, deleteFiles),
        ids,
        temp.resolve("run-" + runs + "-data.parquet").toString(),
        temp.resolve("run-" + runs + "-deletes.parquet").toString());
  }

  private static FileInput fileInput(Path source) {
    return new FileInput(
        "source",
        source.getFileName().toString(),
        source.toString(),
        FileFormat.CSV,
        Optional.empty(),
        Optional.empty(),
        List.of());
  }

  private List<String> latest() {
    return read(
        PortReads.select(
            new PortData(SCHEMA, dataFiles, deleteFiles),
            PortReads.Mode.LATEST,
            Optional.empty(),
            Optional.empty(),
            Optional.empty()));
  }

  private List<String> history() {
    return read(
        PortReads.select(
            new PortData(SCHEMA, dataFiles, deleteFiles),
            PortReads.Mode.HISTORY,
            Optional.empty(),
            Optional.empty(),
            Optional.empty()));
  }

  private List<String> read(String select) {
    try (DuckDbSession session =
        DuckDbSession.open(new EngineSettings(1, "512MB", temp.resolve("tmp")))) {
      return session.query(
          "SELECT podcast_id || '=' || title FROM (" + select + ") ORDER BY 1",
          row -> row.getString(1));
    }
  }
}
