package io.quanta.cli;

import io.quanta.governance.Principal;
import io.quanta.governance.Reader;
import io.quanta.governance.policy.PortDecision;
import io.quanta.platform.Mesh;
import io.quanta.platform.auth.Authenticator;
import io.quanta.spec.Column;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "explain",
    description = {
      "Show what a principal may read of a port: allowed or not, which columns are masked how, which rows are filtered, which small groups are suppressed, and the rule behind each.",
      "",
      "Example: quanta policy explain users/user-profiles/profiles --as $ANALYST_TOKEN --purpose marketing"
    })
final class PolicyExplainCommand implements Callable<Integer> {
  @ParentCommand PolicyCommand policy;
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "PRODUCT/PORT",
      description = "The port, as domain/name/port or domain/name:major/port.")
  String port;

  @Option(
      names = "--as",
      paramLabel = "TOKEN",
      description =
          "The token (or JWT) of the principal to explain for; by default the command's own (--token or $QUANTA_TOKEN).")
  String as;

  @Override
  public Integer call() {
    Console console = new Console(spec.commandLine().getOut(), spec.commandLine().getErr());
    try (Mesh mesh = policy.openMesh()) {
      PortArgument.Resolved resolved = PortArgument.resolve(mesh, port);
      Reader own = policy.reader(mesh);
      Reader reader =
          as == null
              ? own
              : new Reader(
                  Authenticator.create(mesh.registry(), mesh.config())
                      .authenticate(Optional.of(as)),
                  own.purpose());
      PortDecision decision = mesh.policies().decide(resolved.id(), reader);
      for (String line : explain(resolved, reader, decision)) {
        console.println(line);
      }
      return 0;
    }
  }

  static List<String> explain(PortArgument.Resolved port, Reader reader, PortDecision decision) {
    Principal principal = reader.principal();
    List<String> lines = new ArrayList<>();
    lines.add(
        principal
            + " (groups: "
            + listed(principal.groups())
            + "; roles: "
            + listed(principal.roles())
            + "; attributes: "
            + (principal.attributes().isEmpty() ? "-" : principal.attributes())
            + reader.purpose().map(purpose -> "; purpose: " + purpose).orElse("")
            + ") reading "
            + port.id());
    lines.add("");
    lines.add("access: " + (decision.allowed() ? "allowed" : "DENIED"));
    decision.reasons().forEach(reason -> lines.add("  " + reason));
    if (!decision.allowed()) {
      return lines;
    }
    lines.add("");
    lines.add("columns:");
    int width = 0;
    for (Column column : port.output().schema()) {
      width = Math.max(width, column.name().length());
    }
    for (Column column : port.output().schema()) {
      PortDecision.AppliedMask mask = decision.masks().get(column.name());
      lines.add(
          "  "
              + pad(column.name(), width)
              + "  "
              + (mask == null ? "in clear" : mask.mask().describe() + "  (" + mask.rule() + ")"));
    }
    lines.add("");
    lines.add("rows:");
    if (decision.filters().isEmpty() && decision.minGroupSizes().isEmpty()) {
      lines.add("  every row");
    }
    for (PortDecision.AppliedFilter filter : decision.filters()) {
      List<String> bound = new ArrayList<>();
      filter
          .parameters()
          .forEach(
              parameter ->
                  bound.add(
                      ":"
                          + parameter.name()
                          + " = "
                          + (parameter.value() == null
                              ? "(none: no row passes)"
                              : parameter.value())));
      lines.add(
          "  where "
              + filter.where()
              + (bound.isEmpty() ? "" : "  with " + String.join(", ", bound))
              + "  ("
              + filter.rule()
              + ")");
    }
    for (PortDecision.AppliedMinGroupSize group : decision.minGroupSizes()) {
      lines.add(
          "  rows with "
              + group.countColumn()
              + " < "
              + group.k()
              + " suppressed  ("
              + group.rule()
              + ")");
    }
    return lines;
  }

  private static String listed(java.util.Collection<String> values) {
    return values.isEmpty() ? "-" : String.join(", ", values);
  }

  private static String pad(String text, int width) {
    return text + " ".repeat(Math.max(0, width - text.length()));
  }
}
