package io.quanta.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsFileTest {
  private static Report report(Instant startedAt) {
    Machine machine =
        new Machine(
            2,
            8L << 30,
            "Linux",
            "amd64",
            "17.0.15",
            Optional.of("Test CPU"),
            Optional.of(24L << 30));
    return new Report(
        startedAt,
        BenchOptions.parse("--scale", "1000"),
        machine,
        List.of(
            new ReportRow("a measure (rows/s)", "10", "20", "0.50x", ">= 0.5x", Optional.of(true)),
            new ReportRow("another (ms)", "3.0", "-", "-", "< 1 ms", Optional.of(false))),
        List.of("A detail."));
  }

  @Test
  void createsTheFileWithItsHeaderThenAppendsOneSectionPerRun(@TempDir Path folder)
      throws Exception {
    Path file = folder.resolve("nested/RESULTS.md");

    ResultsFile.append(file, report(Instant.parse("2026-11-21T10:15:30.123Z")));
    ResultsFile.append(file, report(Instant.parse("2026-11-22T08:00:00Z")));

    String text = Files.readString(file);
    assertThat(text).startsWith("# Quanta benchmark results");
    assertThat(text.split("# Quanta benchmark results", -1)).hasSize(2);
    assertThat(text)
        .contains(
            "## 2026-11-21T10:15:30Z — scale 1,000, machine: 2 cores, Test CPU, 24.0 GiB RAM,"
                + " Linux amd64, Java 17.0.15")
        .contains("## 2026-11-22T08:00:00Z — scale 1,000")
        .contains("| measure | quanta | baseline | ratio | target | target met |")
        .contains("| a measure (rows/s) | 10 | 20 | 0.50x | >= 0.5x | yes |")
        .contains("| another (ms) | 3.0 | - | - | < 1 ms | NO |")
        .contains("- max heap: 8.0 GiB")
        .contains("Command: `./bench/run --scale 1000 --repeat 3`");
    assertThat(text.indexOf("2026-11-21")).isLessThan(text.indexOf("2026-11-22"));
  }

  @Test
  void theConsoleTableAlignsItsColumns() {
    List<String> lines = report(Instant.EPOCH).consoleTable().lines().toList();

    assertThat(lines).hasSize(3);
    assertThat(lines.get(0)).startsWith("measure").contains("quanta").endsWith("target met");
    assertThat(lines.get(1).indexOf(">= 0.5x")).isEqualTo(lines.get(2).indexOf("< 1 ms"));
  }
}
