package io.quanta.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The statement-level half of the SQL sandbox. DuckDB's own parser ({@code json_serialize_sql})
 * turns the text into a tree in which every table reference, table function and function call is
 * visible; the guard lets through one SELECT whose tables are for the caller to resolve, and
 * refuses files, table functions, settings, catalog and system functions wherever they appear,
 * subqueries included. The other half is the session's lockdown ({@link DuckDbSession#lockDown}):
 * even a construct the guard missed cannot reach a file outside the granted folders.
 *
 * <p>Thread safe.
 */
public final class SqlGuard {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long NO_LOCATION = -1L; // 2^64-1 as an unsigned long

  /** Table functions that compute values and touch no file, setting or catalog. */
  private static final Set<String> ALLOWED_TABLE_FUNCTIONS =
      Set.of("range", "generate_series", "unnest", "json_each", "json_tree");

  /** Scalar functions that expose settings, the session, the catalog, or have side effects. */
  private static final Set<String> DENIED_FUNCTIONS =
      Set.of(
          "current_setting",
          "getvariable",
          "getenv",
          "current_database",
          "current_catalog",
          "current_schema",
          "current_schemas",
          "current_query",
          "current_query_id",
          "current_connection_id",
          "current_transaction_id",
          "current_role",
          "current_user",
          "session_user",
          "user",
          "col_description",
          "obj_description",
          "shobj_description",
          "format_pg_type",
          "in_search_path",
          "json_serialize_sql",
          "json_deserialize_sql",
          "json_execute_serialized_sql",
          "map_to_pg_oid",
          "txid_current",
          "nextval",
          "currval",
          "setval",
          "setseed",
          "sleep_ms",
          "write_log",
          "parse_duckdb_log_message",
          "stats",
          "vector_type",
          "version");

  private static final Pattern DENIED_PREFIXES =
      Pattern.compile("^(pg_|has_.*_privilege$|duckdb_|pragma_|__internal).*");

  private static final Set<String> DENIED_TABLE_REFS =
      Set.of("SHOW_REF", "COLUMN_DATA", "DELIM_GET");

  /**
   * A table named in the query: up to three parts (catalog, schema, table), empty parts omitted
   * from the left.
   *
   * @param parts the name's parts as written, e.g. {@code [podcasts, top_podcasts_daily, ranking]}
   * @param position 0-based offset of the reference in the SQL text, when known
   */
  public record TableReference(List<String> parts, OptionalInt position) {
    public TableReference {
      parts = List.copyOf(parts);
    }

    /** The name as it would be written in SQL, parts joined by '.'. */
    public String name() {
      return String.join(".", parts);
    }
  }

  /**
   * What a query reads.
   *
   * @param tables every table reference, in order of appearance, common table expressions excluded
   * @param commonTableExpressions the names the query defines with WITH
   */
  public record Analysis(List<TableReference> tables, Set<String> commonTableExpressions) {
    public Analysis {
      tables = List.copyOf(tables);
      commonTableExpressions = Set.copyOf(commonTableExpressions);
    }
  }

  private SqlGuard() {}

  /**
   * Parses the SQL with the session's DuckDB and checks it.
   *
   * @throws SqlRejected if it does not parse, is not exactly one SELECT, or uses a file, table
   *     function, setting, catalog or system function
   */
  public static Analysis analyze(DuckDbSession session, String sql) {
    return check(session.queryString("SELECT json_serialize_sql(?::VARCHAR)", sql), sql);
  }

  /**
   * A parser kept open for checking queries on a hot path: parsing reads no data, so one warm
   * DuckDB (locked down to no file access) serves every query, one at a time.
   */
  public static final class Parser implements AutoCloseable {
    private final DuckDbSession session;

    public Parser(EngineSettings settings) {
      this.session = DuckDbSession.open(settings);
      session.lockDown(List.of());
    }

    /** Analyses of recent query texts: an analysis depends on the text alone. */
    private final Map<String, Analysis> recent =
        new LinkedHashMap<>(64, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Analysis> eldest) {
            return size() > 1_024;
          }
        };

    /** See {@link SqlGuard#analyze(DuckDbSession, String)}. */
    public synchronized Analysis analyze(String sql) {
      Analysis analysis = recent.get(sql);
      if (analysis == null) {
        analysis = SqlGuard.analyze(session, sql);
        recent.put(sql, analysis);
      }
      return analysis;
    }

