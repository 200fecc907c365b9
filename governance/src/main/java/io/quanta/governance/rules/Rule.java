package io.quanta.governance.rules;

import static java.util.Objects.requireNonNull;

import io.quanta.governance.cel.CelExpression;
import java.util.Optional;

/**
 * A deploy-time rule of the mesh's governance: a CEL condition every product spec must meet.
 *
 * @param id unique across the mesh's governance files, e.g. {@code column-names-snake-case}
 * @param severity whether a violation refuses the deploy or only warns
 * @param subject what the rule is checked for: each product, output, column or link
 * @param check the condition, compiled in the environment of the subject ({@link RuleContexts})
 * @param message what a violation means and how to fix it
 * @param field where in the spec a violation points, relative to the subject's node (for a product,
 *     the document; for a link, its column), e.g. {@code metadata.owner} or {@code eventTime};
 *     empty for the subject itself
 * @param file the governance file the rule is written in
 * @param line the rule's line in that file
 */
public record Rule(
    String id,
    RuleSeverity severity,
    RuleSubject subject,
    CelExpression check,
    String message,
    Optional<String> field,
    String file,
    int line) {
  public Rule {
    requireNonNull(id, "id is null");
    requireNonNull(severity, "severity is null");
    requireNonNull(subject, "subject is null");
    requireNonNull(check, "check is null");
    requireNonNull(message, "message is null");
    requireNonNull(field, "field is null");
    requireNonNull(file, "file is null");
  }

  /** Where the rule is written: {@code file:line}. */
  public String origin() {
    return file + ":" + line;
  }
}
