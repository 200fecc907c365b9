package io.quanta.bench;

import io.quanta.engine.Sql;
import io.quanta.governance.Principal;
import io.quanta.governance.Reader;
import io.quanta.governance.policy.MaskMethod;
import io.quanta.governance.policy.PolicyEngine;
import io.quanta.governance.policy.PolicySet;
import io.quanta.governance.policy.PortDecision;
import io.quanta.platform.Mesh;
import io.quanta.ports.sql.ReadOptions;
import io.quanta.spec.Output;
import io.quanta.spec.PortId;
import io.quanta.spec.ProductSpec;
import java.io.IOException;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The cost of read-time policies on the play-events port (group {@code governance}): the same
 * aggregate through the SQL output port for a reader under a {@code hash} mask on {@code user_id}
 * and a row filter bound from the reader's attribute, and for a reader the same policies lift every
 * obligation from; for reference DuckDB alone running both over the port's files with the SQL the
 * port compiles (the HMAC-SHA-256 of {@code io.quanta.ports.policy.PolicyViews}); and policy
 * decisions per second.
 *
 * <p>It changes the local policies of play-events through the control port API ({@code
 * mesh.policies().change}), so it runs after every other group that reads the same mesh.
 */
final class GovernanceReads {
  static final String MASKED_MEASURE = "masked + filtered query over play-events vs unmasked (ms)";
  static final String RAW_MEASURE =
      "masked + filtered query over play-events vs DuckDB alone, same SQL (ms)";
  static final String DECISIONS_MEASURE = "policy decisions, PolicyService.decide (decisions/s)";

  /** The group's measures, in the report's order. */
  static final List<String> MEASURES = List.of(MASKED_MEASURE, RAW_MEASURE, DECISIONS_MEASURE);

  /** The target: a governed read at most 1.2 times the same read without obligations. */
  static final double TARGET = 1.2;

  /** Timed runs of each query, at least; more when {@code --repeat} asks for more. */
  static final int MIN_RUNS = 5;

  /** How long decisions are made before measuring, and how long each timed window lasts. */
  static final double DECISION_WARM_UP_SECONDS = 2;

  static final double DECISION_WINDOW_SECONDS = 3;

  static final String PORT_TABLE = "podcasts.play_events.events";

  /** The measured query: hashing runs over every visible row, the filter over every row. */
  static final String QUERY =
      "SELECT count(DISTINCT user_id) AS users, count(*) AS plays FROM " + PORT_TABLE;

  /** The attribute the row filter binds. */
  static final String ATTRIBUTE = "excluded";

  /**
   * The local policies set on play-events: a hash of the user id unless the reader is a {@code
   * pii-reader}, and the rows of one podcast left out unless the reader is {@code governance}.
   */
  static final String POLICIES =
      """
      masks:
        - id: bench-user-hashed
          column: user_id
          method: hash
          unless: "'pii-reader' in principal.roles"
      rowFilters:
        - id: bench-excluded-podcast
          where: "podcast_id <> :excluded"
          unless: "'governance' in principal.roles"
      """;

  /** Who changes the policies. */
  static final Principal GOVERNANCE =
      new Principal(
          "bench-governance", Set.of(), Set.of(Principal.GOVERNANCE_ROLE), Map.of(), false);

  /** The table of the baseline's bound values, like the port's {@code __quanta_parameters}. */
  private static final String RAW_PARAMETERS = "bench_parameters";

  private GovernanceReads() {}

  /** The first row of the aggregate: distinct users and plays. */
  private record Counts(long users, long plays) {
    @Override
    public String toString() {
      return String.format(Locale.ROOT, "%,d users over %,d plays", users, plays);
    }
  }

