package io.quanta.bench;

import io.quanta.engine.Sql;
import io.quanta.flight.FlightSqlServer;
import io.quanta.platform.Mesh;
import io.quanta.spec.PortId;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A full scan of the play-events port through the Arrow Flight SQL port and the official Flight SQL
 * JDBC driver, against the same scan of the port's Parquet data files in a plain DuckDB JDBC
 * connection. Both read every value of every row with the same typed getters ({@link JdbcScan}).
 */
final class FlightScan {
  static final String MEASURE = "Flight SQL JDBC scan of play-events (rows/s)";
  static final double TARGET = 0.5;

  static final String SQL = "SELECT * FROM podcasts.play_events.events";

  /** Rows of the warm-up scan of each side, which loads the drivers' classes and JIT-compiles. */
  static final long WARM_UP_ROWS = 100_000;

  /**
   * The JDBC driver's shaded Arrow logs through java.util.logging at INFO when it starts; warnings
   * only. Held here, since java.util.logging holds its loggers weakly and would forget the level.
   */
  private static final java.util.logging.Logger DRIVER_LOG =
      java.util.logging.Logger.getLogger("org.apache.arrow.driver.jdbc");

  private FlightScan() {}

  /** Scans the port {@code repeat} times each way, interleaved, after one small warm-up. */
  static Measured measure(Mesh mesh, RawDuckDb raw, PortId port, int repeat, Progress progress)
      throws IOException, SQLException {
    progress.say("flight: full scan of %s through the Flight SQL JDBC driver", port);
    DRIVER_LOG.setLevel(java.util.logging.Level.WARNING);
    String rawSql = "SELECT * FROM read_parquet(" + Sql.list(Benchmark.portFiles(mesh, port)) + ")";
    Samples quantaSeconds = new Samples();
    Samples rawSeconds = new Samples();
    Samples quantaRate = new Samples();
    Samples rawRate = new Samples();
    JdbcScan.Result quantaResult = null;
    JdbcScan.Result rawResult = null;
    String url;
    long connectMillis;
    try (FlightSqlServer server = FlightSqlServer.start(mesh, "127.0.0.1", 0)) {
      // The Flight SQL port authenticates every call: a token of the benchmark's reader.
      url = server.jdbcUrl() + "&token=" + Benchmark.readerToken(mesh);
      long start = System.nanoTime();
      try (Connection flight = DriverManager.getConnection(url)) {
        connectMillis = (System.nanoTime() - start) / 1_000_000;
        JdbcScan.consume(flight, SQL + " LIMIT " + WARM_UP_ROWS);
        JdbcScan.consume(raw.connection(), rawSql + " LIMIT " + WARM_UP_ROWS);
        for (int i = 1; i <= repeat; i++) {
          start = System.nanoTime();
          quantaResult = JdbcScan.consume(flight, SQL);
          double seconds = Samples.secondsSince(start);
          quantaSeconds.add(seconds);
          quantaRate.add(quantaResult.rows() / seconds);
          start = System.nanoTime();
          rawResult = JdbcScan.consume(raw.connection(), rawSql);
          double rawTime = Samples.secondsSince(start);
          rawSeconds.add(rawTime);
          rawRate.add(rawResult.rows() / rawTime);
          progress.say(
              "  scan %d of %d: %,d rows x %d columns, Flight SQL %.2f s, DuckDB JDBC %.2f s",
              i, repeat, quantaResult.rows(), quantaResult.columns(), seconds, rawTime);
        }
      }
    }
    if (!quantaResult.equals(rawResult)) {
      throw new IllegalStateException(
          "the Flight SQL scan read "
              + quantaResult
              + " but the raw scan "
              + rawResult
              + "; the two do not do the same work");
    }
    double ratio = quantaRate.median() / rawRate.median();
    ReportRow row =
        new ReportRow(
            MEASURE,
            String.format(Locale.ROOT, "%,.0f", quantaRate.median()),
            String.format(Locale.ROOT, "%,.0f", rawRate.median()),
            Benchmark.ratio(ratio),
            ">= " + TARGET + "x",
            Optional.of(ratio >= TARGET));
    String detail =
        String.format(
            Locale.ROOT,
            "Flight SQL scan `%s`: %,d rows x %d columns, every value read with the typed getter"
                + " of its column (%s; the same on both sides), one connection each (the Flight"
                + " SQL one opened in %d ms), after a %,d-row warm-up each, interleaved:"
                + " Quanta (Flight SQL server, Flight SQL JDBC driver) %s s; raw (DuckDB JDBC,"
                + " read_parquet of the port's %d data files) %s s.",
            SQL,
            quantaResult.rows(),
            quantaResult.columns(),
            String.join(", ", quantaResult.getters()).toLowerCase(Locale.ROOT),
            connectMillis,
            WARM_UP_ROWS,
            quantaSeconds.list(seconds -> seconds, "%.2f"),
            Benchmark.portFiles(mesh, port).size(),
            rawSeconds.list(seconds -> seconds, "%.2f"));
    return new Measured(List.of(row), List.of(detail));
  }
}