    @Override
    public synchronized void close() {
      session.close();
    }
  }

  private static Analysis check(String serialized, String sql) {
    JsonNode tree;
    try {
      tree = JSON.readTree(serialized);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (tree.path("error").asBoolean(false)) {
      String type = tree.path("error_type").asText("");
      String message = tree.path("error_message").asText("cannot parse the query");
      if (type.equals("parser")) {
        throw new SqlRejected(
            "syntax error: " + message, true, position(tree.path("position").asText("")));
      }
      throw new SqlRejected(
          notASelect(sql) + " is not allowed: only a SELECT query may run here",
          false,
          OptionalInt.empty());
    }
    JsonNode statements = tree.path("statements");
    if (statements.size() != 1) {
      throw new SqlRejected(
          "exactly one SELECT statement is allowed, found " + statements.size(),
          false,
          OptionalInt.empty());
    }
    Walker walker = new Walker();
    walker.walk(statements.get(0));
    List<TableReference> tables = walker.tables;
    return new Analysis(tables, walker.ctes);
  }

  private static String notASelect(String sql) {
    String trimmed = sql.strip();
    int end = 0;
    while (end < trimmed.length() && Character.isLetter(trimmed.charAt(end))) {
      end++;
    }
    String keyword = trimmed.substring(0, end).toUpperCase(Locale.ROOT);
    return keyword.isEmpty() ? "this statement" : "a " + keyword + " statement";
  }

  private static OptionalInt position(String text) {
    try {
      return OptionalInt.of(Integer.parseInt(text));
    } catch (NumberFormatException e) {
      return OptionalInt.empty();
    }
  }

  /**
   * Walks the parse tree, keeping the common table expressions in scope: a name defined by a WITH
   * is visible in the query node that defines it (its body, its FROM, its subqueries, its own
   * definitions) and nowhere else. A one-part table name that is no CTE in scope is a table
   * reference for the caller to resolve, which is how {@code FROM duckdb_views} or {@code FROM
   * "/path/file.parquet"} next to an unrelated WITH of that name is still caught.
   */
  private static final class Walker {
    private final List<TableReference> tables = new ArrayList<>();
    private final Set<String> ctes = new LinkedHashSet<>();
    private final java.util.Deque<Set<String>> scopes = new java.util.ArrayDeque<>();

    void walk(JsonNode node) {
      if (node.isArray()) {
        node.forEach(this::walk);
        return;
      }
      if (!node.isObject()) {
        return;
      }
      Set<String> defined = new LinkedHashSet<>();
      for (JsonNode entry : node.path("cte_map").path("map")) {
        defined.add(entry.path("key").asText().toLowerCase(Locale.ROOT));
      }
      ctes.addAll(defined);
      scopes.push(defined);
      try {
        visit(node);
        node.forEach(this::walk);
      } finally {
        scopes.pop();
      }
    }

    private boolean inScope(String name) {
      String lower = name.toLowerCase(Locale.ROOT);
      for (Set<String> scope : scopes) {
        if (scope.contains(lower)) {
          return true;
        }
      }
      return false;
    }

    private void visit(JsonNode node) {
      String type = node.path("type").asText("");
      String expressionClass = node.path("class").asText("");
      if (expressionClass.equals("FUNCTION") || expressionClass.equals("WINDOW")) {
        checkFunction(node);
      } else if (expressionClass.isEmpty()) {
        if (type.equals("BASE_TABLE")) {
          baseTable(node);
        } else if (type.equals("TABLE_FUNCTION")) {
          tableFunction(node);
        } else if (DENIED_TABLE_REFS.contains(type)) {
          throw refused("DESCRIBE, SUMMARIZE and SHOW are not allowed", node);
        }
      }
    }

    private void baseTable(JsonNode node) {
      if (!node.path("at_clause").isNull() && !node.path("at_clause").isMissingNode()) {
        throw refused("AT (time travel) clauses are not allowed; use the asOf option", node);
      }
      List<String> parts = new ArrayList<>();
      for (String field : List.of("catalog_name", "schema_name", "table_name")) {
        String part = node.path(field).asText("");
        if (!part.isEmpty()) {
          parts.add(part);
        }
      }
      if (parts.size() == 1 && inScope(parts.get(0))) {
        return;
      }
      tables.add(new TableReference(parts, location(node)));
    }

    private void tableFunction(JsonNode node) {
      String name = node.path("function").path("function_name").asText("").toLowerCase(Locale.ROOT);
      if (!ALLOWED_TABLE_FUNCTIONS.contains(name)) {
        throw refused(
            "table function "
                + name
                + "() is not allowed: read data through the ports' tables, not files or catalog"
                + " functions",
            node);
      }
    }

    private void checkFunction(JsonNode node) {
      String name = node.path("function_name").asText("").toLowerCase(Locale.ROOT);
      if (DENIED_FUNCTIONS.contains(name) || DENIED_PREFIXES.matcher(name).matches()) {
        throw refused(
            "function "
                + name
                + "() is not allowed: it exposes settings, the catalog or the system",
            node);
      }
    }

    private static SqlRejected refused(String message, JsonNode node) {
      return new SqlRejected(message, false, location(node));
    }

    private static OptionalInt location(JsonNode node) {
      JsonNode location = node.path("query_location");
      if (!location.isNumber()) {
        return OptionalInt.empty();
      }
      long value = location.asLong(NO_LOCATION);
      // DuckDB writes "unknown" as 2^64-1, which does not fit a signed long.
      if (value < 0 || value > Integer.MAX_VALUE || location.isBigInteger()) {
        return OptionalInt.empty();
      }
      return OptionalInt.of((int) value);
    }
  }
}
