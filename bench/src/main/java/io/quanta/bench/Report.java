package io.quanta.bench;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The outcome of one benchmark run: the table of measures against the baseline, and the details
 * behind each measure (every sample, where the time goes).
 *
 * @param startedAt when the run started
 * @param options the options it ran with
 * @param machine the machine it ran on
 * @param rows the table, one row per measure
 * @param details the details, one sentence each
 */
public record Report(
    Instant startedAt,
    BenchOptions options,
    Machine machine,
    List<ReportRow> rows,
    List<String> details) {
  private static final List<String> HEADER =
      List.of("measure", "quanta", "baseline", "ratio", "target", "target met");

  /** Checks and copies the values. */
  public Report {
    requireNonNull(startedAt, "startedAt is null");
    requireNonNull(options, "options is null");
    requireNonNull(machine, "machine is null");
    rows = List.copyOf(rows);
    details = List.copyOf(details);
  }

  /** The rows whose target is missed. */
  public List<ReportRow> missed() {
    return rows.stream().filter(row -> row.met().isPresent() && !row.met().get()).toList();
  }

  /** The table as aligned plain text, for the console. */
  public String consoleTable() {
    List<List<String>> lines = new ArrayList<>();
    lines.add(HEADER);
    for (ReportRow row : rows) {
      lines.add(cells(row));
    }
    int[] widths = new int[HEADER.size()];
    for (List<String> line : lines) {
      for (int i = 0; i < line.size(); i++) {
        widths[i] = Math.max(widths[i], line.get(i).length());
      }
    }
    StringBuilder text = new StringBuilder();
    for (List<String> line : lines) {
      StringBuilder out = new StringBuilder();
      for (int i = 0; i < line.size(); i++) {
        String cell = line.get(i);
        boolean number = i >= 1 && i <= 3;
        String padded =
            number
                ? " ".repeat(widths[i] - cell.length()) + cell
                : cell + " ".repeat(widths[i] - cell.length());
        out.append(padded);
        if (i < line.size() - 1) {
          out.append("   ");
        }
      }
      text.append(out.toString().stripTrailing()).append(System.lineSeparator());
    }
    return text.toString();
  }

  /** The heading of this run's section in the results file. */
  public String heading() {
    return "## "
        + startedAt.truncatedTo(ChronoUnit.SECONDS)
        + " — scale "
        + String.format(Locale.ROOT, "%,d", options.scale())
        + ", machine: "
        + machine.summary();
  }

  /** This run's section of the results file: heading, command, machine, table, details. */
  public String markdownSection() {
    String newline = "\n";
    StringBuilder text = new StringBuilder();
    text.append(heading()).append(newline).append(newline);
    text.append("Command: `").append(options.command()).append('`').append(newline);
    text.append(newline);
    text.append("Machine:").append(newline).append(newline);
    for (String fact : machine.facts()) {
      text.append("- ").append(fact).append(newline);
    }
    text.append(newline);
    text.append("| ").append(String.join(" | ", HEADER)).append(" |").append(newline);
    text.append("|---|---:|---:|---:|---|---|").append(newline);
    for (ReportRow row : rows) {
      text.append("| ").append(String.join(" | ", cells(row))).append(" |").append(newline);
    }
    text.append(newline);
    text.append("Details:").append(newline).append(newline);
    for (String detail : details) {
      text.append("- ").append(detail).append(newline);
    }
    return text.toString();
  }

  private static List<String> cells(ReportRow row) {
    return List.of(
        row.measure(), row.quanta(), row.baseline(), row.comparison(), row.target(), row.verdict());
  }
}
