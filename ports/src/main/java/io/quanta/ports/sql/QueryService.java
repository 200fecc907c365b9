package io.quanta.ports.sql;

import static java.util.Objects.requireNonNull;

import io.quanta.engine.DuckDbSession;
import io.quanta.engine.PortReads;
import io.quanta.engine.ResultColumn;
import io.quanta.engine.Sessions;
import io.quanta.engine.Sql;
import io.quanta.engine.SqlFailure;
import io.quanta.engine.SqlGuard;
import io.quanta.engine.SqlRejected;
import io.quanta.error.ErrorCode;
import io.quanta.error.Problem;
import io.quanta.error.QuantaException;
import io.quanta.governance.Reader;
import io.quanta.governance.audit.AccessDecision;
import io.quanta.governance.audit.AuditSink;
import io.quanta.governance.policy.PortDecision;
import io.quanta.ports.policy.MaskKey;
import io.quanta.ports.policy.PolicyViews;
import io.quanta.spec.AccessMode;
import io.quanta.spec.Output;
import io.quanta.spec.PortId;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The SQL output port: runs a consumer's SELECT over output ports, every port read as of the same
 * processing time. A port is the table {@code domain.product.port} (newest major) or {@code
 * domain.product_v<major>.port}, '-' written as '_'.
 *
 * <p>The query runs in a fresh DuckDB session that holds only views over the ports it names, is
 * checked by {@link SqlGuard} (one SELECT, no files, table functions, settings or catalog
 * functions), and is locked down to reading the named ports' folders.
 *
 * <p>Thread safe; each query has its own session.
 */
public final class QueryService {
  /** The file name problems in consumer queries are reported against. */
  public static final String QUERY_FILE = "query";

