package io.quanta.engine.quality;

import static java.util.Objects.requireNonNull;

import io.quanta.engine.DuckDbSession;
import io.quanta.engine.Sql;
import io.quanta.engine.SqlFailure;
import io.quanta.engine.SqlRejected;
import io.quanta.spec.Slo;
import io.quanta.spec.SystemColumns;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Measures the service level objectives a run can check by itself, on the rows it computed or
 * added: timeliness, completeness and volume. (Freshness and availability are measured between
 * runs, by the platform.)
 *
 * <p>Thread safe (no state); a session is used by one thread at a time.
 */
public final class SloMeasures {
  private SloMeasures() {}

  /**
   * The delay between event time and processing time of the rows a run added.
   *
   * @param rows the rows with an event time the delays are measured on
   * @param p50 the median delay (approximate: DuckDB's {@code approx_quantile}, a t-digest)
   * @param p95 the 95th percentile delay (approximate); negative if facts come from the future
   * @param objective the declared maximum delays
   * @param passed whether every declared maximum holds
   * @param message what was measured, for people
   */
  public record TimelinessMeasure(
      long rows,
      Duration p50,
      Duration p95,
      Slo.Timeliness objective,
      boolean passed,
      String message) {
    public TimelinessMeasure {
      requireNonNull(p50, "p50 is null");
      requireNonNull(p95, "p95 is null");
      requireNonNull(objective, "objective is null");
      requireNonNull(message, "message is null");
    }
  }

  /**
   * The rows a run delivered against the rows expected.
   *
   * @param actual the delivered count: the port's rows, or what the objective's {@code actual}
   *     query returns
   * @param expected the expected count: the rows of input {@code against}, or what the objective's
   *     {@code expected} query returns
   * @param ratio {@code actual / expected}; 1 when nothing is expected, since nothing can be
   *     missing (rows beyond the expected ones are volume's business, not completeness')
   * @param min the declared minimum ratio
   * @param passed whether {@code ratio >= min}
   * @param message what was measured, for people
   */
  public record CompletenessMeasure(
      long actual, long expected, double ratio, double min, boolean passed, String message) {
    public CompletenessMeasure {
      requireNonNull(message, "message is null");
    }
  }

  /**
   * The rows a run computed against the declared bounds.
   *
   * @param rows the rows computed
   * @param min the declared lower bound, included
   * @param max the declared upper bound, included
   * @param passed whether the rows are within the bounds
   * @param message what was measured, for people
   */
  public record VolumeMeasure(
      long rows, OptionalLong min, OptionalLong max, boolean passed, String message) {
    public VolumeMeasure {
      requireNonNull(min, "min is null");
      requireNonNull(max, "max is null");
      requireNonNull(message, "message is null");
    }
  }

  /**
   * Measures the delay {@code processedAt - event time} of the added rows at the median and the
   * 95th percentile, in one scan. Rows without an event time are left out.
   *
   * @param addedRows the rows the run added, as SQL that can follow {@code FROM}, with {@link
   *     SystemColumns#EVENT_TIME}
   * @param processedAt the run's processing time
   * @param objective the declared maximum delays
   * @return empty when no added row has an event time
   * @throws SqlFailure if the rows cannot be read
   */
  public static Optional<TimelinessMeasure> timeliness(
      DuckDbSession session, String addedRows, Instant processedAt, Slo.Timeliness objective) {
    long processedMicros = ChronoUnit.MICROS.between(Instant.EPOCH, processedAt);
    String eventTime = Sql.identifier(SystemColumns.EVENT_TIME);
    String sql =
        "SELECT count(*), approx_quantile(__quanta_delay, [0.5, 0.95]) FROM (SELECT "
            + processedMicros
            + " - epoch_us("
            + eventTime
            + ") AS __quanta_delay FROM "
            + addedRows
            + " WHERE "
            + eventTime
            + " IS NOT NULL)";
    return session
        .query(
            sql,
            row -> {
              long rows = row.getLong(1);
              if (rows == 0) {
                return Optional.<TimelinessMeasure>empty();
              }
              Object[] quantiles = (Object[]) row.getArray(2).getArray();
              Duration p50 = Duration.of(((Number) quantiles[0]).longValue(), ChronoUnit.MICROS);
              Duration p95 = Duration.of(((Number) quantiles[1]).longValue(), ChronoUnit.MICROS);
              return Optional.of(timeliness(rows, p50, p95, objective));
            })
        .get(0);
  }

