package io.quanta.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PodcastMeshTest {
  @TempDir Path temp;

  @Test
  void generatingTwiceGivesTheSameData() throws IOException, SQLException {
    Path first = temp.resolve("first");
    Path second = temp.resolve("second");
    PodcastMesh.Summary one = PodcastMesh.generate(first, 5_000);
    PodcastMesh.Summary two = PodcastMesh.generate(second, 5_000);

    assertThat(two.plays()).isEqualTo(one.plays());
    assertThat(two.payments()).isEqualTo(one.payments());
    GeneratedData.assertSameData(first.resolve("data"), second.resolve("data"));

    PodcastMesh.generateNextBatch(first, 5_000);
    PodcastMesh.generateNextBatch(second, 5_000);
    GeneratedData.assertSameData(first.resolve("data"), second.resolve("data"));
  }

  @Test
  void theCommittedSampleIsTheGeneratorsOutputForAThousandPlays() throws IOException, SQLException {
    PodcastMesh.generate(temp, 1_000);

    GeneratedData.assertSameData(temp.resolve("data"), SpecFilesTest.SPEC_FOLDER.resolve("data"));
  }

  @Test
  void theCommittedSampleIsSmall() throws IOException {
    long bytes = 0;
    Path data = SpecFilesTest.SPEC_FOLDER.resolve("data");
    for (String file : GeneratedData.relativeFiles(data)) {
      bytes += Files.size(data.resolve(file));
    }
    assertThat(bytes).isLessThan(512 * 1024);
  }

  @Test
  void theSummaryCountsWhatWasWritten() throws IOException, SQLException {
    PodcastMesh.Summary summary = PodcastMesh.generate(temp, 1_000);

    assertThat(summary.users()).isEqualTo(50);
    assertThat(summary.podcasts()).isEqualTo(20);
    assertThat(summary.plays()).isEqualTo(1_000);
    assertThat(summary.files())
        .isSorted()
        .hasSize(35)
        .allSatisfy(file -> assertThat(file).exists());
    Path data = temp.resolve("data");
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:")) {
      assertThat(count(connection, "read_csv('" + data.resolve("registrations.csv") + "')"))
          .isEqualTo(summary.users());
      assertThat(count(connection, "read_csv('" + data.resolve("podcasts.csv") + "')"))
          .isEqualTo(summary.podcasts());
      assertThat(count(connection, "read_csv('" + data.resolve("payments.csv") + "')"))
          .isEqualTo(summary.payments())
          .isPositive();
      assertThat(count(connection, "read_parquet('" + data.resolve("plays") + "/*.parquet')"))
          .isEqualTo(1_000);
      assertThat(count(connection, "read_csv('" + data.resolve("countries.csv") + "')"))
          .isEqualTo(12);
      // One user in ten has profile updates.
      assertThat(
              GeneratedData.rows(
                  connection,
                  "SELECT count(DISTINCT user_id) FROM read_json('"
                      + data.resolve("profile-updates.jsonl")
                      + "')"))
          .containsExactly(List.of("5"));
    }
    assertThat(data.resolve("plays").toFile().list())
        .hasSize(30)
        .contains("plays-2026-10-22.parquet", "plays-2026-11-20.parquet");
  }

  @Test
  void generatingAgainReplacesTheData() throws IOException, SQLException {
    PodcastMesh.generate(temp, 20_000);
    PodcastMesh.generateNextBatch(temp, 20_000);
    PodcastMesh.generate(temp, 1_000);

    GeneratedData.assertSameData(temp.resolve("data"), SpecFilesTest.SPEC_FOLDER.resolve("data"));
  }

  @Test
  void theNextBatchAddsADayOfPlaysCorrectsATitleAndAppendsProfileUpdates()
      throws IOException, SQLException {
    PodcastMesh.generate(temp, 3_000);
    Path data = temp.resolve("data");
    List<String> catalogBefore = Files.readAllLines(data.resolve("podcasts.csv"));
    String updatesBefore = Files.readString(data.resolve("profile-updates.jsonl"));

    PodcastMesh.Summary batch = PodcastMesh.generateNextBatch(temp, 3_000);

    Path plays = data.resolve("plays/plays-2026-11-21.parquet");
    assertThat(batch.plays()).isEqualTo(100);
    assertThat(batch.payments()).isZero();
    assertThat(batch.files())
        .containsExactly(
            plays, data.resolve("podcasts.csv"), data.resolve("profile-updates.jsonl"));
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:")) {
      assertThat(
              GeneratedData.rows(
                  connection,
                  "SELECT count(*), min(play_id), CAST(min(played_at) AT TIME ZONE 'UTC' AS DATE),"
                      + " CAST(max(played_at) AT TIME ZONE 'UTC' AS DATE) FROM read_parquet('"
                      + plays
                      + "')"))
          .containsExactly(List.of("100", "3001", "2026-11-21", "2026-11-21"));
    }

    List<String> catalogAfter = Files.readAllLines(data.resolve("podcasts.csv"));
    assertThat(catalogAfter).hasSameSizeAs(catalogBefore);
    List<String> changed = new ArrayList<>();
    for (int i = 0; i < catalogBefore.size(); i++) {
      if (!catalogBefore.get(i).equals(catalogAfter.get(i))) {
        changed.add(catalogBefore.get(i) + " -> " + catalogAfter.get(i));
        assertThat(catalogAfter.get(i).split(",")[0]).isEqualTo(catalogBefore.get(i).split(",")[0]);
        assertThat(catalogAfter.get(i)).contains("(Remastered)");
      }
    }
    assertThat(changed).hasSize(1);

    String updatesAfter = Files.readString(data.resolve("profile-updates.jsonl"));
    assertThat(updatesAfter).startsWith(updatesBefore);
    List<String> added = updatesAfter.substring(updatesBefore.length()).lines().toList();
    assertThat(added).hasSizeGreaterThanOrEqualTo(3).allMatch(line -> line.contains("2026-11-21T"));

    PodcastMesh.generateNextBatch(temp, 3_000);
    assertThat(data.resolve("plays/plays-2026-11-22.parquet")).exists();
  }

  @Test
  void theNextBatchNeedsDataGeneratedForTheSamePlays() throws IOException {
    assertThatThrownBy(() -> PodcastMesh.generateNextBatch(temp, 1_000))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("generate the data");

    PodcastMesh.generate(temp, 1_000);
    assertThatThrownBy(() -> PodcastMesh.generateNextBatch(temp, 50_000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("50 users");
    assertThat(temp.resolve("data/plays").toFile().list()).hasSize(30);
    assertThat(temp.resolve("data").toFile().list())
        .containsExactlyInAnyOrder(
            "plays",
            "countries.csv",
            "registrations.csv",
            "profile-updates.jsonl",
            "podcasts.csv",
            "payments.csv");
  }

  @Test
  void rejectsNoPlays() {
    assertThatThrownBy(() -> PodcastMesh.generate(temp, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 1");
  }

  @Test
  void sizesFollowThePlays() {
    MeshScale small = MeshScale.of(1_000);
    assertThat(small.users()).isEqualTo(50);
    assertThat(small.podcasts()).isEqualTo(20);
    assertThat(small.artists()).isEqualTo(8);
    MeshScale large = MeshScale.of(10_000_000);
    assertThat(large.users()).isEqualTo(100_000);
    assertThat(large.podcasts()).isEqualTo(5_000);
    assertThat(large.newReleases()).isEqualTo(250);
    assertThat(large.artists()).isBetween(1_500, 2_000);
    assertThat(MeshScale.of(1_000_000_000L).podcasts()).isEqualTo(MeshScale.MAX_PODCASTS);
  }

  private static long count(Connection connection, String scan) throws SQLException {
    return Long.parseLong(
        GeneratedData.rows(connection, "SELECT count(*) FROM " + scan).get(0).get(0));
  }
}