  private final PortResolver resolver;
  private final MaskKey maskKey;
  private final AuditSink audit;
  private final Sessions sessions;
  private final SqlGuard.Parser parser;
  private final Clock clock;
  private final QueryLimits limits;
  private final java.util.concurrent.Semaphore running;
  private final java.util.concurrent.ScheduledExecutorService watchdog =
      java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "quanta-query-watchdog");
            thread.setDaemon(true);
            return thread;
          });

  /**
   * @param parser checks queries before a session is set up for them
   * @param maskKey the mesh's secret for the {@code hash} mask
   * @param audit where every read decision goes
   */
  public QueryService(
      PortResolver resolver,
      Sessions sessions,
      SqlGuard.Parser parser,
      QueryLimits limits,
      Clock clock,
      MaskKey maskKey,
      AuditSink audit) {
    this.resolver = requireNonNull(resolver, "resolver is null");
    this.maskKey = requireNonNull(maskKey, "maskKey is null");
    this.audit = requireNonNull(audit, "audit is null");
    this.sessions = requireNonNull(sessions, "sessions is null");
    this.parser = requireNonNull(parser, "parser is null");
    this.limits = requireNonNull(limits, "limits is null");
    this.running = new java.util.concurrent.Semaphore(limits.concurrentQueries(), true);
    this.clock = requireNonNull(clock, "clock is null");
  }

  /**
   * Runs the query and streams its rows to the sink.
   *
   * @throws QuantaException {@code INVALID_QUERY} when it does not parse or bind, {@code
   *     QUERY_REFUSED} when it tries something the port does not allow, {@code NOT_FOUND} when it
   *     names a port no deployed product has, {@code INVALID_REQUEST} for an {@code asOf} in the
   *     future
   */
  public QueryResult query(Reader reader, String sql, ReadOptions options, ResultSink sink) {
    return query(reader, AccessMode.SQL, sql, options, sink);
  }

  /**
   * Runs the query for a consumer of another mode (REST pages run a query too) and streams its rows
   * to the sink. Every port it names must be served in that mode.
   *
   * @throws QuantaException as {@link #query(Reader, String, ReadOptions, ResultSink)}
   */
  public QueryResult query(
      Reader reader, AccessMode mode, String sql, ReadOptions options, ResultSink sink) {
    return read(
        reader,
        mode,
        sql,
        options,
        List.of(),
        prepared -> {
          try (ResultSet result = prepared.statement().executeQuery(sql)) {
            QueryResult answer = stream(result, sink, prepared);
            prepared.returned(answer.rows());
            return answer;
          }
        });
  }

  /**
   * A session prepared to read the ports a query names: a view per port, as of one time, in a fresh
   * DuckDB locked down to those ports' files (and the output files of the action).
   */
  public interface PreparedRead {
    /** A statement on the session; the SQL port's timeout cancels it. */
    Statement statement() throws SQLException;

    /** The processing time every port is read as of. */
    Instant asOf();

    /** The Iceberg snapshot read of each port (empty when it had no data then). */
    Map<PortId, Optional<Long>> snapshots();

    /** Tells the audit log how many rows (or events) the read returned. */
    void returned(long rows);
  }

  /** What to do in a prepared session. */
  @FunctionalInterface
  public interface ReadAction<T> {
    T run(PreparedRead prepared) throws SQLException;
  }

  /**
   * Prepares a session for the ports the SQL names and runs the action in it. The SQL is checked
   * like any query (one SELECT over ports); the action, Quanta's own code, decides what runs: the
   * query itself, or a {@code COPY} of it to one of the output files.
   *
   * <p>Every port is read as the reader may see it: a port its policies refuse fails the read
   * ({@code ACCESS_DENIED}, audited), and the views the SQL reads apply the reader's masks, row
   * filters and minimum group sizes. Every decision, allowed or not, goes to the audit log.
   *
   * @param reader who reads, and for what purpose
   * @param mode the mode the consumer reads in: every port the SQL names must be served in it
   * @param outputFiles files the action may write, besides reading the ports
   * @throws QuantaException as {@link #query}, {@code NOT_FOUND} for a port not served in the mode,
   *     {@code ACCESS_DENIED} for a port the reader may not read, and {@code QUERY_TIMEOUT} when a
   *     statement runs longer than allowed
   */
  public <T> T read(
      Reader reader,
      AccessMode mode,
      String sql,
      ReadOptions options,
      Collection<String> outputFiles,
      ReadAction<T> action) {
    requireNonNull(reader, "reader is null");
    requireNonNull(mode, "mode is null");
    requireNonNull(sql, "sql is null");
    Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    if (options.asOf().isPresent() && options.asOf().get().isAfter(now)) {
      throw QuantaException.invalidRequest(
          "asOf "
              + options.asOf().get()
              + " is in the future; the mesh only knows the past (now is "
              + now
              + ")");
    }
    SqlGuard.Analysis analysis = analyze(sql);
    acquire();
    try (DuckDbSession session = sessions.open()) {
      Map<List<String>, PortId> names = resolveNames(mode, sql, analysis);
      Set<PortId> ports = new LinkedHashSet<>(names.values());
      Map<PortId, PortDecision> decisions = decide(reader, mode, sql, ports, options, now);
      Instant asOf = resolver.stableAsOf(ports, options.asOf().orElse(now));

      Map<PortId, PortSnapshot> snapshots = new LinkedHashMap<>();
      for (PortId port : ports) {
        snapshots.put(port, resolver.snapshot(port, asOf, options));
      }
      createViews(session, names, snapshots, decisions, options);
      // The session may read exactly the files of the snapshots it reads, nothing else.
      List<String> files = new ArrayList<>(outputFiles);
      for (PortSnapshot snapshot : snapshots.values()) {
        files.addAll(snapshot.data().dataFiles());
        files.addAll(snapshot.data().deleteFiles());
      }
      session.lockDown(files);

      Map<PortId, Optional<Long>> read = new LinkedHashMap<>();
      snapshots.forEach((port, snapshot) -> read.put(port, snapshot.snapshotId()));
      long[] rows = {0};
      T result = run(session, sql, asOf, read, snapshots, action, rows);
      decisions.forEach(
          (port, decision) -> record(reader, mode, sql, port, decision, rows[0], now));
      return result;
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot prepare the read: " + e.getMessage(), e);
    } finally {
      running.release();
    }
  }

  /**
   * The reader's decision for each port; refuses (and audits) the read when a port is denied, or
   * when an event-time window would compare a masked event time.
   */
  private Map<PortId, PortDecision> decide(
      Reader reader,
      AccessMode mode,
      String sql,
      Set<PortId> ports,
      ReadOptions options,
      Instant now) {
    Map<PortId, PortDecision> decisions = new LinkedHashMap<>();
    for (PortId port : ports) {
      PortDecision decision = resolver.decide(port, reader);
      if (!decision.allowed()) {
        record(reader, mode, sql, port, decision, 0, now);
        throw new QuantaException(
            ErrorCode.ACCESS_DENIED,
            reader.principal()
                + " may not read "
                + port
                + ": "
                + String.join("; ", decision.reasons()));
      }
      Output output = resolver.output(port);
      if ((options.eventFrom().isPresent() || options.eventTo().isPresent())
          && PolicyViews.masksEventTime(output, decision)) {
        record(reader, mode, sql, port, decision, 0, now);
        throw new QuantaException(
            ErrorCode.ACCESS_DENIED,
            "the event time of "
                + port
                + " is masked for "
                + reader.principal()
                + " ("
                + decision.masks().get(output.eventTime().orElseThrow()).rule()
                + "), so it cannot be read in an event-time window");
      }
      decisions.put(port, decision);
    }
    return decisions;
  }

  private void record(
      Reader reader,
      AccessMode mode,
      String sql,
      PortId port,
      PortDecision decision,
      long rows,
      Instant now) {
    audit.record(
        new AccessDecision(
            now,
            reader.principal(),
            reader.purpose(),
            port.toString(),
            mode.specName(),
            decision.allowed(),
            decision.rulesMatched(),
            decision.obligations(),
            Optional.of(AccessDecision.fingerprint(sql)),
            rows));
  }

  /** Waits for one of the SQL port's query slots, at most as long as a query may run. */
  private void acquire() {
    try {
      if (!running.tryAcquire(
          limits.timeout().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
        throw new QuantaException(
            ErrorCode.BUSY,
            "The SQL port is busy: "
                + limits.concurrentQueries()
                + " queries are running and none finished within "
                + limits.timeout().toSeconds()
                + " s; try again later");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new QuantaException(ErrorCode.BUSY, "Interrupted while waiting for a query slot");
    }
  }

  private SqlGuard.Analysis analyze(String sql) {
    try {
      return parser.analyze(sql);
    } catch (SqlRejected rejected) {
      throw queryError(
          rejected.syntaxError() ? ErrorCode.INVALID_QUERY : ErrorCode.QUERY_REFUSED,
          sql,
          rejected.position(),
          rejected.getMessage());
    }
  }

  private Map<List<String>, PortId> resolveNames(
      AccessMode mode, String sql, SqlGuard.Analysis analysis) {
    Map<List<String>, PortId> names = new LinkedHashMap<>();
    for (SqlGuard.TableReference table : analysis.tables()) {
      List<String> parts = new ArrayList<>();
      table.parts().forEach(part -> parts.add(part.toLowerCase(Locale.ROOT)));
      if (parts.size() != 3) {
        throw queryError(
            ErrorCode.QUERY_REFUSED,
            sql,
            table.position(),
            (table.name().matches("[A-Za-z0-9_.]+")
                    ? "'" + table.name() + "' is not an output port"
                    : "a file or a string is not an output port")
                + ": queries read ports as <domain>.<product>.<port> (or"
                + " <domain>.<product>_v<major>.<port>), with '-' written as '_'");
      }
      if (names.containsKey(parts)) {
        continue;
      }
      Optional<PortId> port = resolver.resolve(parts);
      if (port.isEmpty()) {
        List<String> similar = resolver.similarNames(parts);
        throw queryError(
            ErrorCode.NOT_FOUND,
            sql,
            table.position(),
            "no deployed data product has the port "
                + String.join(".", parts)
                + (similar.isEmpty()
                    ? ""
                    : "; did you mean " + String.join(" or ", similar) + "?"));
      }
      Set<AccessMode> access = resolver.access(port.get());
      if (!access.contains(mode)) {
        String message =
            port.get()
                + " is not served through "
                + mode.specName()
                + ": its product serves it through "
                + String.join(", ", access.stream().sorted().map(AccessMode::specName).toList())
                + " (the output's access in its spec)";
        // Only SQL the consumer wrote has positions worth showing.
        throw mode == AccessMode.SQL
            ? queryError(ErrorCode.NOT_FOUND, sql, table.position(), message)
            : QuantaException.notFound(message);
      }
      names.put(parts, port.get());
    }
    return names;
  }

  private void createViews(
      DuckDbSession session,
      Map<List<String>, PortId> names,
      Map<PortId, PortSnapshot> snapshots,
      Map<PortId, PortDecision> decisions,
      ReadOptions options)
      throws SQLException {
    PolicyViews policies = new PolicyViews(maskKey);
    Map<String, String> views = new LinkedHashMap<>();
    Set<String> catalogs = new LinkedHashSet<>();
    Set<String> schemas = new LinkedHashSet<>();
    for (Map.Entry<List<String>, PortId> entry : names.entrySet()) {
      List<String> parts = entry.getKey();
      String catalog = Sql.identifier(parts.get(0));
      String schema = catalog + "." + Sql.identifier(parts.get(1));
      if (catalogs.add(catalog)) {
        session.execute("ATTACH ':memory:' AS " + catalog);
      }
      if (schemas.add(schema)) {
        session.execute("CREATE SCHEMA " + schema);
      }
      PortSnapshot snapshot = snapshots.get(entry.getValue());
      String select =
          PortReads.select(
              snapshot.data(),
              options.history() ? PortReads.Mode.HISTORY : PortReads.Mode.LATEST,
              options.eventFrom(),
              options.eventTo(),
              options.since());
      PortId port = entry.getValue();
      views.put(
          schema + "." + Sql.identifier(parts.get(2)),
          policies.view(select, resolver.output(port), decisions.get(port)));
    }
    // The views read the bound parameters: bind them first.
    policies.bind(session);
    for (Map.Entry<String, String> view : views.entrySet()) {
      try {
        session.execute("CREATE VIEW " + view.getKey() + " AS " + view.getValue());
      } catch (SqlFailure e) {
        // The port's own view does not bind for this reader: a row filter whose parameter has
        // another shape than it needs (a string where a list is expected, say). Fail closed.
        throw new QuantaException(
            ErrorCode.ACCESS_DENIED,
            "the policies of "
                + view.getKey()
                + " cannot be applied for this reader, so nothing is read: "
                + SqlFailure.summary(withoutValues(e.getMessage())));
      }
    }
  }

  private <T> T run(
      DuckDbSession session,
      String sql,
      Instant asOf,
      Map<PortId, Optional<Long>> read,
      Map<PortId, PortSnapshot> snapshots,
      ReadAction<T> action,
      long[] rows) {
    java.util.concurrent.atomic.AtomicBoolean cancelled =
        new java.util.concurrent.atomic.AtomicBoolean();
    List<java.util.concurrent.ScheduledFuture<?>> deadlines = new ArrayList<>();
    List<Statement> statements = new ArrayList<>();
    PreparedRead prepared =
        new PreparedRead() {
          @Override
          public Statement statement() throws SQLException {
            Statement statement = session.connection().createStatement();
            statements.add(statement);
            deadlines.add(
                watchdog.schedule(
                    () -> {
                      cancelled.set(true);
                      try {
                        statement.cancel();
                      } catch (SQLException e) {
                        // the statement finished meanwhile
                      }
                    },
                    limits.timeout().toMillis(),
                    java.util.concurrent.TimeUnit.MILLISECONDS));
            return statement;
          }

          @Override
          public Instant asOf() {
            return asOf;
          }

          @Override
          public Map<PortId, Optional<Long>> snapshots() {
            return read;
          }

          @Override
          public void returned(long count) {
            rows[0] = count;
          }
        };
    try {
      return action.run(prepared);
    } catch (SQLException e) {
      if (cancelled.get()) {
        throw queryError(
            ErrorCode.QUERY_TIMEOUT,
            sql,
            OptionalInt.empty(),
            "the query ran longer than " + limits.timeout().toSeconds() + " s and was cancelled");
      }
      String message = withoutValues(sanitize(e.getMessage(), snapshots));
      ErrorCode code =
          message.startsWith("Permission Error")
              ? ErrorCode.QUERY_REFUSED
              : ErrorCode.INVALID_QUERY;
      throw queryError(code, sql, OptionalInt.empty(), SqlFailure.summary(message));
    } catch (SqlFailure e) {
      throw queryError(
          ErrorCode.INVALID_QUERY,
          sql,
          OptionalInt.empty(),
          withoutValues(sanitize(e.getMessage(), snapshots)));
    } finally {
      deadlines.forEach(deadline -> deadline.cancel(false));
      for (Statement statement : statements) {
        try {
          statement.close();
        } catch (SQLException e) {
          // the session closes with the statement
        }
      }
    }
  }

  private static QueryResult stream(ResultSet result, ResultSink sink, PreparedRead prepared)
      throws SQLException {
    ResultSetMetaData metadata = result.getMetaData();
    List<ResultColumn> columns = new ArrayList<>();
    for (int i = 1; i <= metadata.getColumnCount(); i++) {
      columns.add(new ResultColumn(metadata.getColumnLabel(i), metadata.getColumnTypeName(i)));
    }
    sink.columns(columns);
    long rows = 0;
    boolean truncated = false;
    while (result.next()) {
      List<Object> values = new ArrayList<>(columns.size());
      for (int i = 1; i <= columns.size(); i++) {
        values.add(Values.normalize(result.getObject(i)));
      }
      rows++;
      if (!sink.row(values)) {
        truncated = result.next();
        break;
      }
    }
    return new QueryResult(columns, rows, truncated, prepared.asOf(), prepared.snapshots());
  }

  /** Error messages never show where a port's files are. */
  private static String sanitize(String message, Map<PortId, PortSnapshot> snapshots) {
    String text = message == null ? "the query failed" : message;
    for (PortSnapshot snapshot : snapshots.values()) {
      text = text.replace(snapshot.folder(), "<" + snapshot.port() + ">");
    }
    return text;
  }

  /** The kinds of DuckDB errors whose messages quote the data they failed on. */
  private static final java.util.regex.Pattern DATA_ERROR =
      java.util.regex.Pattern.compile(
          "^(Conversion Error|Invalid Input Error|Out of Range Error|Constraint Error|Binder Error:"
              + " Could not convert)");

  /**
   * Error messages never show data: a failed cast or a value out of range quotes the value it
   * failed on, which may be one the reader may not see (a row a filter hides, say: DuckDB may
   * evaluate the reader's condition before the filter). The quoted values are left out.
   */
  static String withoutValues(String message) {
    if (message == null || !DATA_ERROR.matcher(message.strip()).find()) {
      return message;
    }
    return message
        .replaceAll("'(?:[^']|'')*'", "'…'")
        .replaceAll("\"(?:[^\"]|\"\")*\"", "\"…\"")
        .replaceAll("(?<![A-Za-z0-9_])-?\\d+(\\.\\d+)?(?![A-Za-z0-9_])", "…");
  }

  static QuantaException queryError(
      ErrorCode code, String sql, OptionalInt position, String message) {
    int line = 0;
    int column = 0;
    if (position.isPresent()) {
      int offset = Math.min(position.getAsInt(), sql.length());
      line = 1;
      int lineStart = 0;
      for (int i = 0; i < offset; i++) {
        if (sql.charAt(i) == '\n') {
          line++;
          lineStart = i + 1;
        }
      }
      column = offset - lineStart + 1;
    }
    Problem problem = new Problem(QUERY_FILE, line, column, "", message);
    return new QuantaException(code, message, List.of(problem));
  }
}
