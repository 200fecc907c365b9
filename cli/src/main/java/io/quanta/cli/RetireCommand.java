package io.quanta.cli;

import io.quanta.platform.Mesh;
import io.quanta.platform.registry.ProductLifecycle;
import io.quanta.spec.ProductId;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "retire",
    description = {
      "Retire a deprecated product version after its sunset, once no consumer remains: no deployed product reads it and nobody but its own team read it in the consumer window (quanta consumers). Refused with the list of consumers otherwise.",
      "Retired, it serves nothing (HTTP 410 Gone, a CLI error naming the successor), does not run, leaves product lists and search (but --state retired), and its major version cannot be deployed again; its runs, deployments and checks stay. Its tables are dropped after lifecycle.retention (P30D). The product's owner and the governance role only."
    })
final class RetireCommand extends MeshCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "PRODUCT:MAJOR", description = "domain/name:major.")
  String product;

  @Option(
      names = "--force",
      description = "Retire now, before the sunset or with consumers (needs --reason).")
  boolean force;

  @Option(names = "--reason", paramLabel = "TEXT", description = "Why, for the consumers.")
  String reason;

  @Override
  public Integer call() {
    Console console = console();
    try (Mesh mesh = openMesh()) {
      ProductId id = LifecycleCommands.version(mesh, product);
      ProductLifecycle lifecycle =
          mesh.deprecations()
              .retire(id, reader(mesh).principal(), force, Optional.ofNullable(reason));
      ProductLifecycle.Retirement retirement = lifecycle.retirement().orElseThrow();
      console.println(
          "retired "
              + id
              + (retirement.forced() ? " (forced)" : "")
              + lifecycle
                  .deprecation()
                  .flatMap(ProductLifecycle.Deprecation::successor)
                  .map(successor -> "; its successor is " + successor)
                  .orElse(""));
      console.println(
          retirement
              .tablesDroppedAt()
              .map(at -> "  its tables were dropped (retention " + retention(mesh) + ")")
              .orElse(
                  "  its tables are dropped from "
                      + retirement.retiredAt().plus(mesh.deprecations().settings().retention())
                      + " (retention "
                      + retention(mesh)
                      + "); its history stays: quanta runs "
                      + id));
      return 0;
    }
  }

  private static String retention(Mesh mesh) {
    return mesh.deprecations().settings().retention().toString();
  }
}
