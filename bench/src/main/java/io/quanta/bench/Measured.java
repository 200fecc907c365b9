package io.quanta.bench;

import java.util.List;

/**
 * What one group of measures produced: its rows of the report's table and its details.
 *
 * @param rows the table's rows, in the report's order
 * @param details one sentence each, every sample and where the time goes
 */
record Measured(List<ReportRow> rows, List<String> details) {
  Measured {
    rows = List.copyOf(rows);
    details = List.copyOf(details);
  }
}
