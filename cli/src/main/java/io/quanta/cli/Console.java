package io.quanta.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** Where commands write: results to standard output, diagnostics to standard error. */
final class Console {
  private final PrintWriter out;
  private final PrintWriter err;

  Console(PrintWriter out, PrintWriter err) {
    this.out = out;
    this.err = err;
  }

  PrintWriter out() {
    return out;
  }

  PrintWriter err() {
    return err;
  }

  void println(String line) {
    out.println(line);
    out.flush();
  }

  void note(String line) {
    err.println(line);
    err.flush();
  }

  /** Prints rows as a table with a header, each column as wide as its widest cell (capped). */
  void table(List<String> header, List<List<String>> rows) {
    int maxWidth = 60;
    int[] widths = new int[header.size()];
    for (int i = 0; i < header.size(); i++) {
      widths[i] = header.get(i).length();
    }
    for (List<String> row : rows) {
      for (int i = 0; i < row.size() && i < widths.length; i++) {
        widths[i] = Math.min(maxWidth, Math.max(widths[i], display(row.get(i)).length()));
      }
    }
    out.println(line(header, widths));
    List<String> rule = new ArrayList<>();
    for (int width : widths) {
      rule.add("-".repeat(width));
    }
    out.println(line(rule, widths));
    for (List<String> row : rows) {
      out.println(line(row, widths));
    }
    out.flush();
  }

  private static String line(List<String> cells, int[] widths) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      String cell = display(cells.get(i));
      if (cell.length() > widths[i]) {
        cell = cell.substring(0, widths[i] - 1) + "…";
      }
      text.append(cell);
      if (i < cells.size() - 1) {
        text.append(" ".repeat(widths[i] - cell.length() + 2));
      }
    }
    return text.toString().stripTrailing();
  }

  private static String display(String cell) {
    return cell == null ? "NULL" : cell.replace('\n', ' ');
  }
}
