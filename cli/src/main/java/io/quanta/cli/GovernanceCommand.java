package io.quanta.cli;

import io.quanta.governance.policy.PolicySet;
import io.quanta.governance.policy.Rules;
import io.quanta.governance.rules.Governance;
import io.quanta.governance.rules.GovernanceSource;
import io.quanta.governance.rules.IdentifierType;
import io.quanta.governance.rules.Rule;
import io.quanta.platform.Mesh;
import io.quanta.platform.governance.GovernanceService;
import io.quanta.platform.governance.GovernanceVersion;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "governance",
    description = {
      "Apply and show the mesh's governance: identifier types, deploy-time rules, global policies.",
      "The governance is a folder of YAML files (kind: Governance), versioned in the registry. Until one is applied the mesh has the shipped default, version 0. See docs/governance.md."
    },
    subcommands = {GovernanceCommand.Apply.class, GovernanceCommand.Show.class})
final class GovernanceCommand extends MeshCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return 0;
  }

  @Command(
      name = "apply",
      description = {
        "Check a governance folder and store it as the mesh's new governance version.",
        "Every *.yaml file of the folder is checked; if any has a problem, nothing is applied and every problem is printed as file:line:column: field: message. Applying the files of the current version again stores nothing. Deploys check specs against the new version at once; other processes on the same data folder use it within a second."
      })
  static final class Apply implements Callable<Integer> {
    @ParentCommand GovernanceCommand governance;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "The governance folder.")
    Path folder;

    @Override
    public Integer call() {
      Console console = new Console(spec.commandLine().getOut(), spec.commandLine().getErr());
      try (Mesh mesh = governance.openMesh()) {
        GovernanceService.Applied applied =
            mesh.governance().apply(folder, System.getProperty("user.name", "unknown"));
        GovernanceVersion version = applied.version();
        if (!applied.changed()) {
          console.println(
              "unchanged: governance version " + version.number() + " already has these files");
          return 0;
        }
        Governance content = version.governance();
        console.println(
            "applied governance version "
                + version.number()
                + ": "
                + count(version.files().size(), "file")
                + ", "
                + count(content.rules().size(), "rule")
                + ", "
                + count(content.identifiers().size(), "identifier type")
                + ", "
                + count(policyCount(content.policies()), "global policy", "global policies"));
        return 0;
      }
    }
  }

  @Command(
      name = "show",
      description = {
        "Print the mesh's current governance: its version, identifier types, rules and global policies."
      })
  static final class Show implements Callable<Integer> {
    @ParentCommand GovernanceCommand governance;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    // Its own --version hides the inherited -V/--version, and picocli then drops -h/--help too.
    @Option(
        names = {"-h", "--help"},
        usageHelp = true,
        description = "Show this help message and exit.")
    boolean help;

    @Option(
        names = "--version",
        paramLabel = "N",
        description = "Show version N instead of the current one (0 is the shipped default).")
    Integer number;

    @Option(
        names = "--files",
        description = "Print the version's files as they were applied, to start a new version.")
    boolean files;

    @Option(names = "--history", description = "List every applied version, newest first.")
    boolean history;

    @Override
    public Integer call() {
      Console console = new Console(spec.commandLine().getOut(), spec.commandLine().getErr());
      try (Mesh mesh = governance.openMesh()) {
        GovernanceService service = mesh.governance();
        if (history) {
          List<List<String>> rows = new ArrayList<>();
          service
              .history()
              .forEach(
                  version ->
                      rows.add(
                          List.of(
                              String.valueOf(version.number()),
                              version.appliedAt().toString(),
                              version.appliedBy(),
                              version.digest().substring(0, 12))));
          rows.add(List.of("0", "", "", "(the shipped default)"));
          console.table(List.of("version", "applied at", "applied by", "digest"), rows);
          return 0;
        }
        GovernanceVersion version = number == null ? service.current() : service.version(number);
        if (files) {
          for (GovernanceSource file : version.files()) {
            console.println("# " + file.file());
            console.out().print(file.text().endsWith("\n") ? file.text() : file.text() + "\n");
          }
          console.out().flush();
          return 0;
        }
        print(console, version, number == null);
        return 0;
      }
    }

    private static void print(Console console, GovernanceVersion version, boolean current) {
      StringBuilder header = new StringBuilder("governance version ").append(version.number());
      if (version.isShippedDefault()) {
        header.append(" (the shipped default");
        header.append(current ? "; none was applied)" : ")");
      } else {
        header
            .append(", applied ")
            .append(version.appliedAt().orElseThrow())
            .append(" by ")
            .append(version.appliedBy().orElseThrow());
      }
      if (current && !version.isShippedDefault()) {
        header.append(" (current)");
      }
      console.println(header.toString());
      console.println(
          "files: "
              + String.join(", ", version.files().stream().map(GovernanceSource::file).toList()));

      Governance content = version.governance();
      console.println("");
      console.println("identifier types (" + content.identifiers().size() + ")");
      int width =
          content.identifiers().stream().mapToInt(type -> type.name().length()).max().orElse(0);
      for (IdentifierType type : content.identifiers()) {
        console.println(
            ("  " + pad(type.name(), width) + "  " + type.description()).stripTrailing());
      }

      console.println("");
      console.println("rules (" + content.rules().size() + ")");
      for (Rule rule : content.rules()) {
        console.println(
            "  "
                + rule.id()
                + "  "
                + rule.severity().specName()
                + ", for each "
                + rule.subject().specName()
                + "  ("
                + rule.origin()
                + ")");
        console.println("    check:   " + rule.check().source().strip().replace('\n', ' '));
        console.println("    message: " + rule.message());
      }

      PolicySet policies = content.policies();
      console.println("");
      console.println("global policies (" + policyCount(policies) + ")");
      for (Rules.Access rule : policies.access()) {
        console.println(
            "  access  "
                + rule.qualifiedId()
                + "  "
                + (rule.allow().isPresent()
                    ? "allow: " + rule.allow().get()
                    : "deny: " + rule.deny().orElseThrow())
                + ports(rule.ports()));
      }
      for (Rules.ColumnMask rule : policies.masks()) {
        console.println(
            "  mask  "
                + rule.qualifiedId()
                + "  "
                + rule.mask().describe()
                + "  "
                + rule.column().map(column -> "column: " + column).orElse("")
                + rule.match().map(match -> "match: " + match).orElse("")
                + rule.unless().map(unless -> "  unless: " + unless).orElse("")
                + ports(rule.ports()));
      }
      for (Rules.RowFilter rule : policies.rowFilters()) {
        console.println(
            "  row filter  "
                + rule.qualifiedId()
                + "  where: "
                + rule.where()
                + rule.match().map(match -> "  match: " + match).orElse("")
                + rule.unless().map(unless -> "  unless: " + unless).orElse("")
                + ports(rule.ports()));
      }
      for (Rules.MinGroupSize rule : policies.minGroupSizes()) {
        console.println(
            "  minimum group size  "
                + rule.qualifiedId()
                + "  k: "
                + rule.k()
                + "  countColumn: "
                + rule.countColumn()
                + rule.unless().map(unless -> "  unless: " + unless).orElse("")
                + ports(rule.ports()));
      }
    }

    private static String ports(java.util.Set<String> ports) {
      return ports.isEmpty()
          ? ""
          : "  ports: " + String.join(", ", ports.stream().sorted().toList());
    }

    private static String pad(String text, int width) {
      return text + " ".repeat(Math.max(0, width - text.length()));
    }
  }

  private static int policyCount(PolicySet policies) {
    return policies.access().size()
        + policies.masks().size()
        + policies.rowFilters().size()
        + policies.minGroupSizes().size();
  }

  private static String count(long n, String noun) {
    return count(n, noun, noun + "s");
  }

  private static String count(long n, String singular, String plural) {
    return n + " " + (n == 1 ? singular : plural);
  }
}