  /** Sets the policies, checks both readers' answers, times the four queries and the decisions. */
  static Measured measure(Mesh mesh, RawDuckDb raw, PortId port, int repeat, Progress progress)
      throws IOException, SQLException {
    progress.say("governance: masked and filtered reads of %s", port);
    List<String> dataFiles = Benchmark.portFiles(mesh, port);
    String files = "read_parquet(" + Sql.list(dataFiles) + ")";

    // The least played podcast: the filter runs over every row but keeps nearly all of them.
    String excluded =
        raw.queryString(
            "SELECT podcast_id FROM "
                + files
                + " GROUP BY podcast_id ORDER BY count(*), podcast_id LIMIT 1");
    Reader masked =
        Reader.of(
            new Principal("bench-masked", Set.of(), Set.of(), Map.of(ATTRIBUTE, excluded), false));
    Reader clear =
        Reader.of(
            new Principal(
                "bench-clear",
                Set.of(),
                Set.of("pii-reader", Principal.GOVERNANCE_ROLE),
                Map.of(ATTRIBUTE, excluded),
                false));

    mesh.policies().change(port.product(), GOVERNANCE, "bench-policies.yaml", POLICIES);
    PortDecision maskedDecision = mesh.policies().decide(port, masked);
    PortDecision clearDecision = mesh.policies().decide(port, clear);
    PortDecision.AppliedMask userMask = maskedDecision.masks().get("user_id");
    if (!maskedDecision.allowed()
        || userMask == null
        || userMask.mask().method() != MaskMethod.HASH
        || maskedDecision.masks().size() != 1
        || maskedDecision.filters().size() != 1) {
      throw new IllegalStateException(
          "the masked reader's decision is not a hash of user_id and one row filter: "
              + maskedDecision);
    }
    if (!clearDecision.allowed() || clearDecision.hasObligations()) {
      throw new IllegalStateException(
          "the unmasked reader's decision has obligations: " + clearDecision);
    }

    // DuckDB alone: the same HMAC-SHA-256 and filter over the port's files, its values bound into
    // a temporary table as the port binds them, with a key of its own (the cost is the same).
    bindRawParameters(raw, excluded);
    String rawClearSql = "SELECT count(DISTINCT user_id) AS users, count(*) AS plays FROM " + files;
    // As the port compiles it (io.quanta.ports.policy.PolicyViews): filter, hash each distinct
    // value once, join the hashes back.
    String rawMaskedSql =
        "WITH r AS (SELECT * FROM "
            + files
            + " WHERE (podcast_id <> (SELECT any_value(value) FROM "
            + RAW_PARAMETERS
            + " WHERE name = 'excluded')))"
            + " SELECT count(DISTINCT d.h) AS users, count(*) AS plays FROM r LEFT JOIN"
            + " (SELECT v, "
            + rawHash("v")
            + " AS h FROM (SELECT DISTINCT user_id AS v FROM r)) AS d ON r.user_id = d.v";

    // Sanity, untimed (and a warm-up of each): the masked reader really gets hashed user ids,
    // as many distinct ones as the visible rows have in clear, and only the filter's rows; the
    // unmasked reader gets every row.
    long portRows = raw.queryLong("SELECT count(*) FROM " + files);
    Counts visibleInClear =
        rawCounts(
            raw,
            "SELECT count(DISTINCT user_id), count(*) FROM "
                + files
                + " WHERE podcast_id <> "
                + Sql.literal(excluded));
    Counts allInClear = rawCounts(raw, rawClearSql);
    Counts expectedMasked = quantaCounts(mesh, masked);
    Counts expectedClear = quantaCounts(mesh, clear);
    Counts rawMasked = rawCounts(raw, rawMaskedSql);
    if (!expectedClear.equals(allInClear) || allInClear.plays() != portRows) {
      throw new IllegalStateException(
          "the unmasked reader got "
              + expectedClear
              + " but the port's files have "
              + allInClear
              + "; the reads do not do the same work");
    }
    if (!expectedMasked.equals(visibleInClear) || !rawMasked.equals(visibleInClear)) {
      throw new IllegalStateException(
          "the masked reader got "
              + expectedMasked
              + " and DuckDB alone's HMAC "
              + rawMasked
              + ", but the visible rows have "
              + visibleInClear
              + " in clear");
    }
    if (visibleInClear.plays() >= portRows || visibleInClear.plays() == 0) {
      throw new IllegalStateException(
          "the row filter on podcast " + excluded + " kept " + visibleInClear + " of " + portRows);
    }
    String sample = quantaString(mesh, masked, "SELECT min(user_id) FROM " + PORT_TABLE);
    String clearSample = quantaString(mesh, clear, "SELECT min(user_id) FROM " + PORT_TABLE);
    if (!sample.matches("[0-9a-f]{64}") || clearSample.matches("[0-9a-f]{64}")) {
      throw new IllegalStateException(
          "the masked reader's user ids are not HMAC-SHA-256 hex ("
              + sample
              + ") or the unmasked reader's are ("
              + clearSample
              + ")");
    }

    Samples quantaMasked = new Samples();
    Samples quantaClear = new Samples();
    Samples rawMaskedTimes = new Samples();
    Samples rawClearTimes = new Samples();
    int runs = Math.max(MIN_RUNS, repeat);
    for (int i = 1; i <= runs; i++) {
      quantaMasked.add(timed(() -> quantaCounts(mesh, masked), expectedMasked, "masked"));
      quantaClear.add(timed(() -> quantaCounts(mesh, clear), expectedClear, "unmasked"));
      rawMaskedTimes.add(timedRaw(raw, rawMaskedSql, expectedMasked));
      rawClearTimes.add(timedRaw(raw, rawClearSql, expectedClear));
      progress.say(
          "  run %d of %d: Quanta masked %.0f ms, unmasked %.0f ms; DuckDB alone masked %.0f ms,"
              + " unmasked %.0f ms",
          i,
          runs,
          last(quantaMasked) * 1000,
          last(quantaClear) * 1000,
          last(rawMaskedTimes) * 1000,
          last(rawClearTimes) * 1000);
    }

    progress.say("governance: policy decisions per second");
    ProductSpec spec = mesh.specs().get(port.product());
    Output output = spec.output(port.port()).orElseThrow();
    PolicySet global = mesh.policies().global();
    PolicySet local = mesh.policies().local(port.product());
    Supplier<PortDecision> service = () -> mesh.policies().decide(port, masked);
    Supplier<PortDecision> engine = () -> PolicyEngine.decide(masked, spec, output, global, local);
    Samples serviceRates = new Samples();
    Samples engineRates = new Samples();
    decisionsPerSecond(service, DECISION_WARM_UP_SECONDS);
    decisionsPerSecond(engine, DECISION_WARM_UP_SECONDS);
    for (int i = 0; i < repeat; i++) {
      serviceRates.add(decisionsPerSecond(service, DECISION_WINDOW_SECONDS));
      engineRates.add(decisionsPerSecond(engine, DECISION_WINDOW_SECONDS));
    }
    // Where a decision's time goes besides CEL: the two registry lookups decide() makes.
    double specLookups =
        callsPerSecond(() -> mesh.specs().get(port.product()), DECISION_WINDOW_SECONDS);
    double policyLookups =
        callsPerSecond(() -> mesh.policies().current(port.product()), DECISION_WINDOW_SECONDS);
    progress.say(
        "  PolicyService.decide %,.0f/s, PolicyEngine.decide %,.0f/s",
        serviceRates.median(), engineRates.median());

    List<ReportRow> rows = new ArrayList<>();
    double ratio = quantaMasked.median() / quantaClear.median();
    rows.add(
        new ReportRow(
            MASKED_MEASURE,
            millis(quantaMasked.median()),
            millis(quantaClear.median()),
            Benchmark.ratio(ratio),
            "<= " + TARGET + "x",
            Optional.of(ratio <= TARGET)));
    rows.add(
        new ReportRow(
            RAW_MEASURE,
            millis(quantaMasked.median()),
            millis(rawMaskedTimes.median()),
            Benchmark.ratio(quantaMasked.median() / rawMaskedTimes.median()),
            "-",
            Optional.empty()));
    rows.add(
        new ReportRow(
            DECISIONS_MEASURE,
            String.format(Locale.ROOT, "%,.0f", serviceRates.median()),
            "-",
            "-",
            "-",
            Optional.empty()));

    List<String> details = new ArrayList<>();
    details.add(
        String.format(
            Locale.ROOT,
            "Governed reads of play-events: local policies set through the control port API"
                + " (`mesh.policies().change`, as a `governance` principal): `user_id` hashed"
                + " unless the reader has the role pii-reader, and rows where `podcast_id <>"
                + " :excluded` (bound from the reader's attribute `excluded`, here %s, the least"
                + " played podcast) unless the reader has the role governance. Query `%s`."
                + " Masked reader (no roles): %s of %,d (%.3f%% of the rows filtered out), user ids"
                + " 64-hex HMACs, as many distinct as the visible rows have in clear. Unmasked"
                + " reader (roles pii-reader and governance: the same policies are evaluated and"
                + " lift both obligations, no views): %s.",
            excluded,
            QUERY,
            expectedMasked,
            portRows,
            100.0 * (portRows - visibleInClear.plays()) / portRows,
            expectedClear));
    details.add(
        String.format(
            Locale.ROOT,
            "After one untimed run each, %d runs each, interleaved: Quanta masked %s ms; Quanta"
                + " unmasked %s ms; DuckDB alone masked (the port's SQL: the filter, then the HMAC-SHA-256"
                + " `sha256(opad || unhex(sha256(ipad || encode(CAST(v AS VARCHAR)))))` of each distinct"
                + " user_id joined back; pads and"
                + " value bound in a temporary table, over `read_parquet([%d data files])`) %s ms;"
                + " DuckDB alone unmasked %s ms. The HMAC and filter cost DuckDB alone %.2fx the"
                + " unmasked query (medians), Quanta %.2fx; Quanta's unmasked read is %.2fx DuckDB"
                + " alone's.",
            runs,
            quantaMasked.list(seconds -> seconds * 1000, "%.0f"),
            quantaClear.list(seconds -> seconds * 1000, "%.0f"),
            dataFiles.size(),
            rawMaskedTimes.list(seconds -> seconds * 1000, "%.0f"),
            rawClearTimes.list(seconds -> seconds * 1000, "%.0f"),
            rawMaskedTimes.median() / rawClearTimes.median(),
            ratio,
            quantaClear.median() / rawClearTimes.median()));
    details.add(
        String.format(
            Locale.ROOT,
            "Policy decisions for the masked reader (one hash mask, one row filter with a bound"
                + " parameter; no global rule applies to play-events' columns), one thread, %d"
                + " window%s of %.0f s after %.0f s of warm-up: `mesh.policies().decide(port,"
                + " reader)` %s decisions/s (each looks up the deployed spec and the policies in"
                + " force in the registry, then evaluates CEL); `PolicyEngine.decide` on policies"
                + " already loaded (CEL evaluation only) %s decisions/s. No baseline. The"
                + " registry lookups alone, for reference: `mesh.specs().get` %.0f µs,"
                + " `mesh.policies().current` %.0f µs per call.",
            repeat,
            repeat == 1 ? "" : "s",
            DECISION_WINDOW_SECONDS,
            DECISION_WARM_UP_SECONDS,
            serviceRates.list(rate -> rate, "%,.0f"),
            engineRates.list(rate -> rate, "%,.0f"),
            1e6 / specLookups,
            1e6 / policyLookups));
    return new Measured(rows, details);
  }

