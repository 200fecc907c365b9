package io.quanta.catalog.graph;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quanta.catalog.graph.SqlBindings.Col;
import io.quanta.catalog.graph.SqlBindings.Env;
import io.quanta.catalog.graph.SqlBindings.Found;
import io.quanta.catalog.graph.SqlBindings.Lineage;
import io.quanta.catalog.graph.SqlBindings.OpenPart;
import io.quanta.catalog.graph.SqlBindings.Relation;
import io.quanta.catalog.graph.SqlBindings.Scope;
import io.quanta.catalog.graph.SqlBindings.Using;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Column-level lineage of one SELECT, from the parse tree DuckDB serializes for it ({@code
 * json_serialize_sql}). A small binder over that tree: it resolves every column reference of the
 * select list to the input columns it reads, through table aliases, joins ({@code USING} and {@code
 * NATURAL} included), common table expressions, subqueries in FROM and in expressions, set
 * operations, {@code *} with {@code EXCLUDE}/{@code REPLACE}/{@code RENAME}, and select-list
 * aliases. Aggregate functions are told from scalar ones by DuckDB's own catalog of functions.
 *
 * <p>It follows DuckDB's binding rules closely enough for SQL that compiled (every deployed
 * output's SQL did): a name found in exactly one table in scope is that table's. What it cannot
 * tell, it reports as unresolved with the reason, instead of guessing: a name that two inputs of
 * undeclared columns could both have, {@code COLUMNS(...)} patterns, positional references, PIVOT.
 *
 * <p>Filters, join conditions, GROUP BY and ORDER BY decide which rows there are, not what a
 * column's values are made of: they are not sources of a column, but the inputs they read count as
 * read by the output.
 *
 * <p>Not thread safe: one instance analyses one query.
 */
final class SqlLineage {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * An input as the SQL sees it: a view named after the input.
   *
   * @param name the input's name
   * @param columns its columns, when known (an upstream port's, or the input's declared schema)
   */
  record InputTable(String name, Optional<List<String>> columns) {
    InputTable {
      requireNonNull(name, "name is null");
      requireNonNull(columns, "columns is null");
      columns = columns.map(List::copyOf);
    }
  }

  /**
   * What the analysis found.
   *
   * @param inputsRead the inputs the query reads anywhere, in first-read order
   * @param columns each wanted column's derivation, in the order asked
   * @param failure why the query could not be analysed at all
   */
  record Result(Set<String> inputsRead, List<ColumnDerivation> columns, Optional<String> failure) {
    Result {
      inputsRead = Collections.unmodifiableSet(new LinkedHashSet<>(inputsRead));
      columns = List.copyOf(columns);
    }
  }

  private final String sql;
  private final Map<String, InputTable> inputs = new LinkedHashMap<>();
  private final Set<String> aggregates;
  private final Set<String> read = new LinkedHashSet<>();

  private SqlLineage(String sql, List<InputTable> inputs, Set<String> aggregates) {
    this.sql = sql;
    inputs.forEach(input -> this.inputs.put(lower(input.name()), input));
    this.aggregates = aggregates;
  }

  /**
   * Analyses a query.
   *
   * @param serialized what {@code SELECT json_serialize_sql(sql)} returned for it
   * @param sql the query's text, for the names of unnamed expressions
   * @param inputs the tables the query may read
   * @param aggregates the names of DuckDB's aggregate functions, lowercase
   * @param columns the output columns wanted, by name
   */
  static Result analyze(
      String serialized,
      String sql,
      List<InputTable> inputs,
      Set<String> aggregates,
      List<String> columns) {
    JsonNode tree;
    try {
      tree = JSON.readTree(serialized);
    } catch (IOException e) {
      return failed("DuckDB's parse tree is not JSON: " + e.getMessage(), columns);
    }
    if (tree.path("error").asBoolean(false)) {
      return failed(
          "the SQL does not parse: " + tree.path("error_message").asText("unknown error"), columns);
    }
    JsonNode statements = tree.path("statements");
    if (statements.size() != 1) {
      return failed("the SQL is not exactly one SELECT", columns);
    }
    SqlLineage lineage = new SqlLineage(sql, inputs, aggregates);
    Relation result = lineage.query(statements.get(0).path("node"), Env.ROOT, null);
    List<ColumnDerivation> derivations = new ArrayList<>();
    for (String column : columns) {
      Lineage found =
          result
              .find(lower(column))
              .map(Found::lineage)
              .orElseGet(() -> Lineage.unresolved("the SQL returns no column " + column));
      derivations.add(found.derivation(column, lineage.inputs));
    }
    return new Result(lineage.read, derivations, Optional.empty());
  }

