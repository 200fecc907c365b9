package io.quanta.governance.rules;

import io.quanta.governance.policy.PolicySet;
import java.util.List;
import java.util.Optional;

/**
 * The mesh's governance as code, read from its governance files: global identifier types,
 * deploy-time rules and global runtime policies.
 *
 * @param identifiers the registered global identifier types, in file order
 * @param rules the deploy-time rules, in file order
 * @param policies the global runtime policies, which every product's reads obey
 */
public record Governance(List<IdentifierType> identifiers, List<Rule> rules, PolicySet policies) {
  /** No identifiers, rules or policies. */
  public static final Governance EMPTY = new Governance(List.of(), List.of(), PolicySet.EMPTY);

  public Governance {
    identifiers = List.copyOf(identifiers);
    rules = List.copyOf(rules);
    java.util.Objects.requireNonNull(policies, "policies is null");
  }

  /** The names of the registered identifier types. */
  public List<String> identifierNames() {
    return identifiers.stream().map(IdentifierType::name).toList();
  }

  /** The rule with this id, if there is one. */
  public Optional<Rule> rule(String id) {
    return rules.stream().filter(rule -> rule.id().equals(id)).findFirst();
  }
}