  /** The HMAC-SHA-256 the port compiles for a {@code hash} mask, over the baseline's pads. */
  private static String rawHash(String column) {
    String inner =
        "(SELECT unhex(any_value(value)) FROM " + RAW_PARAMETERS + " WHERE name = 'hash.inner')";
    String outer =
        "(SELECT unhex(any_value(value)) FROM " + RAW_PARAMETERS + " WHERE name = 'hash.outer')";
    return "CASE WHEN "
        + column
        + " IS NULL THEN NULL ELSE sha256("
        + outer
        + " || unhex(sha256("
        + inner
        + " || encode(CAST("
        + column
        + " AS VARCHAR))))) END";
  }

  /** A random 32-byte key's HMAC pads (RFC 2104) and the filter's value, in a temporary table. */
  private static void bindRawParameters(RawDuckDb raw, String excluded) throws SQLException {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    byte[] inner = new byte[64];
    byte[] outer = new byte[64];
    for (int i = 0; i < 64; i++) {
      byte k = i < key.length ? key[i] : 0;
      inner[i] = (byte) (k ^ 0x36);
      outer[i] = (byte) (k ^ 0x5c);
    }
    HexFormat hex = HexFormat.of();
    raw.execute(
        "CREATE OR REPLACE TEMP TABLE " + RAW_PARAMETERS + " (name VARCHAR, value VARCHAR)");
    try (PreparedStatement insert =
        raw.connection().prepareStatement("INSERT INTO " + RAW_PARAMETERS + " VALUES (?, ?)")) {
      String[][] values = {
        {"hash.inner", hex.formatHex(inner)},
        {"hash.outer", hex.formatHex(outer)},
        {"excluded", excluded}
      };
      for (String[] value : values) {
        insert.setString(1, value[0]);
        insert.setString(2, value[1]);
        insert.execute();
      }
    }
  }