  private static Result failed(String reason, List<String> columns) {
    List<ColumnDerivation> derivations = new ArrayList<>();
    for (String column : columns) {
      derivations.add(new ColumnDerivation(column, List.of(), List.of(reason), Optional.empty()));
    }
    return new Result(Set.of(), derivations, Optional.of(reason));
  }

  // ---------------------------------------------------------------------------------------------
  // Query nodes

  Relation query(JsonNode node, Env env, Scope outer) {
    Env inner = env.with(node.path("cte_map").path("map"), this);
    String type = node.path("type").asText("");
    return switch (type) {
      case "SELECT_NODE" -> select(node, inner, outer);
      case "SET_OPERATION_NODE" -> setOperation(node, inner, outer);
      case "RECURSIVE_CTE_NODE" -> recursive(node, inner, outer);
      default -> Relation.unknown("", "a " + describe(type) + " is not analysed");
    };
  }

  private Relation select(JsonNode node, Env env, Scope outer) {
    Scope scope = new Scope(outer, env);
    bindFrom(node.path("from_table"), scope);
    List<Col> columns = new ArrayList<>();
    List<OpenPart> open = new ArrayList<>();
    for (JsonNode item : node.path("select_list")) {
      Scope withAliases = scope.withAliases(columns);
      if (item.path("class").asText("").equals("STAR")) {
        star(item, withAliases, columns, open);
        continue;
      }
      String name = columnName(item);
      columns.add(new Col(name, expression(item, withAliases)));
    }
    // These decide which rows there are, not what the columns hold; walked for the inputs they
    // read (a subquery in WHERE reads its tables too).
    Scope withAliases = scope.withAliases(columns);
    for (String clause : List.of("where_clause", "having", "qualify", "group_expressions")) {
      expression(node.path(clause), withAliases);
    }
    nested(node.path("modifiers"), withAliases);
    return new Relation("", columns, open);
  }

  private Relation setOperation(JsonNode node, Env env, Scope outer) {
    List<JsonNode> children = new ArrayList<>();
    if (node.has("children")) {
      node.path("children").forEach(children::add);
    } else {
      children.add(node.path("left"));
      children.add(node.path("right"));
    }
    List<Relation> parts = new ArrayList<>();
    for (JsonNode child : children) {
      parts.add(query(child, env, outer));
    }
    String operation = node.path("setop_type").asText("UNION");
    if (operation.equals("UNION_BY_NAME")) {
      return byName(parts);
    }
    // EXCEPT returns rows of its first part only; UNION and INTERSECT values are every part's.
    return byPosition(operation.equals("EXCEPT") ? parts.subList(0, 1) : parts, operation);
  }

  private Relation recursive(JsonNode node, Env env, Scope outer) {
    Relation anchor = query(node.path("left"), env, outer);
    List<String> aliases = texts(node.path("aliases"));
    String name = lower(node.path("cte_name").asText(""));
    Env withSelf = env.with(name, anchor.renamed(aliases).named(name));
    Relation step = query(node.path("right"), withSelf, outer);
    return byPosition(List.of(anchor, step), "UNION");
  }

