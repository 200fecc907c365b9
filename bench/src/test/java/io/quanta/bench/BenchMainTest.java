package io.quanta.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A smoke test of the whole harness at a small scale, every group included (events, Flight SQL,
 * files, governance, trust and search as well as the core measures). It checks that every row of
 * the report is produced, never how fast anything was: timings are measured, not asserted.
 */
class BenchMainTest {
  @Test
  void aSmallRunReportsEveryMeasureAndAppendsThemToTheResults(@TempDir Path folder)
      throws Exception {
    Path results = folder.resolve("RESULTS.md");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int exitCode =
        BenchMain.run(
            new String[] {"--scale", "10000", "--repeat", "1", "--output", results.toString()},
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));

    String printed = out.toString(StandardCharsets.UTF_8);
    assertThat(exitCode).as("exit code; stderr:%n%s", err).isEqualTo(BenchMain.OK);
    String written = Files.readString(results);
    assertThat(written).startsWith("# Quanta benchmark results").contains("— scale 10,000,");
    for (String measure : Benchmark.MEASURES) {
      assertThat(printed).contains(measure);
      assertThat(written).containsPattern("\\| " + java.util.regex.Pattern.quote(measure) + " \\|");
    }
    assertThat(written)
        .contains("Details:")
        .contains("Materialize play-events: 10,000 rows")
        .contains("Events latency: 10 runs of bench/ticks")
        .contains("Events throughput: 1,000 events per repeat")
        .contains("Flight SQL scan `SELECT * FROM podcasts.play_events.events`: 10,000 rows x 10")
        .contains("Export of play-events to PARQUET (`parquet`): 10,000 rows")
        .contains("Export of play-events to CSV (`csv`): 10,000 rows")
        .contains("Governed reads of play-events")
        .contains("user ids 64-hex HMACs")
        .contains("Policy decisions for the masked reader")
        .contains("Checked runs: two products over the same 10,000 generated plays")
        .contains("Profile alone: `Profiler.profile`")
        .contains("Search over 100 generated products")
        .contains("Discovery documents (`mesh.discovery().describe(product, reader)`");
  }

  @Test
  void wrongArgumentsPrintTheUsage() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int exitCode =
        BenchMain.run(
            new String[] {"--scale", "lots"},
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));

    assertThat(exitCode).isEqualTo(BenchMain.USAGE);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("--scale needs a whole number")
        .contains("Usage: bench/run");
  }
}
