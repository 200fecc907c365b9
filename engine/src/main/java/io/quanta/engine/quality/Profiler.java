package io.quanta.engine.quality;

import io.quanta.engine.DuckDbSession;
import io.quanta.engine.Sql;
import io.quanta.spec.Column;
import io.quanta.spec.ColumnType;
import io.quanta.spec.Output;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Profiles the rows of a run, column by column ({@link ColumnProfile}), in at most two scans of the
 * relation whatever the number of columns:
 *
 * <ol>
 *   <li>one aggregate SELECT computes, for every column, the non-null count, {@code
 *       approx_count_distinct}, min and max (as text), and for numeric columns {@code avg} and
 *       {@code stddev_samp}; min and max as numbers (epoch seconds for dates and timestamps) fix
 *       the histograms' buckets;
 *   <li>one SELECT with {@code GROUP BY GROUPING SETS} counts, in one pass, the rows of every
 *       histogram bucket (the bucket number is a computed column) and of every value of the string
 *       and boolean columns, keeping the most frequent. The counts are exact: DuckDB's {@code
 *       approx_top_k} was slower than an exact count here and returns no counts.
 * </ol>
 *
 * <p>The second scan is skipped when no column needs it (no rows, only single-valued columns).
 *
 * <p>Thread safe (no state); a session is used by one thread at a time.
 */
public final class Profiler {
  /** Buckets of a histogram, equal-width from the column's min to its max. */
  public static final int HISTOGRAM_BUCKETS = 10;

  /** Values listed for a string or boolean column. */
  public static final int TOP_VALUES = 5;

  /**
   * Above this many distinct values (approximately), a string column gets no top values: counting
   * every value exactly takes a hash table as large as the column, and with that many values the
   * most frequent say little about the column.
   */
  public static final long TOP_VALUES_DISTINCT_LIMIT = 10_000;

  private static final String SET = "__quanta_set";
  private static final String VALUE = "__quanta_value";
  private static final String COUNT = "__quanta_count";

  private Profiler() {}

  /**
   * Profiles every schema column of the output in the relation.
   *
   * @param relation the rows, as SQL that can follow {@code FROM}, with the output's schema columns
   * @return one profile per schema column, in schema order
   * @throws io.quanta.engine.SqlFailure if the relation cannot be read
   */
  public static List<ColumnProfile> profile(DuckDbSession session, Output output, String relation) {
    List<Statistics> statistics = statistics(session, output, relation);
    List<Grouped> grouped = new ArrayList<>();
    for (Statistics column : statistics) {
      if (column.needsHistogramScan() || column.needsTopValues()) {
        grouped.add(new Grouped(column, grouped.size()));
      }
    }
    if (!grouped.isEmpty()) {
      countGroups(session, relation, grouped);
    }
    List<ColumnProfile> profiles = new ArrayList<>();
    for (Statistics column : statistics) {
      Grouped counted =
          grouped.stream().filter(group -> group.column == column).findFirst().orElse(null);
      profiles.add(column.profile(counted));
    }
    return profiles;
  }

  /** The first scan: one aggregate SELECT over every column. */
  private static List<Statistics> statistics(
      DuckDbSession session, Output output, String relation) {
    List<String> aggregates = new ArrayList<>();
    aggregates.add("count(*)");
    List<Statistics> columns = new ArrayList<>();
    for (Column column : output.schema()) {
      columns.add(new Statistics(column, aggregates));
    }
    return session
        .query(
            "SELECT " + String.join(", ", aggregates) + " FROM " + relation,
            row -> {
              long rows = row.getLong(1);
              for (Statistics column : columns) {
                column.read(row, rows);
              }
              return columns;
            })
        .get(0);
  }

