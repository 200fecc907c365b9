package io.quanta.governance.policy;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.quanta.error.Problem;
import io.quanta.governance.cel.CelEnvironment;
import io.quanta.governance.cel.CelExpression;
import io.quanta.spec.SourceMap;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a {@code policies} section (a product's, or a governance file's) into a {@link PolicySet},
 * reporting every problem with its location:
 *
 * <pre>
 * policies:
 *   access:
 *     - id: marketing-only                 # optional; the rule's path by default
 *       allow: "'marketing' in principal.groups"   # or deny: ...
 *       ports: [demographics]              # optional: every port by default
 *   masks:
 *     - id: hashed-email
 *       column: email                      # or match: "column.classification == 'pii'"
 *       method: hash                       # null | redact | hash | truncate | generalize | email-domain
 *       unless: "'pii-reader' in principal.roles"
 *   rowFilters:
 *     - id: own-country
 *       where: "country = :country"        # SQL over the port's columns; :name is a parameter
 *       params: {country: "principal.attributes.country"}   # CEL; by default the attribute
 *   minGroupSize:
 *     - {id: k-anonymous, ports: [demographics], k: 10, countColumn: listeners}
 * </pre>
 */
public final class PolicyParser {
  private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,62}");
  private static final Pattern PARAMETER = Pattern.compile(":([a-z_][a-z0-9_]*)");
  private static final Set<String> UNITS = Set.of("hour", "day", "month", "year");

  private final String basePath;
  private final SourceMap locations;
  private final PolicyScope scope;
  private final List<Problem> problems = new ArrayList<>();

  private PolicyParser(String basePath, SourceMap locations, PolicyScope scope) {
    this.basePath = basePath;
    this.locations = locations;
    this.scope = scope;
  }

  /** What a parse found: the rules it could read, and every problem. */
  public record Result(PolicySet policies, List<Problem> problems) {
    public Result {
      requireNonNull(policies, "policies");
      problems = List.copyOf(problems);
    }
  }

  /**
   * Parses a policies section.
   *
   * @param policies the section; missing or null means no policies
   * @param basePath the section's path in its document, e.g. {@code policies}
   * @param locations where the document's fields are
   */
  public static Result parse(
      JsonNode policies, String basePath, SourceMap locations, PolicyScope scope) {
    PolicyParser parser = new PolicyParser(basePath, locations, scope);
    PolicySet set = parser.parse(policies);
    return new Result(set, parser.problems);
  }

  private PolicySet parse(JsonNode node) {
    if (node == null || node.isMissingNode() || node.isNull()) {
      return PolicySet.EMPTY;
    }
    if (!node.isObject()) {
      problem(basePath, "policies must be a mapping with access, masks, rowFilters, minGroupSize");
      return PolicySet.EMPTY;
    }
    unknownKeys(node, basePath, Set.of("access", "masks", "rowFilters", "minGroupSize"));
    List<Rules.Access> access = new ArrayList<>();
    List<Rules.ColumnMask> masks = new ArrayList<>();
    List<Rules.RowFilter> filters = new ArrayList<>();
    List<Rules.MinGroupSize> groups = new ArrayList<>();
    Set<String> ids = new LinkedHashSet<>();
    forEach(
        node,
        "access",
        (rule, path, index) -> access(rule, path, index, ids).ifPresent(access::add));
    forEach(
        node, "masks", (rule, path, index) -> mask(rule, path, index, ids).ifPresent(masks::add));
    forEach(
        node,
        "rowFilters",
        (rule, path, index) -> rowFilter(rule, path, index, ids).ifPresent(filters::add));
    forEach(
        node,
        "minGroupSize",
        (rule, path, index) -> minGroupSize(rule, path, index, ids).ifPresent(groups::add));
    return new PolicySet(access, masks, filters, groups);
  }

  @FunctionalInterface
  private interface RuleReader {
    void read(JsonNode rule, String path, int index);
  }

  private void forEach(JsonNode node, String field, RuleReader reader) {
    JsonNode list = node.path(field);
    String path = basePath.isEmpty() ? field : basePath + "." + field;
    if (list.isMissingNode() || list.isNull()) {
      return;
    }
    if (!list.isArray()) {
      problem(path, field + " must be a list of rules");
      return;
    }
    for (int i = 0; i < list.size(); i++) {
      String rulePath = path + "[" + i + "]";
      if (!list.get(i).isObject()) {
        problem(rulePath, "a rule must be a mapping");
        continue;
      }
      reader.read(list.get(i), rulePath, i);
    }
  }

  private Optional<Rules.Access> access(JsonNode rule, String path, int index, Set<String> ids) {
    unknownKeys(rule, path, Set.of("id", "allow", "deny", "ports"));
    String id = id(rule, path, "access-" + index, ids);
    Optional<CelExpression> allow = expression(rule, path, "allow", PolicyContexts.READER);
    Optional<CelExpression> deny = expression(rule, path, "deny", PolicyContexts.READER);
    boolean hasAllow = rule.has("allow");
    boolean hasDeny = rule.has("deny");
    if (hasAllow == hasDeny) {
      problem(path, "an access rule has exactly one of 'allow' and 'deny' (a CEL condition)");
      return Optional.empty();
    }
    if (allow.isEmpty() && deny.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Rules.Access(id, scope, allow, deny, ports(rule, path), origin(path)));
  }

  private Optional<Rules.ColumnMask> mask(JsonNode rule, String path, int index, Set<String> ids) {
    unknownKeys(
        rule,
        path,
        Set.of("id", "column", "match", "ports", "method", "length", "to", "step", "unless"));
    String id = id(rule, path, "mask-" + index, ids);
    Optional<String> column = text(rule, path, "column");
    Optional<CelExpression> match = expression(rule, path, "match", PolicyContexts.COLUMN);
    if (rule.has("column") == rule.has("match")) {
      problem(
          path,
          "a mask names its 'column', or matches columns with 'match' (a CEL condition over"
              + " column, port and product), not both");
      return Optional.empty();
    }
    Optional<Mask> mask = maskOf(rule, path);
    Optional<CelExpression> unless = expression(rule, path, "unless", PolicyContexts.READER);
    if (mask.isEmpty() || (column.isEmpty() && match.isEmpty()) || failed(rule, "unless", unless)) {
      return Optional.empty();
    }
    return Optional.of(
        new Rules.ColumnMask(
            id, scope, column, match, ports(rule, path), mask.get(), unless, origin(path)));
  }

  private Optional<Mask> maskOf(JsonNode rule, String path) {
    Optional<String> name = text(rule, path, "method");
    if (name.isEmpty()) {
      problem(path, "a mask needs a 'method': " + MaskMethod.names());
      return Optional.empty();
    }
    Optional<MaskMethod> method = MaskMethod.fromSpecName(name.get());
    if (method.isEmpty()) {
      problem(
          path + ".method",
          "unknown mask method '" + name.get() + "'; use one of " + MaskMethod.names());
      return Optional.empty();
    }
    OptionalInt length = OptionalInt.empty();
    Optional<String> to = Optional.empty();
    OptionalLong step = OptionalLong.empty();
    switch (method.get()) {
      case TRUNCATE -> {
        JsonNode value = rule.path("length");
        if (!value.canConvertToInt() || !value.isIntegralNumber() || value.asInt() < 0) {
          problem(path + ".length", "truncate needs 'length', the number of characters kept");
          return Optional.empty();
        }
        length = OptionalInt.of(value.asInt());
      }
      case GENERALIZE -> {
        if (rule.has("to") == rule.has("step")) {
          problem(
              path,
              "generalize needs 'to' (hour, day, month or year, for dates and timestamps) or"
                  + " 'step' (a positive whole number, for numbers)");
          return Optional.empty();
        }
        if (rule.has("to")) {
          String unit = rule.path("to").asText();
          if (!UNITS.contains(unit)) {
            problem(path + ".to", "'to' is one of hour, day, month, year; got '" + unit + "'");
            return Optional.empty();
          }
          to = Optional.of(unit);
        } else {
          JsonNode value = rule.path("step");
          if (!value.isIntegralNumber() || value.asLong() < 1) {
            problem(path + ".step", "'step' is a positive whole number");
            return Optional.empty();
          }
          step = OptionalLong.of(value.asLong());
        }
      }
      default -> {
        for (String parameter : List.of("length", "to", "step")) {
          if (rule.has(parameter)) {
            problem(
                path + "." + parameter,
                "'" + parameter + "' is not a parameter of the " + name.get() + " mask");
          }
        }
      }
    }
    return Optional.of(new Mask(method.get(), length, to, step));
  }

  private Optional<Rules.RowFilter> rowFilter(
      JsonNode rule, String path, int index, Set<String> ids) {
    unknownKeys(rule, path, Set.of("id", "ports", "match", "where", "params", "unless"));
    String id = id(rule, path, "row-filter-" + index, ids);
    Optional<String> where = text(rule, path, "where");
    if (where.isEmpty() || where.get().isBlank()) {
      problem(path, "a row filter needs 'where', a SQL condition over the port's columns");
      return Optional.empty();
    }
    if (where.get().contains(";")) {
      problem(path + ".where", "'where' is one SQL condition, without ';'");
      return Optional.empty();
    }
    Optional<CelExpression> match = expression(rule, path, "match", PolicyContexts.PORT);
    if (scope == PolicyScope.LOCAL && rule.has("match")) {
      problem(
          path + ".match", "a product's row filter names its 'ports'; 'match' is for global ones");
    }
    List<String> parameters = new ArrayList<>();
    Matcher matcher = PARAMETER.matcher(withoutStrings(where.get()));
    while (matcher.find()) {
      if (!parameters.contains(matcher.group(1))) {
        parameters.add(matcher.group(1));
      }
    }
    Map<String, CelExpression> params = new LinkedHashMap<>();
    JsonNode given = rule.path("params");
    if (!given.isMissingNode() && !given.isObject()) {
      problem(path + ".params", "'params' maps each :name of 'where' to a CEL expression");
    } else if (given.isObject()) {
      Iterator<Map.Entry<String, JsonNode>> fields = given.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        String paramPath = path + ".params." + field.getKey();
        if (!parameters.contains(field.getKey())) {
          problem(
              paramPath,
              "'where' has no parameter :" + field.getKey() + "; it has " + names(parameters));
          continue;
        }
        if (!field.getValue().isTextual()) {
          problem(paramPath, "a parameter is a CEL expression, e.g. principal.attributes.country");
          continue;
        }
        compile(paramPath, field.getValue().asText(), PolicyContexts.PARAMETER)
            .ifPresent(expression -> params.put(field.getKey(), expression));
      }
    }
    Optional<CelExpression> unless = expression(rule, path, "unless", PolicyContexts.READER);
    if (failed(rule, "unless", unless) || failed(rule, "match", match)) {
      return Optional.empty();
    }
    return Optional.of(
        new Rules.RowFilter(
            id,
            scope,
            ports(rule, path),
            match,
            where.get().strip(),
            parameters,
            params,
            unless,
            origin(path)));
  }

  private Optional<Rules.MinGroupSize> minGroupSize(
      JsonNode rule, String path, int index, Set<String> ids) {
    unknownKeys(rule, path, Set.of("id", "ports", "k", "countColumn", "unless"));
    String id = id(rule, path, "min-group-size-" + index, ids);
    JsonNode k = rule.path("k");
    if (!k.isIntegralNumber() || k.asInt() < 2) {
      problem(path + ".k", "'k' is the smallest group a row may describe, a whole number >= 2");
      return Optional.empty();
    }
    Optional<String> count = text(rule, path, "countColumn");
    if (count.isEmpty()) {
      problem(
          path,
          "a minimum group size needs 'countColumn', the column holding how many individuals a"
              + " row aggregates");
      return Optional.empty();
    }
    Optional<CelExpression> unless = expression(rule, path, "unless", PolicyContexts.READER);
    if (failed(rule, "unless", unless)) {
      return Optional.empty();
    }
    return Optional.of(
        new Rules.MinGroupSize(
            id, scope, ports(rule, path), k.asInt(), count.get(), unless, origin(path)));
  }

  /** The SQL with its string literals blanked, so that ':x' inside a string is no parameter. */
  static String withoutStrings(String sql) {
    StringBuilder text = new StringBuilder(sql.length());
    boolean inString = false;
    for (int i = 0; i < sql.length(); i++) {
      char c = sql.charAt(i);
      if (c == '\'') {
        inString = !inString;
        text.append(c);
      } else {
        text.append(inString ? ' ' : c);
      }
    }
    return text.toString();
  }

  private String id(JsonNode rule, String path, String fallback, Set<String> ids) {
    String id = rule.has("id") ? rule.path("id").asText() : fallback;
    if (rule.has("id") && !ID.matcher(id).matches()) {
      problem(
          path + ".id",
          "a rule id is lowercase letters, digits, '-', '_' and '.', at most 63 characters; got '"
              + id
              + "'");
    } else if (!ids.add(id)) {
      problem(path + ".id", "another rule already has the id '" + id + "'");
    }
    return id;
  }

  private Set<String> ports(JsonNode rule, String path) {
    JsonNode ports = rule.path("ports");
    Set<String> names = new LinkedHashSet<>();
    if (ports.isMissingNode()) {
      return names;
    }
    if (!ports.isArray()) {
      problem(path + ".ports", "'ports' is a list of output port names");
      return names;
    }
    ports.forEach(port -> names.add(port.asText()));
    return names;
  }

  private Optional<String> text(JsonNode rule, String path, String field) {
    JsonNode value = rule.path(field);
    if (value.isMissingNode() || value.isNull()) {
      return Optional.empty();
    }
    if (!value.isTextual()) {
      problem(path + "." + field, "'" + field + "' must be a string");
      return Optional.empty();
    }
    return Optional.of(value.asText());
  }

  private Optional<CelExpression> expression(
      JsonNode rule, String path, String field, CelEnvironment environment) {
    JsonNode value = rule.path(field);
    if (value.isMissingNode() || value.isNull()) {
      return Optional.empty();
    }
    if (!value.isTextual()) {
      problem(path + "." + field, "'" + field + "' must be a CEL expression, written as a string");
      return Optional.empty();
    }
    return compile(path + "." + field, value.asText(), environment);
  }

  private Optional<CelExpression> compile(String path, String source, CelEnvironment environment) {
    try {
      return Optional.of(environment.compile(source));
    } catch (CelEnvironment.InvalidExpression e) {
      problem(path, "invalid CEL: " + e.getMessage());
      return Optional.empty();
    }
  }

  /** Whether the field is there but did not compile. */
  private static boolean failed(JsonNode rule, String field, Optional<CelExpression> expression) {
    return rule.has(field) && expression.isEmpty();
  }

  private void unknownKeys(JsonNode node, String path, Set<String> known) {
    node.fieldNames()
        .forEachRemaining(
            name -> {
              if (!known.contains(name)) {
                problems.add(
                    locations.keyProblem(
                        path + "." + name,
                        "unknown field '" + name + "'; expected " + String.join(", ", known)));
              }
            });
  }

  /** A rule's origin is its path in its document, which problems about it point at. */
  private String origin(String path) {
    return path;
  }

  private void problem(String path, String message) {
    problems.add(locations.problem(path, message));
  }

  private static String names(List<String> parameters) {
    return parameters.isEmpty()
        ? "none"
        : String.join(", ", parameters.stream().map(name -> ":" + name).toList());
  }
}
