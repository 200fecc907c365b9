package io.quanta.cli;

import io.quanta.catalog.graph.BrokenLink;
import io.quanta.catalog.graph.IdentifierUsage;
import io.quanta.catalog.graph.JoinPath;
import io.quanta.catalog.graph.KnowledgeGraph;
import io.quanta.error.QuantaException;
import io.quanta.platform.Mesh;
import io.quanta.platform.api.ApiServer;
import io.quanta.platform.graph.GraphJson;
import io.quanta.spec.ProductId;
import io.quanta.spec.ProductRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "graph",
    description = {
      "The mesh's knowledge graph: identifier types, how products join, broken links.",
      "Columns hold a global identifier type by declaring it (semantic:) or by linking (links:) to a column that holds one. Two products join where a column of one links to a column of the other, or where both hold the same identifier type. See docs/graphs.md."
    },
    subcommands = {
      GraphCommand.Identifiers.class,
      GraphCommand.Path.class,
      GraphCommand.BrokenLinks.class
    })
final class GraphCommand extends MeshCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return 0;
  }

  /** What the subcommands share: the parent's mesh, the console and --format. */
  abstract static class Subcommand implements Callable<Integer> {
    @ParentCommand GraphCommand graph;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(
        names = "--format",
        defaultValue = "text",
        paramLabel = "FORMAT",
        description = "text or json (default: ${DEFAULT-VALUE}).")
    String format;

    @Override
    public Integer call() throws Exception {
      if (!format.equals("text") && !format.equals("json")) {
        throw QuantaException.invalidRequest("--format must be text or json, got '" + format + "'");
      }
      Console console = new Console(spec.commandLine().getOut(), spec.commandLine().getErr());
      try (Mesh mesh = graph.openMesh()) {
        return run(mesh, console);
      }
    }

    abstract int run(Mesh mesh, Console console) throws Exception;

    boolean json() {
      return format.equals("json");
    }

    static void printJson(Console console, Map<String, Object> body) throws Exception {
      console.println(
          ApiServer.objectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(body));
    }
  }

  static String count(long n, String noun) {
    return n + " " + (n == 1 ? noun : noun + "s");
  }

  @Command(
      name = "identifiers",
      description = {
        "List the identifier types and the products holding them, or one type's columns.",
        "Registered types come first (quanta governance show lists them), then types columns declare without their being registered."
      })
  static final class Identifiers extends Subcommand {
    @Parameters(
        index = "0",
        arity = "0..1",
        paramLabel = "TYPE",
        description = "An identifier type, e.g. user-id: list the columns holding it.")
    String type;

    @Override
    int run(Mesh mesh, Console console) throws Exception {
      KnowledgeGraph knowledge = mesh.graph().knowledge();
      if (type != null) {
        IdentifierUsage usage = knowledge.identifier(type);
        if (json()) {
          printJson(console, GraphJson.identifier(knowledge, usage));
          return 0;
        }
        console.println(
            usage.name()
                + (usage.registered() ? "" : "  (not registered)")
                + (usage.description().isEmpty() ? "" : "  " + usage.description()));
        if (usage.columns().isEmpty()) {
          console.println("  (no column holds it)");
          return 0;
        }
        List<List<String>> rows = new ArrayList<>();
        for (IdentifierUsage.Exposure exposure : usage.columns()) {
          rows.add(
              List.of(
                  "  " + exposure.column(),
                  exposure.type().toString(),
                  exposure.via().map(via -> "links to " + via).orElse("declared")));
        }
        console.table(List.of("  COLUMN", "TYPE", "HOLDS IT"), rows);
        return 0;
      }
      List<IdentifierUsage> usages = knowledge.identifiers();
      if (json()) {
        printJson(console, GraphJson.identifiers(knowledge, usages));
        return 0;
      }
      for (IdentifierUsage usage : usages) {
        console.println(
            usage.name()
                + "  ("
                + (usage.registered() ? "" : "not registered, ")
                + count(usage.columns().size(), "column")
                + " in "
                + count(usage.products().size(), "product")
                + ")"
                + (usage.description().isEmpty() ? "" : "  " + usage.description()));
        usage.products().forEach(product -> console.println("  " + product));
      }
      return 0;
    }
  }

  @Command(
      name = "path",
      description = {
        "Show how two products can be joined: the shortest chains of products, each step with the columns it joins on.",
        "Any one of a step's column pairs joins it; links come first."
      })
  static final class Path extends Subcommand {
    @Parameters(index = "0", paramLabel = "FROM", description = "domain/name or domain/name:major.")
    String from;

    @Parameters(index = "1", paramLabel = "TO", description = "domain/name or domain/name:major.")
    String to;

    @Override
    int run(Mesh mesh, Console console) throws Exception {
      ProductId start = mesh.specs().resolve(ProductRef.parse(from)).id();
      ProductId end = mesh.specs().resolve(ProductRef.parse(to)).id();
      KnowledgeGraph knowledge = mesh.graph().knowledge();
      List<JoinPath> paths = knowledge.paths(start, end);
      if (json()) {
        printJson(console, GraphJson.paths(knowledge, start, end, paths));
        return 0;
      }
      if (paths.isEmpty()) {
        console.println(
            "no way to join "
                + start
                + " and "
                + end
                + ": no chain of links or shared identifier types connects them");
        return 0;
      }
      int joins = paths.get(0).steps().size();
      console.println(
          start
              + " to "
              + end
              + ": "
              + paths.size()
              + (paths.size() == 1 ? " shortest path" : " shortest paths")
              + " of "
              + joins
              + (joins == 1 ? " join" : " joins")
              + (paths.size() == KnowledgeGraph.MAX_PATHS
                  ? " (the first " + paths.size() + ")"
                  : ""));
      for (int i = 0; i < paths.size(); i++) {
        JoinPath path = paths.get(i);
        console.println("");
        console.println(
            "path "
                + (i + 1)
                + ": "
                + String.join(" -> ", path.products().stream().map(ProductId::toString).toList()));
        for (JoinPath.Step step : path.steps()) {
          console.println("  " + step.from() + " JOIN " + step.to() + " ON one of");
          for (JoinPath.Condition condition : step.on()) {
            console.println("    " + condition);
          }
        }
      }
      return 0;
    }
  }

  @Command(
      name = "broken-links",
      description = {
        "List the links of deployed columns that no longer hold, and identifier types used without being registered.",
        "A link is broken when the product, major version, port or column it names is not deployed, when that column's type differs from the linking column's, or when the linking column declares a semantic the linked column does not hold."
      })
  static final class BrokenLinks extends Subcommand {
    @Override
    int run(Mesh mesh, Console console) throws Exception {
      KnowledgeGraph knowledge = mesh.graph().knowledge();
      List<BrokenLink> links = knowledge.brokenLinks();
      List<IdentifierUsage> unregistered = knowledge.unregistered();
      if (json()) {
        printJson(console, GraphJson.brokenLinks(knowledge, links, unregistered));
        return 0;
      }
      if (links.isEmpty()) {
        console.println("no broken link");
      } else {
        for (BrokenLink link : links) {
          console.println(link.column() + "  " + link.reason().specName());
          console.println("  " + link.message());
        }
      }
      for (IdentifierUsage usage : unregistered) {
        console.println("");
        console.println(
            "identifier type "
                + usage.name()
                + " is not registered; register it with quanta governance apply. Held by:");
        usage.columns().forEach(exposure -> console.println("  " + exposure.column()));
      }
      return 0;
    }
  }
}
