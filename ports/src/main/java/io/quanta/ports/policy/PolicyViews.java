package io.quanta.ports.policy;

import io.quanta.engine.DuckDbSession;
import io.quanta.engine.DuckTypes;
import io.quanta.engine.Sql;
import io.quanta.governance.policy.Mask;
import io.quanta.governance.policy.MaskMethod;
import io.quanta.governance.policy.PortDecision;
import io.quanta.spec.Column;
import io.quanta.spec.ColumnType;
import io.quanta.spec.Output;
import io.quanta.spec.SystemColumns;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compiles a reader's {@link PortDecision} into the SQL every port runs, so that SQL, files, REST,
 * Flight SQL and events apply the same obligations: masks as expressions in the projection, row
 * filters and minimum group sizes as conditions on the port's raw values.
 *
 * <p>Parameters of row filters and the pads of the {@code hash} mask are never written into the
 * SQL: they are bound into a temporary table of the session ({@value #PARAMETERS}), which the SQL
 * reads, and which a consumer's query cannot name (the SQL guard only lets it read ports).
 *
 * <p>One instance per session: it numbers the parameters of every port it compiles.
 */
public final class PolicyViews {
  static final String PARAMETERS = "__quanta_parameters";
  private static final Pattern PARAMETER = Pattern.compile(":([a-z_][a-z0-9_]*)");

  private final MaskKey key;
  private final List<String[]> bindings = new ArrayList<>();
  private int views;
  private boolean keyBound;
  private boolean read; // whether any compiled SQL reads the parameter table

  public PolicyViews(MaskKey key) {
    this.key = key;
  }

  /**
   * The port's rows for a reader: the SELECT of its rows, with the masked columns replaced and the
   * hidden rows left out.
   *
   * @param select the port's rows (its declared columns and the system columns)
   * @param output the port, for its columns, their types and its event-time column
   */
  public String view(String select, Output output, PortDecision decision) {
    return compile(output, decision).apply(select);
  }

  /**
   * The decision compiled once, for a SELECT of the port's rows given later: what {@link #view}
   * does, for callers that build the SELECT after the parameters must be bound.
   */
  public UnaryOperator<String> compile(Output output, PortDecision decision) {
    if (!decision.hasObligations()) {
      return UnaryOperator.identity();
    }
    Optional<String> condition = condition(decision);
    String rows = "__quanta_rows";
    // A hashed column is hashed once per distinct value, then joined back: HMAC-SHA-256 costs
    // about a microsecond, and a port has far fewer distinct identifiers than rows.
    List<String> projection = projection(output, decision, List.of());
    List<String> joins = new ArrayList<>();
    int index = 0;
    for (Column column : output.schema()) {
      PortDecision.AppliedMask mask = decision.masks().get(column.name());
      if (mask == null || mask.mask().method() != MaskMethod.HASH) {
        index++;
        continue;
      }
      String name = Sql.identifier(column.name());
      String alias = "__quanta_hash_" + joins.size();
      projection.set(index, alias + ".__quanta_h AS " + name);
      joins.add(
          " LEFT JOIN (SELECT __quanta_v, "
              + hash("__quanta_v")
              + " AS __quanta_h FROM (SELECT DISTINCT "
              + name
              + " AS __quanta_v FROM "
              + rows
              + ")) AS "
              + alias
              + " ON "
              + rows
              + "."
              + name
              + " = "
              + alias
              + ".__quanta_v");
      index++;
    }
    String columns = String.join(", ", projection);
    if (joins.isEmpty()) {
      return select ->
          "SELECT "
              + columns
              + " FROM ("
              + select
              + ") AS "
              + rows
              + condition.map(where -> " WHERE " + where).orElse("");
    }
    String joined = String.join("", joins);
    return select ->
        "WITH "
            + rows
            + " AS (SELECT * FROM ("
            + select
            + ") AS __quanta_all"
            + condition.map(where -> " WHERE " + where).orElse("")
            + ") SELECT "
            + columns
            + " FROM "
            + rows
            + joined;
  }

  /**
   * The projection of the port's columns as the reader sees them (masked where the decision says),
   * followed by extra raw columns the caller needs (e.g. {@code file_row_number}).
   */
  public List<String> projection(Output output, PortDecision decision, List<String> extras) {
    List<String> columns = new ArrayList<>();
    for (Column column : output.schema()) {
      PortDecision.AppliedMask mask = decision.masks().get(column.name());
      String name = Sql.identifier(column.name());
      columns.add(mask == null ? name : masked(name, column.type(), mask.mask()) + " AS " + name);
    }
    // The event time is the event-time column's value: masked with it.
    Optional<PortDecision.AppliedMask> eventTimeMask =
        output.eventTime().map(decision.masks()::get);
    for (String system : SystemColumns.ALL) {
      String name = Sql.identifier(system);
      if (system.equals(SystemColumns.EVENT_TIME) && eventTimeMask.isPresent()) {
        columns.add(masked(name, ColumnType.TIMESTAMP, eventTimeMask.get().mask()) + " AS " + name);
      } else {
        columns.add(name);
      }
    }
    extras.forEach(extra -> columns.add(Sql.identifier(extra)));
    return columns;
  }

  /**
   * The condition a row must meet to reach the reader (row filters and minimum group sizes, on raw
   * values), or empty when every row does.
   */
  public Optional<String> condition(PortDecision decision) {
    int view = ++views;
    List<String> conditions = new ArrayList<>();
    int filterIndex = 0;
    for (PortDecision.AppliedFilter filter : decision.filters()) {
      filterIndex++;
      String prefix = view + "." + filterIndex + ".";
      conditions.add("(" + bind(filter, prefix) + ")");
    }
    for (PortDecision.AppliedMinGroupSize group : decision.minGroupSizes()) {
      conditions.add(
          "coalesce(" + Sql.identifier(group.countColumn()) + " >= " + group.k() + ", false)");
    }
    return conditions.isEmpty() ? Optional.empty() : Optional.of(String.join(" AND ", conditions));
  }

  /** Whether the reader's event-time windows would compare masked values: then refused. */
  public static boolean masksEventTime(Output output, PortDecision decision) {
    return output.eventTime().map(decision.masks()::containsKey).orElse(false);
  }

  /**
   * Creates the session's parameter table and binds every value the compiled SQL reads. Call once,
   * after compiling every view of the session and before running them.
   */
  public void bind(DuckDbSession session) throws SQLException {
    if (!read) {
      return;
    }
    session.execute("CREATE TEMP TABLE " + PARAMETERS + " (name VARCHAR, value VARCHAR)");
    try (PreparedStatement insert =
        session.connection().prepareStatement("INSERT INTO " + PARAMETERS + " VALUES (?, ?)")) {
      for (String[] binding : bindings) {
        insert.setString(1, binding[0]);
        insert.setString(2, binding[1]);
        insert.addBatch();
      }
      if (!bindings.isEmpty()) {
        insert.executeBatch();
      }
    }
  }

  private String bind(PortDecision.AppliedFilter filter, String prefix) {
    StringBuilder sql = new StringBuilder();
    String where = filter.where();
    // Parameters outside string literals only.
    boolean inString = false;
    int i = 0;
    while (i < where.length()) {
      char c = where.charAt(i);
      if (c == '\'') {
        inString = !inString;
        sql.append(c);
        i++;
        continue;
      }
      if (!inString && c == ':' && (i + 1 < where.length()) && where.charAt(i + 1) != ':') {
        Matcher matcher = PARAMETER.matcher(where);
        if (matcher.find(i) && matcher.start() == i) {
          String name = matcher.group(1);
          sql.append(parameter(filter, name, prefix + name));
          i = matcher.end();
          continue;
        }
      }
      if (!inString && c == ':' && i + 1 < where.length() && where.charAt(i + 1) == ':') {
        sql.append("::"); // a cast, not a parameter
        i += 2;
        continue;
      }
      sql.append(c);
      i++;
    }
    return sql.toString();
  }

  private String parameter(PortDecision.AppliedFilter filter, String name, String bound) {
    Object value =
        filter.parameters().stream()
            .filter(parameter -> parameter.name().equals(name))
            .findFirst()
            .map(PortDecision.Parameter::value)
            .orElse(null);
    read = true;
    String from = "FROM " + PARAMETERS + " WHERE name = " + Sql.literal(bound);
    if (value instanceof List<?> list) {
      list.forEach(element -> bindings.add(new String[] {bound, (String) element}));
      return "(SELECT coalesce(list(value), []) " + from + ")";
    }
    if (value instanceof String text) {
      bindings.add(new String[] {bound, text});
      return "(SELECT any_value(value) " + from + ")";
    }
    // The reader has no value: an untyped NULL, which fits wherever a string or a list would, makes
    // the condition unknown, so no row passes.
    return "NULL";
  }

  private String masked(String name, ColumnType type, Mask mask) {
    String sqlType = DuckTypes.sqlType(type);
    return switch (mask.method()) {
      case NULL -> "CAST(NULL AS " + sqlType + ")";
      case REDACT ->
          type.kind() == ColumnType.Kind.STRING
              ? "CASE WHEN " + name + " IS NULL THEN NULL ELSE '****' END"
              : "CAST(NULL AS " + sqlType + ")";
      case HASH -> hash(name);
      case TRUNCATE -> "left(" + name + ", " + mask.length().orElseThrow() + ")";
      case GENERALIZE ->
          mask.to().isPresent()
              ? "CAST(date_trunc("
                  + Sql.literal(mask.to().get())
                  + ", "
                  + name
                  + ") AS "
                  + sqlType
                  + ")"
              : "CAST(floor("
                  + name
                  + " / "
                  + mask.step().orElseThrow()
                  + ") * "
                  + mask.step().orElseThrow()
                  + " AS "
                  + sqlType
                  + ")";
      case EMAIL_DOMAIN -> "regexp_replace(" + name + ", '^[^@]*', '***')";
    };
  }

  /** HMAC-SHA-256 of the value as text, with the mesh's key, in hex. */
  private String hash(String name) {
    if (!keyBound) {
      bindings.add(new String[] {"hash.inner", key.innerPad()});
      bindings.add(new String[] {"hash.outer", key.outerPad()});
      keyBound = true;
      read = true;
    }
    String inner =
        "(SELECT unhex(any_value(value)) FROM " + PARAMETERS + " WHERE name = 'hash.inner')";
    String outer =
        "(SELECT unhex(any_value(value)) FROM " + PARAMETERS + " WHERE name = 'hash.outer')";
    return "CASE WHEN "
        + name
        + " IS NULL THEN NULL ELSE sha256("
        + outer
        + " || unhex(sha256("
        + inner
        + " || encode(CAST("
        + name
        + " AS VARCHAR))))) END";
  }
}