  private static Counts quantaCounts(Mesh mesh, Reader reader) {
    ConsumingSink sink = new ConsumingSink();
    mesh.queries().query(reader, QUERY, ReadOptions.LATEST, sink);
    List<Object> row =
        sink.firstRow().orElseThrow(() -> new IllegalStateException("no answer to " + QUERY));
    return new Counts(((Number) row.get(0)).longValue(), ((Number) row.get(1)).longValue());
  }

  private static String quantaString(Mesh mesh, Reader reader, String sql) {
    ConsumingSink sink = new ConsumingSink();
    mesh.queries().query(reader, sql, ReadOptions.LATEST, sink);
    return String.valueOf(
        sink.firstRow().orElseThrow(() -> new IllegalStateException("no answer to " + sql)).get(0));
  }

  private static Counts rawCounts(RawDuckDb raw, String sql) throws SQLException {
    try (Statement statement = raw.connection().createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      if (!result.next()) {
        throw new SQLException("no row from " + sql);
      }
      return new Counts(result.getLong(1), result.getLong(2));
    }
  }

  /** Seconds of one Quanta query, whose answer must be the expected one. */
  private static double timed(Supplier<Counts> query, Counts expected, String which) {
    long start = System.nanoTime();
    Counts counts = query.get();
    double seconds = Samples.secondsSince(start);
    if (!counts.equals(expected)) {
      throw new IllegalStateException(
          "the " + which + " read answered " + counts + ", earlier " + expected);
    }
    return seconds;
  }