  private static Relation byPosition(List<Relation> parts, String operation) {
    Relation first = parts.get(0);
    boolean positional = parts.stream().allMatch(Relation::isClosed);
    List<Col> columns = new ArrayList<>();
    for (int i = 0; i < first.columns.size(); i++) {
      Lineage lineage = first.columns.get(i).lineage();
      for (Relation part : parts.subList(1, parts.size())) {
        if (!positional) {
          lineage =
              lineage.plus(
                  Lineage.unresolved(
                      "the parts of the "
                          + operation
                          + " cannot be matched by position: some of their columns are not"
                          + " declared"));
        } else if (i < part.columns.size()) {
          lineage = lineage.plus(part.columns.get(i).lineage());
        }
      }
      columns.add(new Col(first.columns.get(i).name(), lineage));
    }
    List<OpenPart> open = new ArrayList<>();
    for (OpenPart part : first.open) {
      if (parts.size() == 1) {
        open.add(part);
        continue;
      }
      open.add(
          name -> {
            Lineage lineage = part.find(name);
            return lineage == null
                ? null
                : lineage.plus(
                    Lineage.unresolved(
                        "the parts of the "
                            + operation
                            + " cannot be matched by position: some of their columns are not"
                            + " declared"));
          });
    }
    return new Relation("", columns, open);
  }

  private static Relation byName(List<Relation> parts) {
    Map<String, Lineage> columns = new LinkedHashMap<>();
    Map<String, String> names = new LinkedHashMap<>();
    for (Relation part : parts) {
      for (Col column : part.columns) {
        String key = lower(column.name());
        names.putIfAbsent(key, column.name());
        columns.merge(key, column.lineage(), Lineage::plus);
      }
    }
    List<Col> result = new ArrayList<>();
    columns.forEach((key, lineage) -> result.add(new Col(names.get(key), lineage)));
    List<OpenPart> open = new ArrayList<>();
    for (Relation part : parts) {
      open.addAll(part.open);
    }
    return new Relation("", result, open);
  }

  // ---------------------------------------------------------------------------------------------
  // FROM