  /**
   * The second scan: every histogram's bucket counts and every string or boolean column's value
   * counts, each column a grouping set.
   */
  private static void countGroups(DuckDbSession session, String relation, List<Grouped> grouped) {
    List<String> inner = new ArrayList<>();
    List<String> sets = new ArrayList<>();
    List<String> setNumber = new ArrayList<>();
    List<String> value = new ArrayList<>();
    for (Grouped group : grouped) {
      String alias = "__quanta_g" + group.index;
      inner.add(group.column.groupExpression() + " AS " + alias);
      sets.add("(" + alias + ")");
      setNumber.add("WHEN grouping(" + alias + ") = 0 THEN " + group.index);
      value.add("WHEN grouping(" + alias + ") = 0 THEN CAST(" + alias + " AS VARCHAR)");
    }
    String sql =
        "SELECT CASE "
            + String.join(" ", setNumber)
            + " END AS "
            + SET
            + ", CASE "
            + String.join(" ", value)
            + " END AS "
            + VALUE
            + ", count(*) AS "
            + COUNT
            + " FROM (SELECT "
            + String.join(", ", inner)
            + " FROM "
            + relation
            + ") GROUP BY GROUPING SETS ("
            + String.join(", ", sets)
            + ") QUALIFY "
            + VALUE
            + " IS NOT NULL AND row_number() OVER (PARTITION BY "
            + SET
            + " ORDER BY "
            + VALUE
            + " IS NULL, "
            + COUNT
            + " DESC, "
            + VALUE
            + ") <= "
            + Math.max(HISTOGRAM_BUCKETS, TOP_VALUES);
    session.query(
        sql,
        row -> {
          Grouped group = grouped.get(row.getInt(SET));
          group.counts.add(new ColumnProfile.ValueCount(row.getString(VALUE), row.getLong(COUNT)));
          return group;
        });
  }

  /** A column counted in the second scan, and what that scan found for it. */
  private static final class Grouped {
    private final Statistics column;
    private final int index;
    private final List<ColumnProfile.ValueCount> counts = new ArrayList<>();

    Grouped(Statistics column, int index) {
      this.column = column;
      this.index = index;
    }
  }

  /** One column's aggregates in the first scan and their values once read. */
  private static final class Statistics {
    private final Column column;
    private final Kind kind;
    private final int nonNullAt;
    private final int distinctAt;
    private final int minAt;
    private final int meanAt;
    private final int bucketMinAt;

    private long rows;
    private long nonNull;
    private long distinct;
    private String min;
    private String max;
    private Double mean;
    private Double standardDeviation;
    private double bucketMin;
    private double bucketMax;

    private enum Kind {
      NUMERIC,
      TEMPORAL,
      CATEGORICAL
    }

    Statistics(Column column, List<String> aggregates) {
      this.column = column;
      ColumnType type = column.type();
      this.kind =
          type.isNumeric() ? Kind.NUMERIC : type.isTemporal() ? Kind.TEMPORAL : Kind.CATEGORICAL;
      String name = Sql.identifier(column.name());
      nonNullAt = add(aggregates, "count(" + name + ")");
      distinctAt = add(aggregates, "approx_count_distinct(" + name + ")");
      minAt = add(aggregates, "CAST(min(" + name + ") AS VARCHAR)");
      add(aggregates, "CAST(max(" + name + ") AS VARCHAR)");
      if (kind == Kind.NUMERIC) {
        String number = "CAST(" + name + " AS DOUBLE)";
        meanAt = add(aggregates, "avg(" + number + ")");
        add(aggregates, "stddev_samp(" + number + ")");
        bucketMinAt = add(aggregates, "CAST(min(" + name + ") AS DOUBLE)");
        add(aggregates, "CAST(max(" + name + ") AS DOUBLE)");
      } else if (kind == Kind.TEMPORAL) {
        meanAt = -1;
        bucketMinAt = add(aggregates, "epoch(min(" + name + "))");
        add(aggregates, "epoch(max(" + name + "))");
      } else {
        meanAt = -1;
        bucketMinAt = -1;
      }
    }

