package io.quanta.catalog.graph;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * What names are bound to while {@link SqlLineage} binds a query: where a value comes from ({@link
 * Lineage}), the tables in scope ({@link Relation}), the common table expressions visible ({@link
 * Env}) and what names mean inside one SELECT ({@link Scope}).
 */
final class SqlBindings {
  private SqlBindings() {}

  private static String lower(String text) {
    return text.toLowerCase(Locale.ROOT);
  }

  private static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    if (array.isArray()) {
      array.forEach(element -> texts.add(element.asText()));
    }
    return texts;
  }

  /** An input column a value comes from. */
  record Origin(String input, String column) {}

  /** Where a value comes from: input columns with how, and what could not be told. */
  static final class Lineage {
    static final Lineage NONE = new Lineage(Map.of(), List.of(), false);
    static final Lineage ROW_COUNT = new Lineage(Map.of(), List.of(), true);

    final Map<Origin, Derivation> origins;
    final List<String> unresolved;
    final boolean countsRows;

    private Lineage(Map<Origin, Derivation> origins, List<String> unresolved, boolean countsRows) {
      this.origins = origins;
      this.unresolved = unresolved;
      this.countsRows = countsRows;
    }

    static Lineage direct(String input, String column) {
      Map<Origin, Derivation> origins = new LinkedHashMap<>();
      origins.put(new Origin(input, column), Derivation.DIRECT);
      return new Lineage(origins, List.of(), false);
    }

    static Lineage unresolved(String reason) {
      return new Lineage(Map.of(), List.of(reason), false);
    }

    Lineage atLeast(Derivation how) {
      Map<Origin, Derivation> raised = new LinkedHashMap<>();
      origins.forEach((origin, derivation) -> raised.put(origin, derivation.then(how)));
      return new Lineage(raised, unresolved, countsRows);
    }

    Lineage plus(Lineage other) {
      if (other == NONE || other.equals(this)) {
        return this;
      }
      if (this == NONE) {
        return other;
      }
      Map<Origin, Derivation> merged = new LinkedHashMap<>(origins);
      other.origins.forEach((origin, how) -> merged.merge(origin, how, Derivation::then));
      Set<String> reasons = new LinkedHashSet<>(unresolved);
      reasons.addAll(other.unresolved);
      return new Lineage(merged, List.copyOf(reasons), countsRows || other.countsRows);
    }

    ColumnDerivation derivation(String column, Map<String, SqlLineage.InputTable> inputs) {
      List<SourceColumn> sources = new ArrayList<>();
      origins.forEach(
          (origin, how) -> {
            SqlLineage.InputTable input = inputs.get(lower(origin.input()));
            sources.add(
                new SourceColumn(
                    input == null ? origin.input() : input.name(), origin.column(), how));
          });
      Optional<String> note = Optional.empty();
      if (sources.isEmpty() && unresolved.isEmpty()) {
        note = Optional.of(countsRows ? ColumnDerivation.COUNTS_ROWS : ColumnDerivation.CONSTANT);
      }
      return new ColumnDerivation(column, sources, unresolved, note);
    }
  }

  /** A column of a relation in scope, with where its values come from. */
  record Col(String name, Lineage lineage) {}

  /** A name found in a relation: certainly its, or its if the SQL compiled. */
  record Found(Lineage lineage, boolean certain) {}

  /**
   * Columns of a relation that cannot be listed (an input whose columns are not declared, or {@code
   * *} over one), looked up by name: the lineage of that name if it is one of them, null if it is
   * not.
   */
  @FunctionalInterface
  interface OpenPart {
    Lineage find(String name);
  }

  /** A relation in scope: a FROM item, a CTE, a subquery's result. */
  static final class Relation {
    final String name;
    final List<Col> columns;
    final List<OpenPart> open;

    Relation(String name, List<Col> columns, List<OpenPart> open) {
      this.name = name;
      this.columns = List.copyOf(columns);
      this.open = List.copyOf(open);
    }

    static Relation input(SqlLineage.InputTable input) {
      if (input.columns().isPresent()) {
        List<Col> columns = new ArrayList<>();
        for (String column : input.columns().get()) {
          columns.add(new Col(column, Lineage.direct(input.name(), column)));
        }
        return new Relation(input.name(), columns, List.of());
      }
      // The input's columns are not declared: a name the SQL reads from it is one of them (the
      // SQL compiled against the input when the product was deployed).
      return new Relation(
          input.name(), List.of(), List.of(name -> Lineage.direct(input.name(), name)));
    }

    static Relation unknown(String name, String reason) {
      return new Relation(name, List.of(), List.of(column -> Lineage.unresolved(reason)));
    }

    /** Whether every column is listed, in order. */
    boolean isClosed() {
      return open.isEmpty();
    }

    Relation named(String alias) {
      return new Relation(alias, columns, open);
    }

    /** The relation with its first columns renamed, as {@code AS t(a, b)} does. */
    Relation renamed(List<String> aliases) {
      if (aliases.isEmpty()) {
        return this;
      }
      if (!isClosed() && aliases.size() > columns.size()) {
        return unknown(
            name, "columns renamed by position over a table whose columns are not declared");
      }
      List<Col> renamed = new ArrayList<>();
      for (int i = 0; i < columns.size(); i++) {
        String column = i < aliases.size() ? aliases.get(i) : columns.get(i).name();
        renamed.add(new Col(column, columns.get(i).lineage()));
      }
      return new Relation(name, renamed, open);
    }

    Optional<Found> find(String column) {
      for (Col candidate : columns) {
        if (lower(candidate.name()).equals(column)) {
          return Optional.of(new Found(candidate.lineage(), true));
        }
      }
      List<Lineage> maybe = new ArrayList<>();
      for (OpenPart part : open) {
        Lineage lineage = part.find(column);
        if (lineage != null) {
          maybe.add(lineage);
        }
      }
      if (maybe.size() == 1) {
        return Optional.of(new Found(maybe.get(0), false));
      }
      if (maybe.size() > 1) {
        return Optional.of(
            new Found(
                Lineage.unresolved(
                    "column "
                        + column
                        + " may come from several tables whose columns are not declared"),
                false));
      }
      return Optional.empty();
    }
  }

  /** A column a join names in {@code USING} (or shares, for a NATURAL join). */
  record Using(String column, List<Relation> left, List<Relation> right, String type) {}

  /** The common table expressions visible where a query is, evaluated on first use. */
  static final class Env {
    static final Env ROOT = new Env(null, Map.of());

    private final Env parent;
    private final Map<String, Function<Env, Relation>> definitions;
    private final Map<String, Relation> evaluated = new HashMap<>();
    private final Set<String> evaluating = new HashSet<>();

    private Env(Env parent, Map<String, Function<Env, Relation>> definitions) {
      this.parent = parent;
      this.definitions = definitions;
    }

    Env with(JsonNode cteMap, SqlLineage lineage) {
      if (!cteMap.isArray() || cteMap.isEmpty()) {
        return this;
      }
      Map<String, Function<Env, Relation>> definitions = new LinkedHashMap<>();
      for (JsonNode entry : cteMap) {
        String name = lower(entry.path("key").asText(""));
        JsonNode value = entry.path("value");
        List<String> aliases = texts(value.path("aliases"));
        definitions.put(
            name,
            env -> lineage.query(value.path("query_node"), env, null).renamed(aliases).named(name));
      }
      return new Env(this, definitions);
    }

    Env with(String name, Relation relation) {
      Env env = new Env(this, Map.of(name, unused -> relation));
      return env;
    }

    Optional<Relation> find(String name) {
      for (Env env = this; env != null; env = env.parent) {
        if (env.definitions.containsKey(name)) {
          return Optional.of(env.evaluate(name));
        }
      }
      return Optional.empty();
    }

    private Relation evaluate(String name) {
      Relation known = evaluated.get(name);
      if (known != null) {
        return known;
      }
      if (!evaluating.add(name)) {
        return Relation.unknown(name, "the common table expression " + name + " refers to itself");
      }
      try {
        Relation relation = definitions.get(name).apply(this);
        evaluated.put(name, relation);
        return relation;
      } finally {
        evaluating.remove(name);
      }
    }
  }

  /** What names mean inside one SELECT: its FROM items, its earlier aliases, the outer query. */
  static final class Scope {
    final Scope outer;
    final Env env;
    final List<Relation> sources;
    final List<Using> usings;
    final List<Col> aliases;
    final Set<String> lambdas;

    Scope(Scope outer, Env env) {
      this(outer, env, new ArrayList<>(), new ArrayList<>(), List.of(), Set.of());
    }

    private Scope(
        Scope outer,
        Env env,
        List<Relation> sources,
        List<Using> usings,
        List<Col> aliases,
        Set<String> lambdas) {
      this.outer = outer;
      this.env = env;
      this.sources = sources;
      this.usings = usings;
      this.aliases = aliases;
      this.lambdas = lambdas;
    }

    Scope withAliases(List<Col> columns) {
      return new Scope(outer, env, sources, usings, List.copyOf(columns), lambdas);
    }

    Scope withLambda(Set<String> parameters) {
      Set<String> all = new HashSet<>(lambdas);
      all.addAll(parameters);
      return new Scope(outer, env, sources, usings, aliases, all);
    }

    /** The scope a subquery in FROM sees: the FROM items bound so far (LATERAL) and the outer. */
    Scope lateral() {
      Scope lateral = new Scope(outer, env);
      lateral.sources.addAll(sources);
      return lateral;
    }

    boolean isLambdaParameter(String name) {
      return lambdas.contains(name) || (outer != null && outer.isLambdaParameter(name));
    }

    /** A FROM item of this SELECT by name. */
    Optional<Relation> local(String name) {
      for (Relation source : sources) {
        if (source.name.equals(name)) {
          return Optional.of(source);
        }
      }
      return Optional.empty();
    }

    /** A FROM item by name, here or in an outer query. */
    Optional<Relation> relation(String name) {
      Optional<Relation> here = local(name);
      if (here.isPresent() || outer == null) {
        return here;
      }
      return outer.relation(name);
    }

    Optional<Using> using(String column) {
      return usings.stream().filter(using -> using.column().equals(column)).findFirst();
    }

    Lineage usingLineage(Using using) {
      Lineage left = among(using.left(), using.column());
      Lineage right = among(using.right(), using.column());
      return switch (using.type()) {
        case "RIGHT" -> right;
        case "OUTER", "FULL" -> left.plus(right).atLeast(Derivation.TRANSFORMED);
        default -> left;
      };
    }

    private static Lineage among(List<Relation> relations, String column) {
      Optional<Found> maybe = Optional.empty();
      for (Relation relation : relations) {
        Optional<Found> found = relation.find(column);
        if (found.isPresent() && found.get().certain()) {
          return found.get().lineage();
        }
        if (found.isPresent() && maybe.isEmpty()) {
          maybe = found;
        }
      }
      return maybe
          .map(Found::lineage)
          .orElseGet(() -> Lineage.unresolved("no table of the join has a column " + column));
    }

    /**
     * What an unqualified name means: a column of exactly one FROM item (a USING column is the
     * join's), else an earlier alias of the select list, else a name of the outer query. Empty when
     * nothing in scope has the name.
     */
    Optional<Lineage> unqualified(String name) {
      Optional<Using> using = using(name);
      if (using.isPresent()) {
        return Optional.of(usingLineage(using.get()));
      }
      List<Found> certain = new ArrayList<>();
      List<String> maybeFrom = new ArrayList<>();
      List<Found> maybe = new ArrayList<>();
      for (Relation source : sources) {
        Optional<Found> found = source.find(name);
        if (found.isPresent() && found.get().certain()) {
          certain.add(found.get());
        } else if (found.isPresent()) {
          maybe.add(found.get());
          maybeFrom.add(source.name.isEmpty() ? "a subquery" : source.name);
        }
      }
      if (certain.size() == 1) {
        return Optional.of(certain.get(0).lineage());
      }
      if (certain.size() > 1) {
        return Optional.of(Lineage.unresolved("column " + name + " is ambiguous"));
      }
      Optional<Col> alias =
          aliases.stream().filter(column -> lower(column.name()).equals(name)).findFirst();
      Optional<Lineage> outerLineage = outer == null ? Optional.empty() : outer.unqualified(name);
      if (maybe.isEmpty()) {
        return alias.map(Col::lineage).or(() -> outerLineage);
      }
      if (maybe.size() == 1 && alias.isEmpty() && outerLineage.isEmpty()) {
        return Optional.of(maybe.get(0).lineage());
      }
      List<String> candidates = new ArrayList<>(maybeFrom);
      alias.ifPresent(column -> candidates.add("the select list's " + column.name()));
      outerLineage.ifPresent(lineage -> candidates.add("the outer query"));
      return Optional.of(
          Lineage.unresolved(
              "column "
                  + name
                  + " may come from "
                  + String.join(" or ", candidates)
                  + ": not every table's columns are declared"));
    }
  }
}
