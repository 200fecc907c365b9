package io.quanta.governance.rules;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.quanta.error.Problem;
import io.quanta.governance.cel.CelEnvironment;
import io.quanta.governance.cel.CelExpression;
import io.quanta.governance.policy.PolicyParser;
import io.quanta.governance.policy.PolicyScope;
import io.quanta.governance.policy.PolicySet;
import io.quanta.governance.policy.Rules;
import io.quanta.spec.Names;
import io.quanta.spec.SourceMap;
import io.quanta.spec.YamlTree;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads the mesh's governance files, reporting every problem of every file with its {@code
 * file:line:column}:
 *
 * <pre>
 * apiVersion: quanta/v1
 * kind: Governance
 * description: Who may read personal data.        # optional
 * identifiers:                                     # global identifier types
 *   - {name: user-id, description: A user's account.}
 * rules:                                           # deploy-time rules
 *   - id: pii-masked
 *     severity: error                              # or warn
 *     for: column                                  # product (default), output, column or link
 *     check: "column.classification != 'pii' || column.masked"
 *     message: Every pii column has a mask.
 *     field: classification                        # optional: where a violation points
 * policies:                                        # global runtime policies
 *   masks: [...]                                   # see PolicyParser
 * </pre>
 *
 * Ids of rules, identifier types and policies are unique across all the files, which together make
 * one {@link Governance}.
 *
 * <p>Stateless and thread safe.
 */
public final class GovernanceParser {
  private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,62}");
  private static final Pattern FIELD =
      Pattern.compile("\\[?[A-Za-z0-9_]+\\]?(\\.[A-Za-z0-9_]+|\\[[0-9]+\\])*");
  private static final Set<String> TOP_LEVEL =
      orderedSet("apiVersion", "kind", "description", "identifiers", "rules", "policies");
  private static final Set<String> RULE_FIELDS =
      orderedSet("id", "severity", "for", "check", "message", "field");
  private static final Set<String> IDENTIFIER_FIELDS = orderedSet("name", "description");

  private GovernanceParser() {}

  /**
   * What reading the files found: the governance they make, and every problem. A caller that needs
   * the files as a whole (applying them) refuses them all when there is any problem.
   *
   * @param governance the identifiers, rules and policies that could be read
   */
  public record Result(Governance governance, List<Problem> problems) {
    public Result {
      requireNonNull(governance, "governance is null");
      problems = List.copyOf(problems);
    }

    public boolean isValid() {
      return problems.isEmpty();
    }
  }

  /** Reads governance files, in the order given. */
  public static Result parse(List<GovernanceSource> sources) {
    List<Problem> problems = new ArrayList<>();
    List<IdentifierType> identifiers = new ArrayList<>();
    List<Rule> rules = new ArrayList<>();
    PolicySet policies = PolicySet.EMPTY;
    Map<String, String> identifierFiles = new HashMap<>();
    Map<String, String> ruleFiles = new HashMap<>();
    Map<String, String> policyFiles = new HashMap<>();
    for (GovernanceSource source : sources) {
      YamlTree.Result yaml = YamlTree.read(source.file(), source.text());
      if (yaml.tree().isEmpty() || !yaml.problems().isEmpty()) {
        problems.addAll(
            yaml.problems().stream()
                .map(
                    problem ->
                        problem.message().startsWith("the file is empty")
                            ? empty(problem)
                            : problem)
                .toList());
        continue;
      }
      File file = new File(source.file(), yaml.locations(), problems);
      file.read(yaml.tree().get());
      for (IdentifierType identifier : file.identifiers) {
        String other = identifierFiles.putIfAbsent(identifier.name(), source.file());
        if (other != null && !other.equals(source.file())) {
          file.problem(
              file.identifierPaths.get(identifier.name()) + ".name",
              "the identifier type '" + identifier.name() + "' is also registered in " + other);
        } else {
          identifiers.add(identifier);
        }
      }
      for (Rule rule : file.rules) {
        String other = ruleFiles.putIfAbsent(rule.id(), source.file());
        if (other != null && !other.equals(source.file())) {
          file.problem(
              file.rulePaths.get(rule.id()) + ".id",
              "another rule already has the id '" + rule.id() + "', in " + other);
        } else {
          rules.add(rule);
        }
      }
      for (String id : policyIds(file.policies)) {
        String other = policyFiles.putIfAbsent(id, source.file());
        if (other != null && !other.equals(source.file())) {
          problems.add(
              new Problem(
                  source.file(),
                  yaml.locations().value("policies").line(),
                  yaml.locations().value("policies").column(),
                  "policies",
                  "the global policy '" + id + "' is also defined in " + other));
        }
      }
      policies = policies.plus(file.policies);
    }
    return new Result(new Governance(identifiers, rules, policies), problems);
  }

  private static Problem empty(Problem problem) {
    return new Problem(
        problem.file(),
        problem.line(),
        problem.column(),
        problem.path(),
        "the file is empty; expected a governance document (kind: Governance)");
  }

  private static List<String> policyIds(PolicySet policies) {
    return Stream.of(
            policies.access().stream().map(Rules.Access::id),
            policies.masks().stream().map(Rules.ColumnMask::id),
            policies.rowFilters().stream().map(Rules.RowFilter::id),
            policies.minGroupSizes().stream().map(Rules.MinGroupSize::id))
        .flatMap(ids -> ids)
        .toList();
  }

  /** One file being read. */
  private static final class File {
    private final String name;
    private final SourceMap locations;
    private final List<Problem> problems;
    private final List<IdentifierType> identifiers = new ArrayList<>();
    private final Map<String, String> identifierPaths = new HashMap<>();
    private final List<Rule> rules = new ArrayList<>();
    private final Map<String, String> rulePaths = new HashMap<>();
    private PolicySet policies = PolicySet.EMPTY;

    File(String name, SourceMap locations, List<Problem> problems) {
      this.name = name;
      this.locations = locations;
      this.problems = problems;
    }

    void read(JsonNode root) {
      if (!root.isObject()) {
        problem("", "a governance document is a mapping with apiVersion, kind: Governance, ...");
        return;
      }
      unknownKeys(root, "", TOP_LEVEL);
      String apiVersion = root.path("apiVersion").asText("");
      if (!root.has("apiVersion")) {
        keyProblem("", "missing required field 'apiVersion' (quanta/v1)");
      } else if (!apiVersion.equals("quanta/v1")) {
        problem("apiVersion", "apiVersion is quanta/v1; got '" + apiVersion + "'");
      }
      String kind = root.path("kind").asText("");
      if (!root.has("kind")) {
        keyProblem("", "missing required field 'kind' (Governance)");
      } else if (!kind.equals("Governance")) {
        problem(
            "kind",
            "kind is Governance in a governance file; got '"
                + kind
                + "'"
                + (kind.equals("DataProduct") ? " (a product spec is deployed, not applied)" : ""));
      }
      if (root.has("description") && !root.path("description").isTextual()) {
        problem("description", "'description' is text");
      }
      list(root, "identifiers", this::identifier);
      list(root, "rules", this::rule);
      PolicyParser.Result parsed =
          PolicyParser.parse(root.path("policies"), "policies", locations, PolicyScope.GLOBAL);
      problems.addAll(parsed.problems());
      policies = parsed.policies();
    }

    private void list(
        JsonNode root, String field, java.util.function.BiConsumer<JsonNode, String> reader) {
      JsonNode list = root.path(field);
      if (list.isMissingNode() || list.isNull()) {
        return;
      }
      if (!list.isArray()) {
        problem(field, "'" + field + "' is a list");
        return;
      }
      for (int i = 0; i < list.size(); i++) {
        String path = field + "[" + i + "]";
        if (!list.get(i).isObject()) {
          problem(path, "each of '" + field + "' is a mapping");
          continue;
        }
        reader.accept(list.get(i), path);
      }
    }

    private void identifier(JsonNode node, String path) {
      unknownKeys(node, path, IDENTIFIER_FIELDS);
      Optional<String> name = text(node, path, "name");
      Optional<String> description = text(node, path, "description");
      if (name.isEmpty()) {
        keyProblem(path, "an identifier type needs a 'name', e.g. user-id");
        return;
      }
      if (!Names.isResource(name.get())) {
        problem(path + ".name", "an identifier type's name is " + Names.RESOURCE_RULE);
        return;
      }
      if (identifierPaths.putIfAbsent(name.get(), path) != null) {
        problem(path + ".name", "the identifier type '" + name.get() + "' is registered twice");
        return;
      }
      identifiers.add(new IdentifierType(name.get(), description.orElse("")));
    }

    private void rule(JsonNode node, String path) {
      unknownKeys(node, path, RULE_FIELDS);
      int before = problems.size();
      Optional<String> id = text(node, path, "id");
      if (id.isEmpty()) {
        keyProblem(path, "a rule needs an 'id', unique across the governance files");
      } else if (!ID.matcher(id.get()).matches()) {
        problem(
            path + ".id",
            "a rule id is lowercase letters, digits, '-', '_' and '.', at most 63 characters; got '"
                + id.get()
                + "'");
      } else if (id.get().equals(RuleEngine.LOCAL_POLICIES_RULE)) {
        problem(
            path + ".id",
            "'"
                + RuleEngine.LOCAL_POLICIES_RULE
                + "' is the id of the built-in check of products' own policies; choose another");
      } else if (rulePaths.containsKey(id.get())) {
        problem(path + ".id", "another rule already has the id '" + id.get() + "'");
      }
      Optional<RuleSeverity> severity = Optional.empty();
      Optional<String> severityName = text(node, path, "severity");
      if (severityName.isEmpty()) {
        keyProblem(path, "a rule needs a 'severity': error (refuses the deploy) or warn");
      } else {
        severity = RuleSeverity.fromSpecName(severityName.get());
        if (severity.isEmpty()) {
          problem(
              path + ".severity",
              "severity is error (refuses the deploy) or warn; got '" + severityName.get() + "'");
        }
      }
      RuleSubject subject = RuleSubject.PRODUCT;
      Optional<String> subjectName = text(node, path, "for");
      if (subjectName.isPresent()) {
        Optional<RuleSubject> named = RuleSubject.fromSpecName(subjectName.get());
        if (named.isEmpty()) {
          problem(
              path + ".for",
              "'for' is one of " + RuleSubject.names() + "; got '" + subjectName.get() + "'");
        } else {
          subject = named.get();
        }
      }
      Optional<String> message = text(node, path, "message");
      if (message.isEmpty()) {
        keyProblem(path, "a rule needs a 'message': what breaking it means and how to fix it");
      } else if (message.get().isBlank()) {
        problem(path + ".message", "the message is empty: say what breaking the rule means");
      }
      Optional<String> field = text(node, path, "field");
      if (field.isPresent() && !FIELD.matcher(field.get()).matches()) {
        problem(
            path + ".field",
            "'field' is a path in the spec relative to what the rule is for, e.g. eventTime or"
                + " metadata.owner; got '"
                + field.get()
                + "'");
      }
      Optional<CelExpression> check = Optional.empty();
      Optional<String> source = text(node, path, "check");
      if (source.isEmpty()) {
        keyProblem(path, "a rule needs a 'check': a CEL condition that holds for a valid spec");
      } else {
        CelEnvironment environment = RuleContexts.environment(subject);
        try {
          check = Optional.of(environment.compile(source.get()));
        } catch (CelEnvironment.InvalidExpression e) {
          problem(path + ".check", "invalid CEL: " + e.getMessage());
        }
      }
      if (problems.size() > before) {
        return;
      }
      rulePaths.put(id.get(), path);
      rules.add(
          new Rule(
              id.get(),
              severity.get(),
              subject,
              check.get(),
              message.get().strip(),
              field,
              name,
              locations.value(path).line()));
    }

    private Optional<String> text(JsonNode node, String path, String field) {
      JsonNode value = node.path(field);
      if (value.isMissingNode() || value.isNull()) {
        return Optional.empty();
      }
      if (!value.isTextual()) {
        problem(path + "." + field, "'" + field + "' is text");
        return Optional.empty();
      }
      return Optional.of(value.asText());
    }

    private void unknownKeys(JsonNode node, String path, Set<String> known) {
      node.fieldNames()
          .forEachRemaining(
              key -> {
                if (!known.contains(key)) {
                  String fieldPath = path.isEmpty() ? key : path + "." + key;
                  problems.add(
                      locations.keyProblem(
                          fieldPath,
                          "unknown field '" + key + "'; expected " + String.join(", ", known)));
                }
              });
    }

    void problem(String path, String message) {
      problems.add(locations.problem(path, message));
    }

    private void keyProblem(String path, String message) {
      problems.add(locations.keyProblem(path, message));
    }
  }

  private static Set<String> orderedSet(String... values) {
    return new LinkedHashSet<>(List.of(values));
  }
}