    /** Adds an aggregate and returns its 1-based position in the SELECT. */
    private static int add(List<String> aggregates, String aggregate) {
      aggregates.add(aggregate);
      return aggregates.size();
    }

    void read(ResultSet row, long rows) throws SQLException {
      this.rows = rows;
      nonNull = row.getLong(nonNullAt);
      distinct = row.getLong(distinctAt);
      min = row.getString(minAt);
      max = row.getString(minAt + 1);
      if (meanAt > 0) {
        mean = nullableDouble(row, meanAt);
        standardDeviation = nullableDouble(row, meanAt + 1);
      }
      if (bucketMinAt > 0 && nonNull > 0) {
        bucketMin = row.getDouble(bucketMinAt);
        bucketMax = row.getDouble(bucketMinAt + 1);
      }
    }

    private static Double nullableDouble(ResultSet row, int at) throws SQLException {
      double value = row.getDouble(at);
      return row.wasNull() ? null : value;
    }

    private boolean hasHistogram() {
      // NaN and infinities have no place on an equal-width scale.
      return kind != Kind.CATEGORICAL
          && nonNull > 0
          && Double.isFinite(bucketMin)
          && Double.isFinite(bucketMax);
    }

    private double width() {
      return (bucketMax - bucketMin) / HISTOGRAM_BUCKETS;
    }

    /** Whether the histogram has buckets to count: a single value fills one bucket, uncounted. */
    boolean needsHistogramScan() {
      return hasHistogram() && width() > 0;
    }

    boolean needsTopValues() {
      return kind == Kind.CATEGORICAL && nonNull > 0 && distinct <= TOP_VALUES_DISTINCT_LIMIT;
    }

    /** What the second scan groups by: the bucket number, or the value itself. */
    String groupExpression() {
      String name = Sql.identifier(column.name());
      if (kind == Kind.CATEGORICAL) {
        return name;
      }
      String number =
          kind == Kind.TEMPORAL ? "epoch(" + name + ")" : "CAST(" + name + " AS DOUBLE)";
      // greatest and least skip nulls: without the CASE, a null would land in the last bucket.
      return "CASE WHEN "
          + name
          + " IS NOT NULL THEN greatest(0, least("
          + (HISTOGRAM_BUCKETS - 1)
          + ", CAST(floor(("
          + number
          + " - "
          + doubleLiteral(bucketMin)
          + ") / "
          + doubleLiteral(width())
          + ") AS INTEGER))) END";
    }

    ColumnProfile profile(Grouped counted) {
      List<ColumnProfile.Bucket> histogram = new ArrayList<>();
      List<ColumnProfile.ValueCount> topValues = new ArrayList<>();
      if (hasHistogram() && counted == null) {
        histogram.add(new ColumnProfile.Bucket(bucketMin, bucketMax, nonNull));
      } else if (counted != null && kind != Kind.CATEGORICAL) {
        long[] counts = new long[HISTOGRAM_BUCKETS];
        for (ColumnProfile.ValueCount bucket : counted.counts) {
          counts[Integer.parseInt(bucket.value())] = bucket.count();
        }
        double width = width();
        for (int i = 0; i < HISTOGRAM_BUCKETS; i++) {
          double upper = i == HISTOGRAM_BUCKETS - 1 ? bucketMax : bucketMin + (i + 1) * width;
          histogram.add(new ColumnProfile.Bucket(bucketMin + i * width, upper, counts[i]));
        }
      } else if (counted != null) {
        topValues.addAll(counted.counts.subList(0, Math.min(TOP_VALUES, counted.counts.size())));
      }
      return new ColumnProfile(
          column.name(),
          column.type().toString(),
          rows,
          rows - nonNull,
          distinct,
          min,
          max,
          mean,
          standardDeviation,
          histogram,
          topValues);
    }

    private static String doubleLiteral(double value) {
      return "CAST(" + Sql.literal(Double.toString(value)) + " AS DOUBLE)";
    }
  }
}