  private void bindFrom(JsonNode table, Scope scope) {
    if (table == null || table.isMissingNode() || table.isNull()) {
      return;
    }
    String type = table.path("type").asText("");
    String alias = lower(table.path("alias").asText(""));
    List<String> columnAliases = texts(table.path("column_name_alias"));
    switch (type) {
      case "EMPTY" -> {}
      case "BASE_TABLE" -> scope.sources.add(baseTable(table, scope.env).renamed(columnAliases));
      case "SUBQUERY" -> {
        Relation subquery = query(table.path("subquery").path("node"), scope.env, scope.lateral());
        scope.sources.add(
            subquery.renamed(columnAliases).named(alias.isEmpty() ? "unnamed_subquery" : alias));
      }
      case "JOIN" -> join(table, scope);
      case "TABLE_FUNCTION" -> {
        JsonNode function = table.path("function");
        Lineage arguments = expression(function, scope.lateral()).atLeast(Derivation.TRANSFORMED);
        String name =
            alias.isEmpty() ? lower(function.path("function_name").asText("function")) : alias;
        if (columnAliases.isEmpty()) {
          scope.sources.add(new Relation(name, List.of(), List.of(candidate -> arguments)));
        } else {
          List<Col> columns = new ArrayList<>();
          columnAliases.forEach(column -> columns.add(new Col(column, arguments)));
          scope.sources.add(new Relation(name, columns, List.of()));
        }
      }
      case "EXPRESSION_LIST" -> {
        List<Lineage> values = new ArrayList<>();
        for (JsonNode row : table.path("values")) {
          for (int i = 0; i < row.size(); i++) {
            Lineage value = expression(row.get(i), scope.lateral());
            if (i < values.size()) {
              values.set(i, values.get(i).plus(value));
            } else {
              values.add(value);
            }
          }
        }
        List<Col> columns = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
          columns.add(new Col("col" + i, values.get(i)));
        }
        scope.sources.add(
            new Relation(alias.isEmpty() ? "valueslist" : alias, columns, List.of())
                .renamed(columnAliases));
      }
      default ->
          scope.sources.add(
              Relation.unknown(alias, "a " + describe(type) + " in FROM is not analysed"));
    }
  }

  private Relation baseTable(JsonNode table, Env env) {
    String name = lower(table.path("table_name").asText(""));
    String alias = lower(table.path("alias").asText(""));
    String shown = alias.isEmpty() ? name : alias;
    boolean qualified =
        !table.path("schema_name").asText("").isEmpty()
            || !table.path("catalog_name").asText("").isEmpty();
    if (!qualified) {
      Optional<Relation> cte = env.find(name);
      if (cte.isPresent()) {
        return cte.get().named(shown);
      }
      InputTable input = inputs.get(name);
      if (input != null) {
        read.add(input.name());
        return Relation.input(input).named(shown);
      }
    }
    return Relation.unknown(shown, "table " + name + " is not an input of the product");
  }

  private void join(JsonNode table, Scope scope) {
    int start = scope.sources.size();
    bindFrom(table.path("left"), scope);
    int middle = scope.sources.size();
    bindFrom(table.path("right"), scope);
    List<Relation> left = List.copyOf(scope.sources.subList(start, middle));
    List<Relation> right = List.copyOf(scope.sources.subList(middle, scope.sources.size()));
    String joinType = table.path("join_type").asText("INNER");
    List<String> using = new ArrayList<>(texts(table.path("using_columns")));
    if (table.path("ref_type").asText("").equals("NATURAL")) {
      Set<String> leftNames = new HashSet<>();
      left.forEach(relation -> relation.columns.forEach(c -> leftNames.add(lower(c.name()))));
      for (Relation relation : right) {
        for (Col column : relation.columns) {
          if (leftNames.contains(lower(column.name())) && !using.contains(lower(column.name()))) {
            using.add(lower(column.name()));
          }
        }
      }
    }
    for (String column : using) {
      scope.usings.add(new Using(lower(column), left, right, joinType));
    }
    expression(table.path("condition"), scope);
  }

  // ---------------------------------------------------------------------------------------------
  // The select list

  private void star(JsonNode item, Scope scope, List<Col> columns, List<OpenPart> open) {
    if (item.path("columns").asBoolean(false) && hasValue(item.path("expr"))) {
      // COLUMNS('pattern') or COLUMNS(lambda): which columns match is DuckDB's to say.
      open.add(
          name ->
              Lineage.unresolved(
                  "COLUMNS(...) selects columns by a pattern, which is not analysed"));
      return;
    }
    Set<String> excluded = new HashSet<>();
    for (JsonNode entry : item.path("exclude_list")) {
      excluded.add(lower(lastName(entry)));
    }
    // EXCLUDE (t.column): only t's column.
    Map<String, Set<String>> excludedOf = new HashMap<>();
    for (JsonNode entry : item.path("qualified_exclude_list")) {
      String table = lower(entry.path("table").asText(""));
      String column = lower(lastName(entry));
      if (table.isEmpty()) {
        excluded.add(column);
      } else {
        excludedOf.computeIfAbsent(table, unused -> new HashSet<>()).add(column);
      }
    }
    Map<String, JsonNode> replaced = new HashMap<>();
    for (JsonNode entry : item.path("replace_list")) {
      replaced.put(lower(entry.path("key").asText("")), entry.path("value"));
    }
    Map<String, String> renamed = new HashMap<>();
    for (JsonNode entry : item.path("rename_list")) {
      renamed.put(lower(lastName(entry.path("key"))), entry.path("value").asText(""));
    }
    String qualifier = lower(item.path("relation_name").asText(""));
    List<Relation> targets;
    if (qualifier.isEmpty()) {
      targets = scope.sources;
    } else {
      Optional<Relation> target = scope.local(qualifier);
      if (target.isEmpty()) {
        open.add(name -> Lineage.unresolved("no table " + qualifier + " for " + qualifier + ".*"));
        return;
      }
      targets = List.of(target.get());
    }
    Map<String, String> renamedBack = new HashMap<>();
    renamed.forEach((from, to) -> renamedBack.put(lower(to), from));
    Set<String> listed = new HashSet<>();
    boolean anyOpen = false;
    for (Relation source : targets) {
      Set<String> excludedHere = new HashSet<>(excluded);
      excludedHere.addAll(excludedOf.getOrDefault(source.name, Set.of()));
      for (Col column : source.columns) {
        String key = lower(column.name());
        if (excludedHere.contains(key)) {
          continue;
        }
        Lineage lineage = column.lineage();
        if (qualifier.isEmpty()) {
          Optional<Using> using = scope.using(key);
          if (using.isPresent() && using.get().right().contains(source)) {
            continue; // a USING column appears once, at its left side's place
          }
          if (using.isPresent()) {
            lineage = scope.usingLineage(using.get());
          }
        }
        if (replaced.containsKey(key)) {
          lineage = expression(replaced.get(key), scope);
        }
        columns.add(new Col(renamed.getOrDefault(key, column.name()), lineage));
        listed.add(key);
      }
      for (OpenPart part : source.open) {
        anyOpen = true;
        open.add(
            name -> {
              String original = renamedBack.getOrDefault(name, name);
              if (excludedHere.contains(original)
                  || replaced.containsKey(original)
                  || (renamed.containsKey(original) && !renamedBack.containsKey(name))) {
                return null;
              }
              return part.find(original);
            });
      }
    }
    if (anyOpen) {
      // REPLACE names a column the open tables have: it is listed with its new value.
      for (Map.Entry<String, JsonNode> replacement : replaced.entrySet()) {
        if (!listed.contains(replacement.getKey())) {
          columns.add(new Col(replacement.getKey(), expression(replacement.getValue(), scope)));
        }
      }
    }
  }

  private String columnName(JsonNode item) {
    String alias = item.path("alias").asText("");
    if (!alias.isEmpty()) {
      return alias;
    }
    if (item.path("class").asText("").equals("COLUMN_REF")) {
      List<String> parts = texts(item.path("column_names"));
      return parts.isEmpty() ? "?" : parts.get(parts.size() - 1);
    }
    int start = item.path("query_location").asInt(-1);
    int length = item.path("query_location_length").asInt(-1);
    if (start >= 0 && length > 0 && start + length <= sql.length()) {
      return sql.substring(start, start + length);
    }
    return item.path("class").asText("expression").toLowerCase(Locale.ROOT);
  }

  // ---------------------------------------------------------------------------------------------
  // Expressions

  private Lineage expression(JsonNode node, Scope scope) {
    if (node == null || !node.isObject()) {
      return node != null && node.isArray() ? nested(node, scope) : Lineage.NONE;
    }
    String kind = node.path("class").asText("");
    return switch (kind) {
      case "COLUMN_REF" -> column(texts(node.path("column_names")), scope);
      case "CONSTANT", "PARAMETER", "DEFAULT", "TYPE" -> Lineage.NONE;
      case "FUNCTION" -> function(node, scope);
      case "WINDOW" -> children(node, scope).atLeast(Derivation.AGGREGATED);
      case "SUBQUERY" -> subquery(node, scope);
      case "LAMBDA" -> lambda(node, scope);
      case "CAST" -> expression(node.path("child"), scope).atLeast(Derivation.TRANSFORMED);
      case "STAR" -> Lineage.unresolved("* or COLUMNS(...) inside an expression is not analysed");
      case "POSITIONAL_REFERENCE" ->
          Lineage.unresolved("a positional reference (#n) is not analysed");
      case "" -> children(node, scope);
      default -> children(node, scope).atLeast(Derivation.TRANSFORMED);
    };
  }

  /** Every expression nested anywhere in the value: the fields of wrappers, array elements. */
  private Lineage nested(JsonNode value, Scope scope) {
    if (value.isArray()) {
      Lineage all = Lineage.NONE;
      for (JsonNode element : value) {
        all = all.plus(nested(element, scope));
      }
      return all;
    }
    if (value.isObject()) {
      return value.has("class") ? expression(value, scope) : children(value, scope);
    }
    return Lineage.NONE;
  }

  private Lineage children(JsonNode node, Scope scope) {
    Lineage all = Lineage.NONE;
    for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
      all = all.plus(nested(fields.next().getValue(), scope));
    }
    return all;
  }

  private Lineage function(JsonNode node, Scope scope) {
    String name = lower(node.path("function_name").asText(""));
    if (name.equals("count_star")) {
      return Lineage.ROW_COUNT;
    }
    Lineage arguments = Lineage.NONE;
    JsonNode list = node.has("arguments") ? node.path("arguments") : node.path("children");
    for (JsonNode argument : list) {
      arguments = arguments.plus(nested(argument, scope));
    }
    if (aggregates.contains(name)) {
      Lineage aggregated = arguments.atLeast(Derivation.AGGREGATED);
      return list.isEmpty() ? aggregated.plus(Lineage.ROW_COUNT) : aggregated;
    }
    return arguments.atLeast(Derivation.TRANSFORMED);
  }

  private Lineage subquery(JsonNode node, Scope scope) {
    Relation result = query(node.path("subquery").path("node"), scope.env, scope);
    Lineage value =
        result.columns.isEmpty()
            ? (result.open.isEmpty()
                ? Lineage.NONE
                : Lineage.unresolved("the subquery's columns are not declared"))
            : result.columns.get(0).lineage();
    String type = node.path("subquery_type").asText("SCALAR");
    if (type.equals("SCALAR")) {
      return value;
    }
    if (type.equals("EXISTS") || type.equals("NOT_EXISTS")) {
      return Lineage.NONE;
    }
    return value.plus(expression(node.path("child"), scope)).atLeast(Derivation.TRANSFORMED);
  }

  private Lineage lambda(JsonNode node, Scope scope) {
    Set<String> parameters = new HashSet<>();
    collectNames(node.path("lhs"), parameters);
    return expression(node.path("expr"), scope.withLambda(parameters))
        .atLeast(Derivation.TRANSFORMED);
  }

  private static void collectNames(JsonNode node, Set<String> names) {
    if (node.isObject() && node.path("class").asText("").equals("COLUMN_REF")) {
      texts(node.path("column_names")).forEach(name -> names.add(lower(name)));
      return;
    }
    if (node.isContainerNode()) {
      node.forEach(child -> collectNames(child, names));
    }
  }

  private Lineage column(List<String> parts, Scope scope) {
    if (parts.isEmpty()) {
      return Lineage.NONE;
    }
    String first = lower(parts.get(0));
    if (parts.size() == 1) {
      if (scope.isLambdaParameter(first)) {
        return Lineage.NONE;
      }
      return scope
          .unqualified(first)
          .orElseGet(() -> Lineage.unresolved("no table in scope has a column " + parts.get(0)));
    }
    Optional<Relation> table = scope.relation(first);
    if (table.isPresent()) {
      String column = lower(parts.get(1));
      Lineage lineage =
          table
              .get()
              .find(column)
              .map(Found::lineage)
              .orElseGet(() -> Lineage.unresolved(parts.get(0) + " has no column " + parts.get(1)));
      return parts.size() > 2 ? lineage.atLeast(Derivation.TRANSFORMED) : lineage;
    }
    // Not a table: a field of a struct column.
    if (scope.isLambdaParameter(first)) {
      return Lineage.NONE;
    }
    return scope
        .unqualified(first)
        .map(lineage -> lineage.atLeast(Derivation.TRANSFORMED))
        .orElseGet(() -> Lineage.unresolved("no table or column " + parts.get(0) + " in scope"));
  }

  // ---------------------------------------------------------------------------------------------
  // Helpers

  private static boolean hasValue(JsonNode node) {
    return node != null && !node.isMissingNode() && !node.isNull();
  }

  private static String lastName(JsonNode entry) {
    if (entry.isTextual()) {
      return entry.asText();
    }
    if (entry.path("column").isTextual()) {
      return entry.path("column").asText();
    }
    for (String field : List.of("column_names", "path")) {
      List<String> parts = texts(entry.path(field));
      if (!parts.isEmpty()) {
        return parts.get(parts.size() - 1);
      }
    }
    return entry.path("name").asText(entry.asText(""));
  }

  private static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    if (array.isArray()) {
      array.forEach(element -> texts.add(element.asText()));
    }
    return texts;
  }

  private static String lower(String text) {
    return text.toLowerCase(Locale.ROOT);
  }

  private static String describe(String type) {
    return lower(type).replace('_', ' ');
  }

  /** The inputs in declaration order, keeping only the ones the query read. */
  static List<String> inDeclarationOrder(Collection<String> declared, Set<String> read) {
    List<String> ordered = new ArrayList<>();
    for (String input : declared) {
      if (read.contains(input)) {
        ordered.add(input);
      }
    }
    return ordered;
  }
}