  private static double timedRaw(RawDuckDb raw, String sql, Counts expected) throws SQLException {
    long start = System.nanoTime();
    Counts counts = rawCounts(raw, sql);
    double seconds = Samples.secondsSince(start);
    if (!counts.equals(expected)) {
      throw new IllegalStateException(
          "DuckDB alone answered " + counts + " where Quanta answered " + expected);
    }
    return seconds;
  }

  /** Decisions made in a loop for about {@code seconds}, per second. */
  private static double decisionsPerSecond(Supplier<PortDecision> decide, double seconds) {
    long deadline = System.nanoTime() + (long) (seconds * 1e9);
    long start = System.nanoTime();
    long decisions = 0;
    long filters = 0;
    while (System.nanoTime() < deadline) {
      PortDecision decision = decide.get();
      filters += decision.filters().size();
      decisions++;
    }
    double elapsed = Samples.secondsSince(start);
    if (filters != decisions) {
      throw new IllegalStateException("a decision lost its row filter");
    }
    return decisions / elapsed;
  }

  /** Calls made in a loop for about {@code seconds}, per second. */
  private static double callsPerSecond(Supplier<?> call, double seconds) {
    long deadline = System.nanoTime() + (long) (seconds * 1e9);
    long start = System.nanoTime();
    long calls = 0;
    while (System.nanoTime() < deadline) {
      if (call.get() == null) {
        throw new IllegalStateException("a lookup answered nothing");
      }
      calls++;
    }
    return calls / Samples.secondsSince(start);
  }

  private static double last(Samples samples) {
    List<Double> values = samples.values();
    return values.get(values.size() - 1);
  }

  private static String millis(double seconds) {
    return String.format(Locale.ROOT, "%.1f", seconds * 1000);
  }
}
