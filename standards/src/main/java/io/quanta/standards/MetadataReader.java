package io.quanta.standards;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.quanta.spec.SemVer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** Reads what ODPS and ODCS documents both say about a product: names, version, owner, text. */
final class MetadataReader {
  /** Statuses that a spec implies by being deployed, or not yet. */
  private static final Set<String> PLAIN_STATUSES = Set.of("proposed", "draft", "active");

  /**
   * A product's metadata as one document gives it.
   *
   * @param domain the domain, made a valid name
   * @param name the product's name, made a valid name
   * @param version the semantic version
   * @param owner who answers for it
   * @param description what it holds
   * @param docs its documentation in Markdown
   * @param tags its tags
   */
  record Fields(
      Optional<String> domain,
      Optional<String> name,
      Optional<String> version,
      Optional<String> owner,
      Optional<String> description,
      Optional<String> docs,
      List<String> tags) {
    Fields {
      requireNonNull(domain, "domain is null");
      requireNonNull(name, "name is null");
      requireNonNull(version, "version is null");
      requireNonNull(owner, "owner is null");
      requireNonNull(description, "description is null");
      requireNonNull(docs, "docs is null");
      tags = List.copyOf(tags);
    }
  }

  private final SourceDocument document;
  private final ImportReport report;

  MetadataReader(SourceDocument document, ImportReport report) {
    this.document = document;
    this.report = report;
  }

  /** A domain or product name in a top-level field, made valid; a changed name is reported. */
  Optional<String> resourceName(String field, String what) {
    return Json.text(document.tree(), field).flatMap(value -> resourceName(value, field, what));
  }

  /** A name made valid for a spec; a changed name is reported, one with no letters is refused. */
  Optional<String> resourceName(String value, String path, String what) {
    Optional<String> name = ImportNames.resource(value);
    if (name.isEmpty()) {
      report.warn(
          document.at(
              path,
              "'"
                  + value
                  + "' cannot be made a "
                  + what
                  + " (lowercase letters, digits and '-', starting with a letter)"));
    } else if (!name.get().equals(value)) {
      report.warn(document.at(path, "imported as " + what + " '" + name.get() + "'"));
    }
    return name;
  }

  /** The version at the field, {@code v1.0.0} read as {@code 1.0.0}. */
  Optional<String> version(JsonNode node, String field) {
    Optional<String> text = Json.text(node, field);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    String version = text.get().trim();
    if (version.startsWith("v") || version.startsWith("V")) {
      version = version.substring(1);
    }
    try {
      return Optional.of(SemVer.parse(version).toString());
    } catch (IllegalArgumentException e) {
      report.warn(
          document.at(
              field,
              "'" + text.get() + "' is not a semantic version (MAJOR.MINOR.PATCH, e.g. 1.2.0)"));
      return Optional.empty();
    }
  }

  /** Warns about a lifecycle state the spec cannot say. */
  void status(JsonNode root) {
    Json.text(root, "status")
        .map(status -> status.toLowerCase(Locale.ROOT))
        .filter(status -> !PLAIN_STATUSES.contains(status))
        .ifPresent(
            status ->
                report.notImported(
                    document,
                    "status",
                    "a spec does not hold its lifecycle state ('"
                        + status
                        + "'); deploy it, then change its state with quanta"));
  }

  /**
   * The owner: the team member in the role {@code owner}, else the team's name. Other members and
   * the team's other fields are reported.
   */
  Optional<String> owner(JsonNode team, String path) {
    if (team == null || team.isMissingNode() || team.isNull()) {
      return Optional.empty();
    }
    JsonNode members = team.isArray() ? team : team.path("members");
    String membersPath = team.isArray() ? path : Paths.child(path, "members");
    Optional<String> owner = Optional.empty();
    List<Integer> others = new ArrayList<>();
    for (int i = 0; i < members.size(); i++) {
      JsonNode member = members.get(i);
      boolean isOwner = member.path("role").asText("").toLowerCase(Locale.ROOT).equals("owner");
      if (isOwner && owner.isEmpty() && Json.text(member, "username").isPresent()) {
        owner = Json.text(member, "username");
      } else {
        others.add(i);
      }
    }
    String kept = owner.map(name -> " (" + name + ")").orElse("");
    for (int i : others) {
      report.notImported(
          document,
          Paths.element(membersPath, i),
          "a spec names its owner" + kept + ", not the team's members");
    }
    Set<String> used = Set.of("members", "name");
    if (!team.isArray() && Json.text(team, "name").isPresent()) {
      if (owner.isEmpty()) {
        owner = Json.text(team, "name");
      } else {
        report.notImported(
            document,
            Paths.child(path, "name"),
            "a spec names its owner" + kept + ", not the team");
      }
    }
    if (!team.isArray()) {
      report.rest(document, team, path, used);
    }
    return owner;
  }

  /** The description: its purpose (or the text itself), reporting the fields not used. */
  Optional<String> description(JsonNode description) {
    if (description == null || description.isNull() || description.isMissingNode()) {
      return Optional.empty();
    }
    if (description.isTextual()) {
      return Optional.of(description.asText()).filter(text -> !text.isBlank());
    }
    report.rest(document, description, "description", Set.of("purpose", "usage", "limitations"));
    return Json.text(description, "purpose").filter(text -> !text.isBlank());
  }

  /** The documentation: the description's usage, then its limitations under their own heading. */
  Optional<String> docs(JsonNode description) {
    if (description == null || !description.isObject()) {
      return Optional.empty();
    }
    Optional<String> usage = Json.text(description, "usage").filter(text -> !text.isBlank());
    Optional<String> limitations =
        Json.text(description, "limitations").filter(text -> !text.isBlank());
    if (limitations.isEmpty()) {
      return usage;
    }
    String section = "## Limitations\n" + limitations.get().strip() + "\n";
    return Optional.of(usage.map(text -> text.stripTrailing() + "\n\n" + section).orElse(section));
  }

  /** The tags, as text. */
  List<String> tags(JsonNode tags) {
    List<String> values = new ArrayList<>();
    if (tags != null && tags.isArray()) {
      tags.forEach(
          tag -> {
            if (tag.isValueNode() && !tag.asText().isBlank() && !values.contains(tag.asText())) {
              values.add(tag.asText());
            }
          });
    }
    return values;
  }
}
