package io.quanta.cli;

import io.quanta.platform.Mesh;
import io.quanta.platform.lifecycle.Consumers;
import io.quanta.platform.registry.ProductLifecycle;
import io.quanta.ports.sql.ReadOptions;
import io.quanta.spec.ProductId;
import io.quanta.spec.ProductRef;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "deprecate",
    description = {
      "Deprecate a product version: it keeps serving and running until it is retired, after its sunset (quanta retire).",
      "Its discovery document, search, the web UI and HTTP responses (Deprecation, Sunset and Link headers) say so; runs of products reading it warn, and deploying a new consumer warns (or is refused, with lifecycle.refuse-new-consumers-of-deprecated). The product's owner and the governance role only. Deprecating again changes the sunset, successor or reason."
    })
final class DeprecateCommand extends MeshCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "PRODUCT:MAJOR", description = "domain/name:major.")
  String product;

  @Option(
      names = "--sunset",
      required = true,
      paramLabel = "DATE",
      description = "From when it may be retired: a date (2027-01-31, midnight UTC) or a time.")
  String sunset;

  @Option(
      names = "--successor",
      paramLabel = "PRODUCT:MAJOR",
      description = "The deployed version consumers should move to, e.g. podcasts/play-events:2.")
  String successor;

  @Option(names = "--reason", paramLabel = "TEXT", description = "Why, for the consumers.")
  String reason;

  @Override
  public Integer call() {
    Console console = console();
    try (Mesh mesh = openMesh()) {
      ProductId id = LifecycleCommands.version(mesh, product);
      Optional<ProductId> next = Optional.empty();
      if (successor != null) {
        ProductRef ref = ProductRef.parse(successor);
        next = Optional.of(LifecycleCommands.version(mesh, ref.toString()));
      }
      var principal = reader(mesh).principal();
      ProductLifecycle lifecycle =
          mesh.deprecations()
              .deprecate(
                  id,
                  principal,
                  ReadOptions.parseTime("--sunset", sunset),
                  next,
                  Optional.ofNullable(reason));
      ProductLifecycle.Deprecation deprecation = lifecycle.deprecation().orElseThrow();
      console.println(
          "deprecated "
              + id
              + ": sunset "
              + LifecycleCommands.day(deprecation.sunset())
              + deprecation.successor().map(s -> ", successor " + s).orElse(", no successor")
              + deprecation.reason().map(r -> " (" + r + ")").orElse(""));
      Consumers consumers =
          mesh.consumers()
              .of(
                  id,
                  principal,
                  mesh.clock().instant().minus(mesh.deprecations().settings().consumerWindow()));
      if (consumers.any()) {
        console.println("Consumers to tell:");
        LifecycleCommands.print(console, consumers);
      }
      return 0;
    }
  }
}