  private static TimelinessMeasure timeliness(
      long rows, Duration p50, Duration p95, Slo.Timeliness objective) {
    boolean passed =
        objective.p50().map(max -> p50.compareTo(max) <= 0).orElse(true)
            && objective.p95().map(max -> p95.compareTo(max) <= 0).orElse(true);
    String message =
        "timeliness: over "
            + Counts.rows(rows)
            + ", p50 delay "
            + p50
            + objective.p50().map(max -> " (at most " + max + ")").orElse("")
            + ", p95 delay "
            + p95
            + objective.p95().map(max -> " (at most " + max + ")").orElse("");
    return new TimelinessMeasure(rows, p50, p95, objective, passed, message);
  }

  /**
   * Measures the rows delivered against the rows expected. The expected count is the row count of
   * input {@code against}, or what the {@code expected} query returns; that query may read the
   * product's inputs only. The delivered count is the port's row count, or what the {@code actual}
   * query returns; that query reads the port's rows as table {@code port} and nothing else. A query
   * returning no row or null counts 0.
   *
   * @param portRows the port's rows, as SQL that can follow {@code FROM}
   * @param inputNames the names of the product's inputs: the views in the session
   * @throws SqlRejected if a query reads anything it may not
   * @throws SqlFailure if a query fails or does not return one number; the message says which
   * @throws IllegalArgumentException if {@code against} is not an input, or neither {@code against}
   *     nor {@code expected} is given
   */
  public static CompletenessMeasure completeness(
      DuckDbSession session, Slo.Completeness objective, String portRows, Set<String> inputNames) {
    Set<String> inputs =
        inputNames.stream().map(name -> name.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    long expected;
    if (objective.against().isPresent()) {
      String against = objective.against().get();
      if (!inputs.contains(against.toLowerCase(Locale.ROOT))) {
        throw new IllegalArgumentException(
            "completeness is measured against '"
                + against
                + "', which is not an input of this product; inputs: "
                + String.join(", ", new TreeSet<>(inputNames)));
      }
      expected =
          count(
              session, "completeness 'against'", "SELECT count(*) FROM " + Sql.identifier(against));
    } else {
      String query =
          objective
              .expected()
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "completeness needs 'against' (an input) or 'expected' (a SELECT)"));
      QueryScope.requireOnly(
          session, query, "completeness 'expected'", inputs, "the product's inputs");
      expected =
          count(session, "completeness 'expected'", "SELECT CAST((" + query + ") AS BIGINT)");
    }
    long actual;
    if (objective.actual().isPresent()) {
      String query = objective.actual().get();
      QueryScope.requireOnly(
          session,
          query,
          "completeness 'actual'",
          Set.of(QualityChecks.PORT_TABLE),
          "the port's rows");
      actual =
          count(
              session,
              "completeness 'actual'",
              "WITH "
                  + QualityChecks.PORT_TABLE
                  + " AS (SELECT * FROM "
                  + portRows
                  + ") SELECT CAST(("
                  + query
                  + ") AS BIGINT)");
    } else {
      actual = count(session, "completeness", "SELECT count(*) FROM " + portRows);
    }
    double ratio = expected == 0 ? 1 : (double) actual / expected;
    boolean passed = ratio >= objective.min();
    String message =
        "completeness: "
            + Counts.number(actual)
            + " delivered of "
            + Counts.number(expected)
            + " expected, ratio "
            + Counts.decimal(ratio)
            + " (at least "
            + Counts.decimal(objective.min())
            + ")";
    return new CompletenessMeasure(actual, expected, ratio, objective.min(), passed, message);
  }

  /** Checks the rows a run computed against the declared bounds, both included. */
  public static VolumeMeasure volume(long rows, Slo.Volume objective) {
    boolean passed =
        (objective.min().isEmpty() || rows >= objective.min().getAsLong())
            && (objective.max().isEmpty() || rows <= objective.max().getAsLong());
    List<String> bounds = new ArrayList<>();
    objective.min().ifPresent(min -> bounds.add("at least " + Counts.number(min)));
    objective.max().ifPresent(max -> bounds.add("at most " + Counts.number(max)));
    String message =
        "volume: "
            + Counts.rows(rows)
            + (bounds.isEmpty() ? "" : " (" + String.join(", ", bounds) + ")");
    return new VolumeMeasure(rows, objective.min(), objective.max(), passed, message);
  }

  private static long count(DuckDbSession session, String what, String sql) {
    try {
      return session
          .query(
              sql,
              row -> {
                long count = row.getLong(1);
                return row.wasNull() ? 0L : count;
              })
          .get(0);
    } catch (SqlFailure failure) {
      throw new SqlFailure(what + " failed: " + SqlFailure.summary(failure.getMessage()), failure);
    }
  }
}
