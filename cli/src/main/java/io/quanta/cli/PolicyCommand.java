package io.quanta.cli;

import io.quanta.error.Problem;
import io.quanta.governance.rules.Violation;
import io.quanta.platform.Mesh;
import io.quanta.platform.governance.GovernanceVersion;
import io.quanta.platform.lifecycle.Validation;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "policy",
    description = {
      "Check specs against the mesh's governance, and explain what a principal may read of a port.",
      "The governance's rules and global policies are shown by quanta governance show."
    },
    subcommands = {PolicyCommand.Check.class, PolicyExplainCommand.class})
final class PolicyCommand extends MeshCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return 0;
  }

  @Command(
      name = "check",
      description = {
        "Check spec files against the mesh's governance, without deploying them (a dry run).",
        "Runs the deploy-time rules and checks that the specs' own policies only tighten the global ones, as deploy would, with the mesh as it would be after deploying the files together. Prints one line per violation: file:line:column: error|warn [rule-id] message. Exits 0 when there are only warnings, 1 when a spec breaks an error rule or does not parse. Inputs and SQL are not checked: quanta validate does that."
      })
  static final class Check implements Callable<Integer> {
    @ParentCommand PolicyCommand policy;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "SPEC", description = "Spec files (YAML).")
    List<Path> files;

    @Override
    public Integer call() {
      Console console = new Console(spec.commandLine().getOut(), spec.commandLine().getErr());
      try (Mesh mesh = policy.openMesh()) {
        GovernanceVersion governance = mesh.governance().current();
        Validation validation = mesh.lifecycle().checkGovernance(files);
        Set<Problem> fromRules = new HashSet<>();
        validation.violations().forEach(violation -> fromRules.add(violation.problem()));
        for (Problem warning : validation.warnings()) {
          if (!fromRules.contains(warning)) {
            console.note("warning: " + warning);
          }
        }
        List<Problem> otherErrors =
            validation.errors().stream().filter(error -> !fromRules.contains(error)).toList();
        otherErrors.forEach(problem -> console.note(problem.toString()));
        for (Violation violation : validation.violations()) {
          console.println(violation.toString());
        }
        long errors = validation.violations().stream().filter(Violation::isError).count();
        long warnings = validation.violations().size() - errors;
        String version =
            "governance version "
                + governance.number()
                + (governance.isShippedDefault() ? " (the shipped default)" : "");
        if (!otherErrors.isEmpty()) {
          console.note(
              "error: "
                  + count(otherErrors.size(), "problem")
                  + " in the specs; fix them to check them against "
                  + version);
          return 1;
        }
        String summary =
            count(validation.specs().size(), "spec")
                + " checked against "
                + version
                + ": "
                + count(errors, "error")
                + ", "
                + count(warnings, "warning");
        if (errors > 0) {
          console.note("error: " + summary + "; deploy would refuse them");
          return 1;
        }
        console.note(summary);
        return 0;
      }
    }

    private static String count(long n, String noun) {
      return n + " " + noun + (n == 1 ? "" : "s");
    }
  }
}
